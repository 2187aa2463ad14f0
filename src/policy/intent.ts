/**
 * Classifies an inbound text on the pre-sales WhatsApp number (policy clause 1): is the customer
 * asking before buying, asking for post-purchase support (which the policy sends to tickets or the
 * paid line), asking for paid/urgent help, or just saying hello?
 *
 * Design: weighted signals. Each rule is a readable regex over normalised text with a weight for one
 * intent; the highest total wins. Single words mislead ("error" appears in pre-sales questions too),
 * so the rules look at the situation instead: hypothetical purchase vs past-tense purchase,
 * inverted questions ("does it…") vs statements ("it shows…"), and problem reports only when stated
 * as fact, not inside an "if" clause.
 */

export type Intent = "presales" | "support" | "premium" | "unclear";

interface Rule {
  name: string;
  intent: "presales" | "support" | "premium";
  weight: number;
  pattern: RegExp;
  /** Only counts outside a conditional clause: "if it doesn't work…" is a question, not a report. */
  stated?: boolean;
  /** Only counts when the message is a question. */
  inQuestion?: boolean;
}

/** Typos and spellings seen on WhatsApp, mapped to the word the rules expect. */
const TYPOS: Record<string, string> = {
  teh: "the",
  u: "you",
  ur: "your",
  pls: "please",
  plz: "please",
  thx: "thanks",
  wat: "what",
  licence: "license",
  lisence: "license",
  lisense: "license",
  licens: "license",
  licensia: "licencia",
  lisencia: "licencia",
  compatable: "compatible",
  compatibel: "compatible",
  compatble: "compatible",
  extention: "extension",
  extencion: "extension",
  extesion: "extension",
  funsiona: "funciona",
  funcina: "funciona",
  fucniona: "funciona",
  funicona: "funciona",
  instaled: "installed",
  instaling: "installing",
  recieved: "received",
  recived: "received",
  recieve: "receive",
  refound: "refund",
  rembolso: "reembolso",
  reembolzo: "reembolso",
  presio: "precio",
  descuesto: "descuento",
  urjente: "urgente",
  urgnt: "urgent",
  q: "que",
  k: "que",
  xq: "porque",
  pq: "porque",
  porq: "porque",
  opencar: "opencart",
  modullo: "modulo",
};

/**
 * Lowercase, strip accents (customers often type without them), drop apostrophes so "doesn't" and
 * "doesnt" match alike, turn ¿¡ into spaces, shorten letters repeated for emphasis ("holaaa",
 * "urgenteee") and fix common typos word by word.
 */
