import { createHash, randomInt } from "node:crypto";
import { type Params, translate } from "../platform/i18n/i18n.js";
import type { Language, ServiceType, Settings } from "../settings/settings.schema.js";
import { formatMoney, quoteAmounts } from "./money.js";

// The words a customer agrees to. Everything here is pure so the text (and its hash) can be rebuilt and
// checked in tests; the stored text, not a rebuilt one, is what the agreement keeps as evidence.

/** Letters and digits nobody confuses when reading them back (no 0/O, 1/I/L). */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short quote code the customer can type back: `Q-7F3K`. Uniqueness is the database's job. */
export function newQuoteCode(random: (max: number) => number = randomInt): string {
  let code = "Q-";
  for (let i = 0; i < 4; i++) code += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** JSON with sorted keys, so equal values always serialise (and hash) the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The rate card's version: the hash of the rates settings, recorded with every quote and agreement. */
export function rateCardVersion(rates: Settings["rates"]): string {
  return sha256Hex(canonicalJson(rates));
}

/**
 * Hours as typed by an agent (1.5, 1.33) to the nearest whole minute (90, 80): the quote, its terms and
 * the cap all work in minutes. Undefined for what is not a finite number.
 */
export function hoursToMinutes(hours: number): number | undefined {
  const minutes = Math.round(hours * 60);
  return Number.isSafeInteger(minutes) ? minutes : undefined;
}

/** "45 minutes", "1 hour", "1.5 hours" / "1,5 horas": how long, in words a customer reads. */
export function formatDuration(minutes: number, language: Language): string {
  const t = (key: Parameters<typeof translate>[1], params?: Params) => translate(language, key, params);
  if (minutes < 60)
    return minutes === 1 ? t("billing.duration.minute") : t("billing.duration.minutes", { n: minutes });
  if (minutes === 60) return t("billing.duration.hour");
  const hours = new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(minutes / 60);
  return t("billing.duration.hours", { n: hours });
}

/** "1 h 15 min", "2 h", "40 min": compact, for lists and meters. */
export function formatShortDuration(minutes: number, language: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return translate(language, "billing.duration.shortMinutes", { m });
  if (m === 0) return translate(language, "billing.duration.shortHours", { h });
  return translate(language, "billing.duration.short", { h, m });
}

export interface QuoteTerms {
  code: string;
  kind: "initial" | "extension";
  serviceType: ServiceType;
  hourlyRateCents: number;
  currency: string;
  incrementMinutes: number;
  minimumMinutes: number;
  estimateMinutes: number;
  capMinutes: number;
  /** Paid before work starts (0 or absent: none). */
  depositCents?: number;
  /** The cap in force before an extension. */
  previousCapMinutes?: number;
  language: Language;
}

/**
 * The exact terms the customer accepts, in plain words and their language: service, rate per hour,
 * blocks, minimum, estimate and cap in time and money, the deposit, and how to accept. Fits a WhatsApp
 * button message body (1,024).
 */
export function termsText(q: QuoteTerms): string {
  const t = (key: Parameters<typeof translate>[1], params?: Params) => translate(q.language, key, params);
  const duration = (m: number) => formatDuration(m, q.language);
  const money = (cents: number) => formatMoney(cents, q.currency, q.language);
  const amounts = quoteAmounts(q);
  const lines = [
    q.kind === "extension"
      ? t("billing.terms.extensionTitle", { code: q.code })
      : t("billing.terms.title", { code: q.code }),
    "",
    t("billing.terms.service", { service: t(`common.serviceTypes.${q.serviceType}`) }),
    t("billing.terms.rate", { rate: formatMoney(q.hourlyRateCents, q.currency, q.language) }),
    t("billing.terms.blocks", { increment: q.incrementMinutes }),
    q.minimumMinutes > 0
      ? t("billing.terms.minimum", { minimum: duration(q.minimumMinutes) })
      : t("billing.terms.noMinimum"),
    t("billing.terms.estimate", {
      estimate: duration(q.estimateMinutes),
      amount: money(amounts.estimateCents),
    }),
    t("billing.terms.cap", { cap: duration(q.capMinutes), amount: money(amounts.capCents) }),
  ];
  if (q.depositCents) lines.push(t("billing.terms.deposit", { deposit: money(q.depositCents) }));
  if (q.kind === "extension" && q.previousCapMinutes !== undefined) {
    lines.push(
      t("billing.terms.extension", { oldCap: duration(q.previousCapMinutes), cap: duration(q.capMinutes) }),
    );
  }
  lines.push("", t("billing.terms.nothingYet"), t("billing.terms.reply", { code: q.code }));
  return lines.join("\n");
}

/** Reply-button ids: they carry the quote id, so a tap names exactly the quote it answers. */
export function quoteButtonId(action: "accept" | "decline", quoteId: string): string {
  return `billing:${action}:${quoteId}`;
}

export type BillingReply =
  | { action: "accept" | "decline"; quoteId: string; via: "button" }
  | { action: "accept" | "decline"; code: string; via: "text" };

const BUTTON_PATTERN = /^billing:(accept|decline):([0-9a-z]{1,64})$/;
const CODE_PATTERN = /\bQ-([2-9A-HJKMNP-Z]{4})\b/i;
// "acepto", "aceptar", "accept", "I accept", "accepted"… and their declining counterparts.
const ACCEPT_PATTERN = /\b(acept[oa]r?|accept(ed)?|agree[d]?|de acuerdo)\b/i;
const DECLINE_PATTERN = /\b(rechaz[oa]r?|declin(e|ed|o)|no acepto|reject(ed)?)\b/i;

/**
 * What a customer's message says about a quote: a reply-button tap on a quote's button, or, as a
 * fallback, a text naming a quote code with "acepto/accept" (or "rechazo/decline"). Anything else: undefined.
 */
export function parseBillingReply(message: {
  interactiveId?: string | undefined;
  text?: string | undefined;
}): BillingReply | undefined {
  if (message.interactiveId) {
    const match = BUTTON_PATTERN.exec(message.interactiveId);
    if (match) return { action: match[1] as "accept" | "decline", quoteId: match[2]!, via: "button" };
    return undefined;
  }
  const text = message.text?.normalize("NFC");
  if (!text) return undefined;
  const code = CODE_PATTERN.exec(text);
  if (!code) return undefined;
  const normalized = `Q-${code[1]!.toUpperCase()}`;
  // "no acepto" must read as a refusal, so declining wins when both appear.
  if (DECLINE_PATTERN.test(text)) return { action: "decline", code: normalized, via: "text" };
  if (ACCEPT_PATTERN.test(text)) return { action: "accept", code: normalized, via: "text" };
  return undefined;
}

/** The amount as a plain decimal for URLs: 3750 USD → "37.50", 500 JPY → "500". */
export function decimalAmount(cents: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const magnitude = String(Math.abs(cents)).padStart(digits + 1, "0");
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = magnitude.slice(magnitude.length - digits);
  return `${cents < 0 ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

/** The payment link from the settings template: {amount}, {currency} and {invoice}, each URL-encoded. */
export function paymentUrl(
  template: string,
  input: { amountCents: number; currency: string; invoice: string },
): string {
  const values: Record<string, string> = {
    amount: decimalAmount(input.amountCents, input.currency),
    currency: input.currency,
    invoice: input.invoice,
  };
  return template.replace(/\{(amount|currency|invoice)\}/g, (_m, name: string) =>
    encodeURIComponent(values[name]!),
  );
}
