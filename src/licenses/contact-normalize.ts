/**
 * Input cleaning shared by the API, the import and the shop integration: phones to international
 * digits, emails lower-cased, domains to bare host names.
 */

/**
 * An international phone number as digits only (E.164 without the "+"), or undefined when the input
 * cannot be one: "+34 611 000 001" → "34611000001", "0044 7700 900001" → "447700900001".
 * A number without "+" or "00" is taken as already international (WhatsApp sends them that way).
 */
export function normalizePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^(\+|00)?[\d\s().\-/]+$/.test(trimmed)) return undefined;
  let digits = trimmed.replace(/\D/g, "");
  if (!trimmed.startsWith("+") && digits.startsWith("00")) digits = digits.slice(2);
  if (digits.length < 8 || digits.length > 15 || digits.startsWith("0")) return undefined;
  return digits;
}

/** "+34 611 00 00 01" for display from stored digits (country code kept apart when we know it). */
export function formatPhone(digits: string): string {
  return `+${digits}`;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(input: string): string | undefined {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) return undefined;
  return email;
}

/**
 * A store's host name as activated on a license: "https://WWW.Shop.example/admin" → "shop.example".
 * The "www." is dropped so a shop reached both ways counts once. Undefined when not a host name.
 */
export function normalizeDomain(input: string): string | undefined {
  let value = input.trim().toLowerCase();
  if (!value || value.length > 253) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(value)) value = `http://${value}`;
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return undefined;
  }
  host = host.replace(/\.$/, "").replace(/^www\./, "");
  if (host.startsWith("[")) return undefined;
  const labels = host.split(".");
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  if (labels.some((l) => !label.test(l))) return undefined;
  return host;
}

// Country codes where Spanish is the main language, to pick a new customer's language from a phone.
const SPANISH_CALLING_CODES = [
  "34",
  "52",
  "54",
  "56",
  "57",
  "51",
  "58",
  "53",
  "591",
  "593",
  "595",
  "598",
  "502",
  "503",
  "504",
  "505",
  "506",
  "507",
  "1809",
  "1829",
  "1849",
  "240",
];

export function languageForPhone(digits: string | undefined): "es" | undefined {
  if (!digits) return undefined;
  return SPANISH_CALLING_CODES.some((code) => digits.startsWith(code)) ? "es" : undefined;
}
