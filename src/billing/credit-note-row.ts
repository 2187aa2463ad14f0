import { todayIn } from "../licenses/entitlement.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import { formatInvoiceNumber } from "./invoice-number.js";
import { type Invoice, insertInvoice, nextInvoiceSeq } from "./invoices.repository.js";

/** What a credit note takes back from its invoice: all of it (a cancellation) or a part. */
export interface CreditedAmounts {
  workedMinutes: number;
  billableMinutes: number;
  totalCents: number;
  lines: unknown[];
  items: unknown[];
  reason: string;
}

/**
 * Writes a credit note on `invoice` in the gapless CN-YYYY-NNNN series (the year in the vendor's time zone),
 * with the invoice's terms, currency, customer and seller; shared by the cancellation and the partial note.
 */
export async function insertCreditNoteRow(
  tx: TxContext,
  invoice: Invoice,
  credited: CreditedAmounts,
  by: { userId: string | null; now: Date; timeZone: string },
): Promise<{ id: string; number: string; at: string }> {
  const at = by.now.toISOString();
  const year = Number(todayIn(by.timeZone, by.now).slice(0, 4));
  const seq = await nextInvoiceSeq(tx.trx, "CN", year);
  const number = formatInvoiceNumber(year, seq).replace(/^INV-/, "CN-");
  const id = newId();
  await insertInvoice(tx.trx, {
    id,
    kind: "credit_note",
    number,
    year,
    seq,
    engagement_id: invoice.engagementId,
    credits_invoice_id: invoice.id,
    agreement_id: invoice.agreementId,
    status: "credited",
    currency: invoice.currency,
    service_type: invoice.serviceType,
    language: invoice.language,
    hourly_rate_cents: invoice.hourlyRateCents,
    increment_minutes: invoice.incrementMinutes,
    minimum_minutes: invoice.minimumMinutes,
    cap_minutes: invoice.capMinutes,
    worked_minutes: credited.workedMinutes,
    billable_minutes: credited.billableMinutes,
    total_cents: credited.totalCents,
    lines: JSON.stringify(credited.lines),
    items: JSON.stringify(credited.items),
    bill_to: JSON.stringify(invoice.billTo),
    vendor: JSON.stringify(invoice.vendor),
    payment_url: "",
    reason: credited.reason,
    issued_at: at,
    issued_by: by.userId,
    paid_at: null,
  });
  return { id, number, at };
}
