import { type Params, translate } from "../platform/i18n/i18n.js";
import type { Language, ServiceType } from "../settings/settings.schema.js";
import { formatMoney, type InvoiceComputation } from "./money.js";
import { formatDuration, formatShortDuration } from "./terms.js";

// What the customer reads on WhatsApp when work is closed and invoiced. Pure, so tests can read them.

/** WhatsApp text messages hold 4,096 characters; long lists are cut well before that. */
const MAX_SUMMARY_ENTRIES = 40;

export interface SummaryInput {
  language: Language;
  timeZone: string;
  serviceType: ServiceType;
  currency: string;
  entries: { minutes: number; note: string; createdAt: string }[];
  computation: InvoiceComputation;
}

export function summaryText(input: SummaryInput): string {
  const { language: lang, computation: c } = input;
  const t = (key: Parameters<typeof translate>[1], params?: Params) => translate(lang, key, params);
  const lines = [t("billing.wa.summaryTitle", { service: t(`common.serviceTypes.${input.serviceType}`) })];
  if (input.entries.length === 0) {
    lines.push("", t("billing.wa.summaryNoTime"));
    return lines.join("\n");
  }
  const day = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: input.timeZone });
  for (const entry of input.entries.slice(0, MAX_SUMMARY_ENTRIES)) {
    const line = t("billing.wa.summaryEntry", {
      date: day.format(new Date(entry.createdAt)),
      duration: formatShortDuration(entry.minutes, lang),
      note: oneLine(entry.note),
    });
    lines.push(entry.note.trim() ? line : line.replace(/ — $/, ""));
  }
  if (input.entries.length > MAX_SUMMARY_ENTRIES) {
    lines.push(t("billing.wa.summaryMore", { count: input.entries.length - MAX_SUMMARY_ENTRIES }));
  }
  const rule =
    c.minimumMinutes > 0
      ? t("billing.wa.summaryRuleMinimum", {
          increment: c.incrementMinutes,
          minimum: formatDuration(c.minimumMinutes, lang),
        })
      : t("billing.wa.summaryRule", { increment: c.incrementMinutes });
  lines.push(
    "",
    t("billing.wa.summaryTotal", { worked: formatShortDuration(c.workedMinutes, lang) }),
    t("billing.wa.summaryBilled", { billed: formatShortDuration(c.billableMinutes, lang), rule }),
    t("billing.wa.summaryAmount", { amount: formatMoney(c.amountCents, input.currency, lang) }),
    "",
    t("billing.wa.summaryNext"),
  );
  return lines.join("\n");
}

export function invoiceText(input: {
  language: Language;
  number: string;
  totalCents: number;
  currency: string;
  paymentUrl: string;
  /** The customer's link to the invoice's PDF. */
  pdfUrl?: string;
}): string {
  const t = (key: Parameters<typeof translate>[1], params?: Params) => translate(input.language, key, params);
  const lines = [
    t("billing.wa.invoice", {
      number: input.number,
      total: formatMoney(input.totalCents, input.currency, input.language),
    }),
  ];
  if (input.paymentUrl) lines.push(t("billing.wa.invoicePay", { link: input.paymentUrl }));
  if (input.pdfUrl) lines.push(t("billing.wa.invoicePdf", { link: input.pdfUrl }));
  lines.push(t("billing.wa.invoiceThanks"));
  return lines.join("\n");
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}