export function normalise(text: string): string {
  const flat = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’`´]/g, "")
    .replace(/[¿¡]/g, " ")
    .replace(/(\p{L})\1{2,}/gu, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return flat.replace(/\p{L}+/gu, (word) => TYPOS[word] ?? word);
}

const R = (
  intent: Rule["intent"],
  weight: number,
  name: string,
  pattern: RegExp,
  extra: Partial<Rule> = {},
): Rule => ({ intent, weight, name, pattern, ...extra });

const RULES: readonly Rule[] = [
  // ── Pre-sales: the purchase is still ahead ─────────────────────────────────────────────────
  R(
    "presales",
    3,
    "hypothetical-purchase",
    /\b(if (i|we) (buy|purchase|order|get)|si (lo |la |los |las )?(compro|compramos|adquiero|pago)|should i (buy|get|purchase|choose)|before (buying|purchasing|i buy|i purchase|i pay|paying|i order)|antes de (comprar|pagar|adquirir|la compra))\b/,
  ),
  R(
    "presales",
    2,
    "wants-to-buy",
    /\b(thinking (about|of) (buying|getting)|planning to (buy|purchase)|want to (buy|purchase)|interested in|me interesa|quiero (comprar|adquirir)|quisiera (comprar|saber)|(quiero|queria) saber|(want|would like) to know|wondering|pensando en comprar|estoy interesad)/,
  ),
  R(
    "presales",
    2,
    "price",
    /\b(price|pricing|costs?|how much|precio|cuanto (cuesta|sale|vale|es|cobran)|valor|discount|descuento|coupon|cupon|promo|oferta|offer|bundle|pack|gratis|free|lifetime|de por vida|pago unico|one.?time|subscription|suscripcion)\b/,
  ),
  R("presales", 2, "try-first", /\b(demo|trial|prueba|probar|screenshots?|capturas|video)\b/),
  R(
    "presales",
    2,
    "compatibility",
    /\b(compatible|compatibilidad|(work|works|run|runs|funciona|sirve|anda|trabaja|corre) (with|on|con|en|para)|supports?|soporta)\b/,
  ),
  R(
    "presales",
    2,
    "inclusion",
    /\b(included|include|includes|incluye|incluido|incluida|trae|viene con|comes with)\b/,
  ),
  R(
    "presales",
    2,
    "product-question",
    /\b(does|do|will|would|is|are|could) (it|the|this|that|your|you|there|these|they)\b|\bcan (it|the|this|your)\b/,
  ),
  R("presales", 1, "can-i", /\b(can (i|we)|puedo|podemos|se puede|se pueden)\b/),
  R(
    "presales",
    1,
    "feature-question",
    /(?<!no )\b(tiene|tienen|hay|permite|genera|muestra|acepta|aceptan|hacen|ofrecen|manejan|es multi|has|have|allow|generate|export|accept|offer)\b/,
    { inQuestion: true },
  ),
  R("presales", 1, "hypothetical", /\b(if|what if|in case|what happens|si(?!,)|que pasa si|en caso)\b/),
  R(
    "presales",
    1,
    "policy-question",
    /\b(refund policy|politica de (reembolso|devolucion)|per domain|por dominio|licencia para|license for|diferencia|difference)\b/,
  ),
  // ── Support: the purchase is behind, and something happened ────────────────────────────────
  R(
    "support",
    3,
    "past-purchase",
    /(^(bought|purchased|ordered|paid for) |\b(i|we|ive|weve|i have|we have|just|already) (bought|purchased|ordered|paid)|\bhice el pago|compre|compramos el|adquiri|pague|hice (la|el) (compra|pedido|pago)|ya (lo |la )?(compre|pague|tengo)|(que|lo|la) (les |te )?compre)\b/,
    { stated: true },
  ),
  R(
    "support",
    3,
    "past-setup",
    /\b((i|we|ive|weve|i have|we have|just|already) (installed|downloaded|updated|upgraded|uploaded|activated|renewed|added|reinstalled|moved|migrated)|instale|actualice|descargue|(ya |lo |la )active|active (la|el) (licencia|modulo)|subi|reinstale|intente|probe|cambie|borre|mande|envie|escribi|puse|cargue|segui)\b/,
    { stated: true },
  ),
  R(
    "support",
    3,
    "after-setup",
    /(\b\d+ (days|weeks|months) ago|\bhace (\d+|un|una|unos|unas|dos|tres) (dias|semanas|meses)|\bafter (installing|installation|the install|updating|upgrading|the update|the upgrade|reinstalling|activating|i |we )|since (i|we|yesterday|the update|the upgrade|installing|updating|this morning|last)|until (i|we) |despues de (instalar|la instalacion|actualizar|la actualizacion|activar)|desde (que|hace|el update|la actualizacion|ayer|anoche|esta manana|la semana pasada|el mes pasado|el (lunes|martes|miercoles|jueves|viernes|sabado|domingo))|hace \d+ (dias|horas|semanas)|(has|have) been (down|broken|failing|showing|giving|not))/,
    { stated: true },
  ),
  R(
    "support",
    3,
    "mine",
    /\b(my|our) (license|key|order|purchase|download|account|support|subscription)\b|\bmi (licencia|clave|pedido|orden|compra|numero de (pedido|orden)|descarga|suscripcion|soporte)\b/,
    { stated: true },
  ),
  R(
    "support",
    3,
    "order-number",
    /\b(order|pedido|orden|compra|invoice)( number| no\.?| n| numero)?( is| es)? ?#? ?\d{3,}|#\d{3,}/,
  ),
  R("support", 3, "license-key", /\b(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]{4,}(-[a-z0-9]{4,}){2,}\b/),
  R(
    "support",
    3,
    "error-trace",
    /(fatal error|parse error|syntax error|warning:|notice:|undefined (index|variable|method|offset|property|function)|uncaught|exception|stack trace|sqlstate|\.php\b|\bline \d+|internal server error|\b(500|403|404) error)/,
  ),
  R("support", 3, "refund", /\b(refund|reembolso|devolucion|money back|chargeback|devuelvan|mi dinero)\b/, {
    stated: true,
  }),
  R(
    "support",
    3,
    "charged",
    /\b(charged (me )?twice|was charged|double charged|charging .* twice|me cobraron|cobro doble|cobrado dos)\b/,
  ),
  R(
    "support",
    2,
    "failure",
    /\b((not|isnt|arent|doesnt|dont|didnt|wont|cant|cannot|never) (work|working|load|loading|show|showing|appear|appearing|send|sending|save|saving|open|display|displaying|generat\w*|install|upload|activate|get|got|receive|received)|stopped|is broken|broke|blank|nothing (shows|happens)|does nothing|no (me )?(funciona|anda|sirve|aparece|muestra|carga|abre|envia|guarda|deja|puedo|llega|llego|reconoce|valida|activa|descarga|recibo|recibi)|dejo de|sigue sin|ya no|se rompio|esta roto|pantalla en blanco|anymore|still not|white screen|pantalla blanca|(is|are|esta|estan|sale|salen) (wrong|incorrect\w*|mal)|no pasa nada|no (logro|consigo)|(cant|cannot|couldnt) (get|make|find|see)|(me|nos|se) (borro|elimino|rompio|desconfiguro|perdio|borraron|eliminaron))\b/,
    { stated: true },
  ),
  R(
    "support",
    2,
    "error-report",
    /\b((me|nos) (sale|aparece|da|tira|salio)|da error|(getting|got|get|shows|showing|throws|throwing|gives|giving|gave|having)( me| us)? (an |a |the |this |some )?(error|issue|problem|warning)|(tengo|tenemos) (un |una )?(problema|error|falla|inconveniente)|(i|we) have (a|an|some) (problem|issue|error)|there is (a|an) (error|problem|bug))/,
    { stated: true },
  ),
  R(
    "support",
    2,
    "quotes-message",
    /\b((it|installer|module|extension|plugin|page|admin) says|me dice que|(me )?(sale|aparece) (un )?(mensaje|aviso|cartel))\b/,
    { stated: true },
  ),
  R(
    "support",
    2,
    "license-admin",
    /\b(renew|renewal|renovar|renovacion|expired|vencio|caduco|activate (the |my )?license|activar (la )?licencia|change (the )?domain|cambiar (el )?dominio|reenvien|resend)\b/,
    { stated: true },
  ),
  R(
    "support",
    2,
    "owns-it",
    /\b(i have (the|your) (module|extension|plugin)|we (have|use) your|tengo (el|la|su) (modulo|extension|plugin)|(lo|la) tengo instalad|tengo (la|una) version|(i have|we have|tengo|tenemos) (an? |una )?(active |valid )?(license|licencia)( activa)?|estoy usando|ya lo tengo)\b/,
  ),
  R(
    "support",
    2,
    "how-to-use",
    /\b(how (do|can) i (install|configure|set ?up|activate|use|download)|help me (install|configure|set)|(como|donde) (instalo|configuro|activo|descargo|hago para (instalar|configurar|activar))|ayud\w* a (instalar|configurar)|where (can|do) i (download|get support)|(necesito|quiero|como) actualizar\w*|(need|want|how do i|how to) (to )?update)\b/,
  ),
  R(
    "support",
    3,
    "ticket",
    /\b(tickets?|nadie (me )?(responde|contesta)|no (one|body) (answers|replied|responds))\b/,
  ),
  R("support", 2, "why-broken", /\bwhy (is|does|do|isnt|doesnt|are)\b|\bpor ?que no\b/),
  // ── Premium: paid, urgent, direct help ─────────────────────────────────────────────────────
  R(
    "premium",
    3,
    "urgent",
    /\b(urgent|urgently|urgente|urgencia|asap|emergency|emergencia|critical|critico|socorro|auxilio|sos)\b/,
  ),
  R(
    "premium",
    3,
    "premium-line",
    /\b(premium (support|help|line|number|service|whatsapp)|soporte premium|(numero|linea|whatsapp) premium|paid (\w+ )?(support|help)|soporte (pago|pagado|de pago)|ayuda pagada)\b/,
  ),
  R(
    "premium",
    3,
    "will-pay",
    /\b((ill|id|will|would|can|happy to|willing to|well) pay(?! (with|via|by|using|in|through))|pay for your time|pay you (to|for)|pagaria|pagariamos|te pago (para|por)|les pago (para|por)|(les |te )?pago (lo que sea|por hora|extra|premium)|paid of course|pago lo que|whatever it costs|cueste lo que cueste|sin importar el (precio|costo))\b/,
  ),
  R(
    "premium",
    3,
    "service-quote",
    /\b(cuanto (me )?cobra\w*|how much (do|would|will) you charge|what do you charge|(your|sus|tus) (rates?|tarifas?)|tarifas?)\b.*\b(hora|hour|trabajo|work|job|instal\w*|set ?up|configur\w*|migra\w*|arregl\w*|fix\w*|design\w*|disen\w*|personaliz\w*|help|ayuda|for me)\b/,
  ),
  R(
    "premium",
    2,
    "paid-work",
    /\b(hourly|per hour|por hora|paid (work|customi\w+|modification|development|job)|modificacion pagada|hours of work|horas de trabajo|one.on.one|uno a uno|need you on|servicio de (instalacion|configuracion|diseno|migracion)|trabajo pagado|cuanto (me )?cobran)\b/,
  ),
  R(
    "premium",
    2,
    "site-down",
    /\b((site|store|shop|website|web|tienda|sitio|pagina) (is |esta |has been |went |se )?(down|caida|caido|offline|cayo)|se (me )?cayo|(tienda|web|sitio|pagina) no (abre|carga)|no abre)\b/,
  ),
  R(
    "premium",
    2,
    "right-now",
    /\b(right now|immediately|ya mismo|ahora mismo|hoy mismo|cuanto antes|lo antes posible|today)\b/,
  ),
  R(
    "premium",
    2,
    "fix-for-me",
    /\b(fix (my|our|the) (site|store|shop|website)|(arreglar|reparar)(me)? (mi|la|el) (web|tienda|sitio|pagina)|arreglarme|someone to fix)\b/,
  ),
  R(
    "premium",
    2,
    "custom-work",
    /\b(custom (development|work|feature|module|changes?)|customi[sz]ation|a medida|desarrollo personalizado|hire (you|a developer)|developer for|contratar|(hire|contratar|need an?|necesito un) (opencart )?(expert|experto|dev|developer|desarrollador|programador)|migra\w* (mi|my|la|the|our) (tienda|store|site|shop|web)|ustedes lo hacen|do you do (it|that|this)|can you do (it|that|this) for me)\b/,
  ),
  R(
    "premium",
    2,
    "losing-sales",
    /\b(losing (sales|money|customers)|perdiendo (ventas|dinero|clientes)|en plena venta|no (vendo|estoy vendiendo) nada|(cant|cannot) sell|sale running|black friday|cyber)\b/,
  ),
  R("premium", 1, "call-me", /\b(call me|llamame|llamada)\b/),
];

/** Words that carry no request: a message made only of these is a greeting or an acknowledgement. */
const FILLER = new Set(
  (
    "hola hi hello hey there buenas buenos buen dia dias tardes noches good morning afternoon evening " +
    "gracias thanks thank you ok okay vale perfecto perfect una un consulta pregunta i have a question " +
    "tengo duda quick saludos greetings yes si no genial great cool excelente please por favor bye chau " +
    "adios hallo sir senor amigo friend all todos que tal how are r need necesito help ayuda ayudan ayudar " +
    "puedes pueden me can someone alguien info informacion information more mas so much muchas muchisimas la el the for your su tu"
  ).split(" "),
);

/** "X or do I have to Y": a question even without the question mark. */
const CHOICE = /\b(o hay que|o tengo que|or do (i|we) have to|or not|o no)\b/;
/** Drops the greeting from the start so a question that follows is still seen as one. */
const GREETING = /^((hola|hi|hello|hey|buenas|buenos dias|buenas tardes|good morning|ok)\b[\s,!.]*)+/;
const QUESTION_START =
  /^(does|do|is|are|can|could|will|would|how|what|whats|which|where|why|who|cuanto|cuanta|cual|como|que|donde|hay|tiene|tienen|funciona|sirve|se puede|puedo)\b/;

const WANTS = /\b(need|want|looking for|would like|busco|buscando|necesito|quiero|quisiera|me gustaria)\b/;

/** True when the match at `index` sits inside an "if…" clause (clauses end at , . ; ! ? or a newline). */
function inConditional(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const clause = before.slice(
    Math.max(...[",", ".", ";", "!", "?", "\n"].map((c) => before.lastIndexOf(c))) + 1,
  );
  return /\b(if|in case|what if|whether|unless|si(?!,)|en caso)\b/.test(clause);
}

export function classifyIntent(text: string): { intent: Intent; signals: string[] } {
  const norm = normalise(text);
  const words = norm.match(/[\p{L}\p{N}#]+/gu) ?? [];
  if (words.every((w) => FILLER.has(w) || FILLER.has(w.replace(/(\p{L})\1+/gu, "$1")))) {
    return { intent: "unclear", signals: words.length === 0 ? ["empty"] : ["greeting"] };
  }
  const body = norm.replace(GREETING, "");
  const isQuestion = norm.includes("?") || QUESTION_START.test(body) || CHOICE.test(body);

  const score = { presales: 0, support: 0, premium: 0 };
  const signals: string[] = [];
  for (const rule of RULES) {
    if (rule.inQuestion && !isQuestion) continue;
    const flags = rule.pattern.flags.includes("g") ? rule.pattern.flags : `${rule.pattern.flags}g`;
    const hits = [...body.matchAll(new RegExp(rule.pattern.source, flags))];
    if (!hits.some((m) => !rule.stated || !inConditional(body, m.index))) continue;
    score[rule.intent] += rule.weight;
    signals.push(rule.name);
  }
  // A question to the pre-sales number leans pre-sales; stated past facts outweigh it.
  if (isQuestion) {
    score.presales += 1;
    signals.push("question");
  }

  // Urgent or paid help is the owner's line whatever else the message says.
  if (score.premium >= 3) return { intent: "premium", signals };
  if (score.support > score.presales) return { intent: "support", signals };
  if (score.presales > 0) return { intent: "presales", signals };
  // No rule fired. Pre-sales messages are questions or wishes ("I need a module for…"); a bare
  // description of how something behaves ("emails go to spam") is someone reporting a problem.
  if (WANTS.test(body)) return { intent: "presales", signals: [...signals, "wants"] };
  if (words.length >= 3) return { intent: "support", signals: [...signals, "describes-behaviour"] };
  return { intent: "unclear", signals: [...signals, "no-signal"] };
}
