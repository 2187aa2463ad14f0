/**
 * Which language to answer in (Spanish or English). Replies follow the customer's language; when a
 * text says too little ("ok", "👍", "OC 4.0.2.3?") the caller falls back to the phone number's
 * country, then to the vendor's default.
 */

import { normalise } from "./intent.js";

type Language = "es" | "en";

/**
 * Common words that belong to one language only. Words both languages share ("no", "a", "me",
 * "error", "demo", "ok", "premium") are left out on purpose: they say nothing about the language.
 */
const WORDS: Record<Language, ReadonlySet<string>> = {
  es: new Set(
    (
      "hola buenas buenos buen dias tardes noches gracias que el la los las de del y en es un una por para " +
      "con mi tengo quiero necesito funciona compre tienda modulo precio cuanto cuesta hay tiene " +
      "como pero ya se lo le su sus descuento licencia pedido ayuda urgente soporte esta puedo pueden sirve " +
      "cual donde cuando porque tambien muy bien instale despues antes comprar pague aparece dia hace " +
      "favor consulta pregunta perfecto vale saludos tu ustedes nos al son estoy"
    ).split(" "),
  ),
  en: new Set(
    (
      "hi hello hey thanks thank the an is are it does do can i my you your to of and for with not have has " +
      "will would how what price bought store working please need want there this that if on after before " +
      "when why where which buy purchase license order refund help urgent support work works doesnt dont " +
      "installed install update discount shop site good morning evening question just yes any get got was " +
      "were be we our they sorry about from"
    ).split(" "),
  ),
};

/** Characters only Spanish uses among the two. */
const SPANISH_MARKS = /[ñ¿¡áéíóú]/i;

export function detectLanguage(text: string): Language | undefined {
  const words = normalise(text).match(/\p{L}+/gu) ?? [];
  let es = SPANISH_MARKS.test(text) ? 1.5 : 0;
  let en = 0;
  for (const word of words) {
    if (WORDS.es.has(word)) es += 1;
    if (WORDS.en.has(word)) en += 1;
  }
  // Confident only when one language clearly leads; a mixed or empty text stays undecided.
  if (es >= 1 && es > en * 1.5) return "es";
  if (en >= 1 && en > es * 1.5) return "en";
  return undefined;
}

/**
 * Calling codes of Spanish-speaking countries: Spain 34, Mexico 52, Argentina 54, Chile 56, Colombia 57,
 * Peru 51, Venezuela 58, Cuba 53, Ecuador 593, Bolivia 591, Paraguay 595, Uruguay 598, Guatemala 502,
 * El Salvador 503, Honduras 504, Nicaragua 505, Costa Rica 506, Panama 507, Equatorial Guinea 240, and
 * inside North America's "1": the Dominican Republic 1809/1829/1849 and Puerto Rico 1787/1939.
 */
const SPANISH_CODES =
  "34 52 54 56 57 51 58 53 593 591 595 598 502 503 504 505 506 507 240 1809 1829 1849 1787 1939";
/**
 * Calling codes of English-speaking countries: North America 1 (after the Spanish-speaking area codes
 * above), UK 44, Australia 61, New Zealand 64, Ireland 353, South Africa 27, India 91, Nigeria 234,
 * Kenya 254, Ghana 233, Uganda 256, Zimbabwe 263.
 */
const ENGLISH_CODES = "1 44 61 64 353 27 91 234 254 233 256 263";

/** Longest code first, so "1809" (Spanish) is tried before "1" (English). */
const PREFIXES: readonly (readonly [string, Language])[] = [
  ...SPANISH_CODES.split(" ").map((code) => [code, "es"] as const),
  ...ENGLISH_CODES.split(" ").map((code) => [code, "en"] as const),
].sort((a, b) => b[0].length - a[0].length);

/**
 * The language most customers from the number's country speak. Accepts a WhatsApp id ("34600111222")
 * or a formatted number ("+34 600 11 12 22", "0034…"). Undefined when the country is unknown or the
 * input is too short to be an international number.
 */
export function languageFromPhone(waIdOrPhone: string): Language | undefined {
  const digits = waIdOrPhone.trim().replace(/^00/, "").replace(/[^\d]/g, "");
  if (digits.length < 8) return undefined;
  return PREFIXES.find(([code]) => digits.startsWith(code))?.[1];
}
