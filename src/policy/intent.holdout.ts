import type { LabelledMessage } from "./intent.examples.js";

/**
 * Held-out messages: written before the classifier's rules existed, and never used to tune them.
 * Caveat: the same person then wrote the rules, having read these, so this set is only partly
 * independent; the blind sets recorded in intent.examples.ts give the sharper estimate (75 % on the
 * first, 92.5 % on the last). Do not edit an entry to make a test pass; add examples there instead.
 */
export const INTENT_HOLDOUT: readonly LabelledMessage[] = [
  // Spanish — pre-sales
  { text: "Buenas, el modulo de facturacion electronica sirve para Mexico?", intent: "presales", lang: "es" },
  { text: "tienen version de prueba del filtro de productos??", intent: "presales", lang: "es" },
  { text: "Cuanto sale la licencia para 2 dominios", intent: "presales", lang: "es" },
  {
    text: "Quisiera saber si el checkout rapido es compatible con el tema Journal 3",
    intent: "presales",
    lang: "es",
  },
  {
    text: "hola! me interesa la extension de whatsapp, se puede pagar con paypal?",
    intent: "presales",
    lang: "es",
  },
  {
    text: "La actualizacion a futuras versiones viene incluida en el precio?",
    intent: "presales",
    lang: "es",
  },
  { text: "si lo compro hoy me lo instalan ustedes o lo tengo q hacer yo", intent: "presales", lang: "es" },
  {
    text: "Estoy pensando en comprar el modulo de envios, tiene soporte para Correo Argentino?",
    intent: "presales",
    lang: "es",
  },
  {
    text: "Hacen descuento para agencias? tenemos varios clientes con opencart",
    intent: "presales",
    lang: "es",
  },
  {
    text: "que pasa si el cliente pone un cupon vencido, muestra algun mensaje?",
    intent: "presales",
    lang: "es",
  },
  // Spanish — support
  { text: "Ya lo instale pero no me aparece en el menu de extensiones", intent: "support", lang: "es" },
  {
    text: "Hola, adquiri el modulo la semana pasada y no me llego el archivo de descarga",
    intent: "support",
    lang: "es",
  },
  {
    text: "me sale pantalla en blanco cuando activo el modulo que les compre",
    intent: "support",
    lang: "es",
  },
  {
    text: "Buen dia. Mi numero de orden es 88213, necesito que me reenvien la licencia",
    intent: "support",
    lang: "es",
  },
  { text: "quiero la devolucion de mi dinero, el plugin no hace lo que dice", intent: "support", lang: "es" },
  { text: "desde que actualice opencart el filtro ya no muestra resultados", intent: "support", lang: "es" },
  {
    text: "Como configuro el modulo? ya lo tengo instalado pero no entiendo las opciones",
    intent: "support",
    lang: "es",
  },
  {
    text: "Error: Undefined index: product_id in catalog/controller/extension/module.php",
    intent: "support",
    lang: "es",
  },
  {
    text: "necesito cambiar el dominio de mi licencia, me mude a otro hosting",
    intent: "support",
    lang: "es",
  },
  // Spanish — premium / unclear
  {
    text: "Necesito soporte premium, mi tienda no carga desde esta mañana 🙏",
    intent: "premium",
    lang: "es",
  },
  { text: "Es urgente!!! se cayo la tienda y estamos en pleno cyber monday", intent: "premium", lang: "es" },
  {
    text: "Cuanto me cobran por arreglarme la tienda hoy mismo? pago lo que sea",
    intent: "premium",
    lang: "es",
  },
  { text: "buenas tardes", intent: "unclear", lang: "es" },
  { text: "👋🏻", intent: "unclear", lang: "es" },
  // English — pre-sales
  { text: "Hi, does your one page checkout work with OC 3.0.3.8?", intent: "presales", lang: "en" },
  { text: "whats the price for the bundle of all your extensions", intent: "presales", lang: "en" },
  { text: "Do you offer lifetime updates or is it 1 year only?", intent: "presales", lang: "en" },
  { text: "Is there a live demo of the admin side I can try", intent: "presales", lang: "en" },
  { text: "If i purchase now can I get a refund if it doesnt fit my theme?", intent: "presales", lang: "en" },
  {
    text: "Im interested in the SEO module. Will it generate sitemaps for multi language stores?",
    intent: "presales",
    lang: "en",
  },
  { text: "Does the module throw an error if the product has no image?", intent: "presales", lang: "en" },
  { text: "can I use one license on my dev site and live site", intent: "presales", lang: "en" },
  { text: "hey is the source code encrypted or can I modify it", intent: "presales", lang: "en" },
  // English — support
  {
    text: "I downloaded the extension but the zip wont upload in the installer",
    intent: "support",
    lang: "en",
  },
  {
    text: "Hello, I purchased your abandoned cart module yesterday. How do I set the email template?",
    intent: "support",
    lang: "en",
  },
  { text: "my license says invalid domain, key is HB7Q-22KD-91XZ", intent: "support", lang: "en" },
  {
    text: "getting a 500 internal server error on checkout since we installed your plugin",
    intent: "support",
    lang: "en",
  },
  { text: "The module was working fine until we upgraded PHP to 8.1", intent: "support", lang: "en" },
  { text: "I want my money back please, order 40217", intent: "support", lang: "en" },
  { text: "Where can I download the latest version of the module I bought?", intent: "support", lang: "en" },
  { text: "products are not showing in the filter anymore", intent: "support", lang: "en" },
  // English — premium / unclear
  {
    text: "Need someone ASAP, our checkout is broken and we're losing sales. Happy to pay",
    intent: "premium",
    lang: "en",
  },
  {
    text: "do you do paid customisation? I need a custom feature added today",
    intent: "premium",
    lang: "en",
  },
  { text: "How do I reach the premium support line?", intent: "premium", lang: "en" },
  { text: "hello?", intent: "unclear", lang: "en" },
  { text: "ok thanks", intent: "unclear", lang: "en" },
];
