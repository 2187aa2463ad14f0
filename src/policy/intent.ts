/**
 * Classifies an inbound text on the pre-sales WhatsApp number (policy clause 1): is the customer
 * asking before buying, asking for post-purchase support (which the policy sends to tickets or the
 * paid line), asking for paid or urgent help, or just saying hello?
 *
 * Design: weighted signals. Each rule is a group of short phrases over normalised text with a weight
 * for one intent; the highest total wins. Single words mislead ("error" appears in pre-sales questions
 * too), so the rules read the situation instead: a hypothetical purchase against a past one, inverted
 * questions ("does it…") against statements ("it shows…"), and problems count only when stated as
 * fact, not inside an "if" clause. Pure and dependency-free; `signals` explain a decision to agents.
 */

export type Intent = "presales" | "support" | "premium" | "unclear";

type Scored = Exclude<Intent, "unclear">;

interface Rule {
  name: string;
  intent: Scored;
  weight: number;
  pattern: RegExp;
  /** "stated": ignored inside an if-clause ("if it doesn't work…" is a question, not a report).
   *  "question": counts only when the message is a question. */
  when?: "stated" | "question";
}

/** Typos and WhatsApp spellings, grouped under the word the rules expect. */
const TYPO_GROUPS: Record<string, string> = {
  the: "teh",
  you: "u",
  your: "ur",
  please: "pls plz",
  thanks: "thx",
  what: "wat",
  license: "licence lisence lisense licens",
  licencia: "licensia lisencia",
  compatible: "compatable compatibel compatble",
  extension: "extention extencion extesion",
  funciona: "funsiona funcina fucniona funicona",
  installed: "instaled",
  installing: "instaling",
  received: "recieved recived",
  receive: "recieve",
  refund: "refound",
  reembolso: "rembolso reembolzo",
  precio: "presio",
  descuento: "descuesto",
  urgente: "urjente",
  urgent: "urgnt",
  que: "q k",
  porque: "xq pq porq",
  opencart: "opencar",
  modulo: "modullo",
};
const TYPOS = new Map(
  Object.entries(TYPO_GROUPS).flatMap(([word, typos]) => typos.split(" ").map((t) => [t, word] as const)),
);

/**
 * Lowercase, strip accents (customers often type without them, so the rules never rely on them),
 * drop apostrophes so "doesn't" and "doesnt" match alike, turn ¿¡ into spaces, shorten letters
 * repeated for emphasis ("holaaa", "urgenteee") and fix common typos word by word.
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
  return flat.replace(/\p{L}+/gu, (word) => TYPOS.get(word) ?? word);
}

/** Work someone would pay the owner to do, as opposed to a product they would buy. */
const WORK_WORDS = [
  /hora|hour|trabajo|work|job|help|ayuda|for me|set ?up|fix\w*|design\w*|disen\w*/,
  /personaliz\w*|instal\w*|configur\w*|migra\w*|arregl\w*/,
];
const WORK = `(?:${WORK_WORDS.map((r) => r.source).join("|")})`;

/** A rule fires when any of its phrases occurs as whole words. */
function rule(intent: Scored, weight: number, name: string, phrases: RegExp[], when?: Rule["when"]): Rule {
  const source = phrases.map((p) => `(?:${p.source})`).join("|");
  return { intent, weight, name, when, pattern: new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, "g") };
}

