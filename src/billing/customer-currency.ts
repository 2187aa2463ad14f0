/**
 * Which currency a customer is quoted in (issue 15, "the currency chosen per customer"): the one set on the
 * customer, else the currency of their phone's country when the owner has a rate card in it, else the
 * default card's. Only currencies the owner has a card in are ever chosen. A pure rule, no storage.
 */

/** Country calling code (E.164 prefix, digits) → the country's currency (ISO 4217). */
// biome-ignore format: a table reads best a few countries per line
const CURRENCY_BY_CALLING_CODE: Readonly<Record<string, string>> = {
  // Euro area
  "30": "EUR", "31": "EUR", "32": "EUR", "33": "EUR", "34": "EUR", "39": "EUR", "43": "EUR", "49": "EUR",
  "351": "EUR", "352": "EUR", "353": "EUR", "356": "EUR", "357": "EUR", "358": "EUR", "370": "EUR",
  "371": "EUR", "372": "EUR", "377": "EUR", "385": "EUR", "386": "EUR", "421": "EUR",
  // Rest of Europe
  "36": "HUF", "40": "RON", "41": "CHF", "44": "GBP", "45": "DKK", "46": "SEK", "47": "NOK", "48": "PLN",
  "359": "BGN", "380": "UAH", "420": "CZK", "7": "RUB", "90": "TRY",
  // Americas (+1 is shared by the NANP countries: the United States' dollar stands for them)
  "1": "USD", "51": "PEN", "52": "MXN", "54": "ARS", "55": "BRL", "56": "CLP", "57": "COP", "58": "VES",
  "502": "GTQ", "503": "USD", "504": "HNL", "505": "NIO", "506": "CRC", "507": "PAB", "591": "BOB",
  "593": "USD", "595": "PYG", "598": "UYU",
  // Asia, Oceania, Africa
  "20": "EGP", "27": "ZAR", "60": "MYR", "61": "AUD", "62": "IDR", "63": "PHP", "64": "NZD", "65": "SGD",
  "66": "THB", "81": "JPY", "82": "KRW", "84": "VND", "86": "CNY", "91": "INR", "92": "PKR", "94": "LKR",
  "212": "MAD", "234": "NGN", "254": "KES", "852": "HKD", "880": "BDT", "966": "SAR", "971": "AED",
  "972": "ILS", "977": "NPR",
};

/** The currency of the country a phone (international digits, "+" and spaces allowed) belongs to. */
export function currencyForPhone(phone: string | null | undefined): string | undefined {
  const digits = (phone ?? "").replace(/\D/g, "");
  // Calling codes are prefix-free, so at most one of the 1-, 2- and 3-digit prefixes is a code.
  for (const length of [3, 2, 1]) {
    const currency = CURRENCY_BY_CALLING_CODE[digits.slice(0, length)];
    if (currency && digits.length > length) return currency;
  }
  return undefined;
}

export type CurrencySource = "customer" | "phone" | "default";

export interface CurrencyChoiceInput {
  /** Set on the customer record; null when none. */
  customerCurrency: string | null | undefined;
  /** The WhatsApp number (digits) the customer writes from. */
  phone: string | null | undefined;
  /** The default card's currency (the policy's USD card). */
  defaultCurrency: string;
  /** The currencies of the owner's other rate cards. */
  cardCurrencies: readonly string[];
}

/** The customer's currency and why it was chosen. Always a currency the owner has a rate card in. */
export function chooseCurrency(input: CurrencyChoiceInput): { currency: string; source: CurrencySource } {
  const has = (c: string | null | undefined): c is string =>
    !!c && (c === input.defaultCurrency || input.cardCurrencies.includes(c));
  if (has(input.customerCurrency)) return { currency: input.customerCurrency, source: "customer" };
  const byPhone = currencyForPhone(input.phone);
  if (has(byPhone)) return { currency: byPhone, source: "phone" };
  return { currency: input.defaultCurrency, source: "default" };
}