// biome-ignore format: a phrase table reads best laid out by hand, a few phrases per line
const RULES: readonly Rule[] = [
  // ── Pre-sales: the purchase is still ahead ──────────────────────────────────────────────────────
  rule("presales", 3, "hypothetical-purchase", [
    /if (i|we) (buy|purchase|order|get)/, /si (lo |la |los |las )?(compro|compramos|adquiero|pago)/,
    /should i (buy|get|purchase|choose)/, /before (buying|purchasing|i buy|i purchase|i pay|paying|i order)/,
    /antes de (comprar|pagar|adquirir|la compra)/]),
  rule("presales", 2, "wants-to-buy", [
    /thinking (about|of) (buying|getting)/, /(planning|want) to (buy|purchase)/, /interested in/,
    /me interesa/, /(quiero|quisiera) (comprar|adquirir)/, /(quiero|queria|quisiera) saber/,
    /(want|would like) to know/, /wondering/, /pensando en comprar/, /estoy interesad[oa]/]),
  rule("presales", 2, "price", [
    /price|pricing|costs?|how much|precio|valor|cuanto (cuesta|sale|vale|es|cobran)/,
    /discount|descuento|coupon|cupon|promo|oferta|offer|bundle|pack|gratis|free/,
    /lifetime|de por vida|pago unico|one.?time|subscription|suscripcion/]),
  rule("presales", 2, "try-first", [/demo|trial|prueba|probar|screenshots?|capturas|video/]),
  rule("presales", 2, "compatibility", [
    /compatible|compatibilidad|supports?|soporta/,
    /(work|works|run|runs|funciona|sirve|anda|trabaja|corre) (with|on|con|en|para)/]),
  rule("presales", 2, "inclusion", [/included|includes?|incluye|incluid[oa]|trae|viene con|comes with/]),
  // English inverts subject and verb in questions; statements ("it does…") don't.
  rule("presales", 2, "product-question", [
    /(does|do|will|would|is|are|could) (it|the|this|that|your|you|there|these|they)/,
    /can (it|the|this|your)/]),
  rule("presales", 1, "can-i", [/can (i|we)|puedo|podemos|se pueden?/]),
  // Spanish questions keep statement word order: the same verbs only count with a question.
  rule("presales", 1, "feature-question", [
    /(?<!no )(tiene|tienen|hay|permite|genera|muestra|acepta|aceptan|hacen|ofrecen|manejan|es multi)/,
    /has|have|allow|generate|export|accept|offer/], "question"),
  // "A question about the SEO module": announcing a question, before any problem is stated.
  rule("presales", 1, "asks-about", [
    /(pregunta|consulta|duda|question|query|inquiry) (sobre|acerca|about|regarding|on|de|del|con) (el|la|los|las|su|sus|tu|the|your|this|one|un|una)/]),
  rule("presales", 1, "hypothetical", [/if|what if|in case|what happens|si(?!,)|que pasa si|en caso/]),
  rule("presales", 1, "policy-question", [
    /refund policy|politica de (reembolso|devolucion)|per domain|por dominio|licencia para|license for/,
    /diferencia|difference/]),

  // ── Support: the purchase is behind, and something happened ─────────────────────────────────────
  // Spanish first-person preterites ("compré", "instalé") lose their accent in normalisation; only
  // rare subjunctives ("que instale") collide. WhatsApp English often drops the subject ("Bought it…").
  rule("support", 3, "past-purchase", [
    /^(bought|purchased|ordered|paid for)/,
    /(i|we|ive|weve|i have|we have|just|already) (bought|purchased|ordered|paid)/,
    /compre|compramos el|adquiri|pague|hice (la|el) (compra|pedido|pago)|ya (lo |la )?(compre|pague|tengo)/,
    /(que|lo|la) (les |te )?compre/], "stated"),
  rule("support", 3, "past-setup", [
    /(i|we|ive|weve|i have|we have|just|already) (installed|downloaded|updated|upgraded|uploaded|activated)/,
    /(i|we|ive|weve|i have|we have|just|already) (renewed|added|reinstalled|moved|migrated)/,
    /instale|actualice|descargue|reinstale|subi|intente|probe|cambie|borre/,
    /mande|envie|escribi|puse|cargue|segui/,
    /(ya |lo |la )active|active (la|el) (licencia|modulo)/], "stated"),
  rule("support", 3, "after-setup", [
    /after (installing|installation|the install|updating|upgrading|the update|the upgrade|reinstalling)/,
    /after (activating|i|we)/,
    /since (i|we|yesterday|the update|the upgrade|installing|updating|this morning|last)/,
    /until (i|we)/, /\d+ (days|weeks|months) ago/, /(has|have) been (down|broken|failing|showing|giving|not)/,
    /despues de (la instalacion|la actualizacion|(instalar|actualizar|activar)(lo|la|los|las)?)/,
    /desde (que|hace|el update|la actualizacion|ayer|anoche|esta manana|la semana pasada|el mes pasado)/,
    /desde el (lunes|martes|miercoles|jueves|viernes|sabado|domingo)/,
    /hace (\d+|un|una|unos|unas|dos|tres) (dias|horas|semanas|meses)/], "stated"),
  rule("support", 3, "mine", [
    /(my|our) (license|key|order|purchase|download|account|support|subscription)/,
    /mi (licencia|clave|pedido|orden|compra|numero de (pedido|orden)|descarga|suscripcion|soporte)/],
    "stated"),
  rule("support", 3, "order-number", [
    /(order|pedido|orden|compra|invoice)( number| no\.?| n| numero)?( is| es)? ?#? ?\d{3,}/, /#\d{3,}/]),
  rule("support", 3, "license-key", [/(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]{4,}(-[a-z0-9]{4,}){2,}/]),
  rule("support", 3, "error-trace", [
    /fatal error|parse error|syntax error|warning:|notice:|uncaught|exceptions?|stack trace|sqlstate/,
    /undefined (index|variable|method|offset|property|function)|[a-z0-9_]+\.php|line \d+/,
    /internal server error|(500|403|404) error/]),
  rule("support", 3, "refund", [
    /refund|reembolso|devolucion|money back|chargeback|devuelvan|mi dinero/], "stated"),
  rule("support", 3, "charged", [
    /charged (me )?twice|was charged|double charged|charging .* twice|me cobraron|cobro doble|cobrado dos/]),
  rule("support", 3, "ticket", [
    /tickets?|nadie (me )?(responde|contesta)|no ?(one|body) (answers|replied|responds)/]),
  // Problems stated as fact ("doesn't work"); the "stated" guard drops "if it doesn't work…".
  rule("support", 2, "failure", [
    /(not|isnt|arent|doesnt|dont|didnt|wont|cant|cannot|never) (work|working|load|loading|show|showing)/,
    /(not|isnt|arent|doesnt|dont|didnt|wont|cant|cannot|never) (appear|appearing|send|sending|save|saving)/,
    /(not|isnt|arent|doesnt|dont|didnt|wont|cant|cannot|never) (open|display|displaying|generat\w*|install)/,
    /(not|isnt|arent|doesnt|dont|didnt|wont|cant|cannot|never) (upload|activate|get|got|receive|received)/,
    /stopped|is broken|broke|blank|white screen|nothing (shows|happens)|does nothing|anymore|still not/,
    /(is|are|esta|estan|sale|salen) (wrong|incorrect\w*|mal)|(cant|cannot|couldnt) (get|make|find|see)/,
    /no (me )?(funciona|anda|sirve|aparece|muestra|carga|abre|envia|guarda|deja|puedo|llega|llego)/,
    /no (me )?(reconoce|valida|activa|descarga|recibo|recibi)|no (logro|consigo)|no pasa nada/,
    /dejo de|sigue sin|ya no|se rompio|esta roto|pantalla (en blanco|blanca)/,
    /(me|nos|se) (borro|elimino|rompio|desconfiguro|perdio|borraron|eliminaron)/], "stated"),
  rule("support", 2, "error-report", [
    /(me|nos) (sale|aparece|da|tira|salio)|da error/,
    /(getting|got|get|having)( me| us)? (an? |the |some )?error/,
    /(shows|showing|throws|throwing|gives|giving|gave)( me| us)? (an? |the |some )?error/,
    /(getting|got|get|shows|showing|gives|giving|gave|having)( me| us)? (an? |the |some )?(issue|problem)/,
    /(tengo|tenemos) (un |una )?(problema|error|falla|inconveniente)/,
    /(i|we) have (a|an|some) (problem|issue|error)|there is (a|an) (error|problem|bug)/], "stated"),
  rule("support", 2, "quotes-message", [
    /(it|installer|module|extension|plugin|page|admin) says|me dice que/,
    /(me )?(sale|aparece) (un )?(mensaje|aviso|cartel)/],
    "stated"),
  rule("support", 2, "license-admin", [
    /renew|renewal|renovar|renovacion|expired|vencio|caduco/,
    /activate (the |my )?license|activar (la )?licencia/,
    /change (the )?domain|cambiar (el )?dominio|reenvien|resend/], "stated"),
  rule("support", 2, "owns-it", [
    /i have (the|your) (module|extension|plugin)|we (have|use) your|estoy usando|ya lo tengo/,
    /tengo (el|la|su) (modulo|extension|plugin)|(lo|la) tengo instalad|tengo (la|una) version/,
    /(i have|we have|tengo|tenemos) (an? |una )?(active |valid )?(license|licencia)/]),
  rule("support", 2, "how-to-use", [
    /how (do|can) i (install|configure|set ?up|activate|use|download)|help me (install|configure|set)/,
    /(como|donde) (instalo|configuro|activo|descargo|hago para (instalar|configurar|activar))/,
    /ayud\w* a (instalar|configurar)|where (can|do) i (download|get support)/,
    /(necesito|quiero|como) actualizar\w*|(need|want|how do i|how to) (to )?update/]),
  rule("support", 2, "why-broken", [/why (is|does|do|isnt|doesnt|are)|por ?que no/]),

  // ── Premium: paid, urgent, direct help from the owner ───────────────────────────────────────────
  rule("premium", 3, "urgent", [
    /urgent|urgently|urgente|urgencia|asap|emergency|emergencia|critical|critico|socorro|auxilio|sos/]),
  rule("premium", 3, "premium-line", [
    /premium (support|help|line|number|service|whatsapp)|soporte premium|(numero|linea|whatsapp) premium/,
    /paid (\w+ )?(support|help)|soporte (pago|pagado|de pago)|ayuda pagada/]),
  rule("premium", 3, "will-pay", [
    /(ill|id|will|would|can|happy to|willing to|well) pay(?! (with|via|by|using|in|through))/,
    /pay for your time|pay you (to|for)|pagaria|pagariamos|(te|les) pago (para|por)|paid of course/,
    /(les |te )?pago (lo que sea|por hora|extra|premium)|pago lo que/,
    /whatever it costs|cueste lo que cueste/]),
  // Asking what the owner's time costs, not what a product costs.
  rule("premium", 3, "service-quote", [
    new RegExp(`(cuanto (me )?cobra\\w*|how much (do|would|will) you charge|what do you charge).*${WORK}`),
    new RegExp(`((your|sus|tus) (rates?|tarifas?)|tarifas?).*${WORK}`)]),
  rule("premium", 2, "paid-work", [
    /hourly|per hour|por hora|hours of work|horas de trabajo|one.on.one|uno a uno|need you on/,
    /paid (work|customi\w+|modification|development|job)|modificacion pagada|trabajo pagado/,
    /servicio de (instalacion|configuracion|diseno|migracion)|cuanto (me )?cobran/]),
  rule("premium", 2, "site-down", [
    /(site|store|shop|website|web|tienda|sitio|pagina) (is |esta |has been |went |se )?(down|offline)/,
    /(tienda|sitio|web|pagina) (esta |se )?(caida|caido|cayo)/,
    /se (me )?cayo|(tienda|web|sitio|pagina) no (abre|carga)|no abre/]),
  rule("premium", 2, "right-now", [
    /right now|immediately|today|ya mismo|ahora mismo|hoy mismo|cuanto antes|lo antes posible/]),
  rule("premium", 2, "fix-for-me", [
    /fix (my|our|the) (site|store|shop|website)|(arreglar|reparar)(me)? (mi|la|el) (web|tienda|sitio|pagina)/,
    /arreglarme|someone to fix/]),
  rule("premium", 2, "custom-work", [
    /custom (development|work|feature|module|changes?)|customi[sz]ation|a medida|desarrollo personalizado/,
    /hire (you|a developer)|developer for|contratar/,
    /(hire|need an?) (opencart )?(expert|dev|developer)/,
    /(contratar|necesito) (a )?(un )?(experto|desarrollador|programador)/,
    /migra\w* (mi|my|la|the|our) (tienda|store|site|shop|web)/,
    /ustedes lo hacen|do you do (it|that|this)|can you do (it|that|this) for me/]),
  rule("premium", 2, "losing-sales", [
    /losing (sales|money|customers)|perdiendo (ventas|dinero|clientes)|en plena venta|sale running/,
    /no (vendo|estoy vendiendo) nada|(cant|cannot) sell|black friday|cyber/]),
  rule("premium", 1, "call-me", [/call me|llamame|llamada/]),
];

/** Words that carry no request: a message made only of these is a greeting or an acknowledgement. */
const FILLER = new Set(
  (
    "hola hi hello hey there buenas buenos buen dia dias tardes noches good morning afternoon evening " +
    "gracias thanks thank you ok okay vale perfecto perfect una un consulta pregunta i have a question " +
    "tengo duda quick saludos greetings yes si no genial great cool excelente please por favor bye chau " +
    "adios hallo sir senor amigo friend all todos que tal how are r need necesito help ayuda ayudan " +
    "ayudar puedes pueden me can someone alguien info informacion information more mas so much muchas " +
    "muchisimas la el the for your su tu de nuevo again otra vez back " +
    // A click-to-WhatsApp ad's opener ("Hi from an ad click!", "Hola, vi su anuncio") asks nothing yet.
    "from an ad ads advert click clicked clic vi vengo del saw seen on en anuncio anuncios publicidad facebook instagram"
  ).split(" "),
);

/** Drops the greeting from the start so a question that follows is still seen as one. */
const GREETING = /^((hola|hi|hello|hey|buenas|buenos dias|buenas tardes|good morning|ok)\b[\s,!.]*)+/;
const QUESTION_WORDS = (
  "does do is are can could will would how what whats which where why who " +
  "cuanto cuanta cual como que donde hay tiene tienen funciona sirve puedo"
).split(" ");
const QUESTION_START = new RegExp(`^(${QUESTION_WORDS.join("|")}|se puede)\\b`);
/** "X or do I have to Y": a question even without the question mark. */
const CHOICE = /\b(o hay que|o tengo que|or do (i|we) have to|or not|o no)\b/;
/** A wish ("I need a module for…") on the pre-sales number is a pre-sales request. */
const WANTS = /\b(need|want|looking for|would like|busco|buscando|necesito|quiero|quisiera|me gustaria)\b/;

/** True when `index` sits inside an "if…" clause (a clause ends at , . ; ! ? or a newline). */
function inConditional(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const start = Math.max(...[",", ".", ";", "!", "?", "\n"].map((c) => before.lastIndexOf(c)));
  return /\b(if|in case|what if|whether|unless|si(?!,)|en caso)\b/.test(before.slice(start + 1));
}

export function classifyIntent(text: string): { intent: Intent; signals: string[] } {
  const norm = normalise(text);
  const words = norm.match(/[\p{L}\p{N}#]+/gu) ?? [];
  if (words.every((w) => FILLER.has(w) || FILLER.has(w.replace(/(\p{L})\1+/gu, "$1")))) {
    return { intent: "unclear", signals: [words.length === 0 ? "empty" : "greeting"] };
  }
  const body = norm.replace(GREETING, "");
  const isQuestion = norm.includes("?") || QUESTION_START.test(body) || CHOICE.test(body);

  const score = { presales: 0, support: 0, premium: 0 };
  const signals: string[] = [];
  for (const r of RULES) {
    if (r.when === "question" && !isQuestion) continue;
    const hits = [...body.matchAll(r.pattern)];
    if (!hits.some((m) => r.when !== "stated" || !inConditional(body, m.index))) continue;
    score[r.intent] += r.weight;
    signals.push(r.name);
  }
  // Asking something on the pre-sales number leans pre-sales; stated past facts outweigh it.
  if (isQuestion) {
    score.presales += 1;
    signals.push("question");
  }

  // Urgent or paid help belongs on the owner's premium line whatever else the message says.
  if (score.premium >= 3) return { intent: "premium", signals };
  // Ties go to pre-sales: answering a buyer is cheaper than turning them away as "support".
  if (score.support > score.presales) return { intent: "support", signals };
  if (score.presales > 0) return { intent: "presales", signals };
  // No rule fired. Pre-sales messages are questions or wishes; a bare description of how
  // something behaves ("emails go to spam") is someone reporting a problem.
  if (WANTS.test(body)) return { intent: "presales", signals: [...signals, "wants"] };
  if (words.length >= 3) return { intent: "support", signals: [...signals, "describes-behaviour"] };
  return { intent: "unclear", signals: [...signals, "no-signal"] };
}
