import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import type { User } from "../users/users.service.js";
import { insertCreditNoteRow } from "./credit-note-row.js";
import { takeBackKeptCredit } from "./credits.service.js";
import type { Engagement } from "./engagements.repository.js";
import {
  type Actor,
  engagementForChange,
  INVOICE,
  premiumTransaction,
  publishEngagement,
} from "./engagements.service.js";
import { findInvoice, type Invoice, sumCreditedOn } from "./invoices.repository.js";
import { creditableCents, formatMoney } from "./money.js";
import { sumPayments } from "./payments.repository.js";
import { notifyCustomer } from "./premium-channel.js";
import { queueCardRefunds } from "./stripe/card-refunds.js";

/**
 * A credit note for part of an issued invoice (a refund of an unused prepaid balance, a correction): its own
 * gapless CN-YYYY-NNNN, in the invoice's currency, never more than the invoice billed less earlier credit
 * notes (409 credit_exceeds_invoice). The invoice itself never changes; the customer is told where the window
 * allows. (Cancelling a whole invoice to correct its time is POST /api/v1/invoices/{id}/credit-note.)
 */
export async function issuePartialCreditNote(
  ctx: AppContext,
  user: User,
  invoiceId: string,
  input: { amountCents: number; reason: string },
): Promise<Invoice> {
  const credit = await premiumTransaction(ctx, user, INVOICE, async (tx, settings) => {
    const found = await findInvoice(tx.trx, invoiceId);
    if (!found) throw new AppError("not_found", "No such invoice");
    // The engagement's row lock serialises credit notes on its invoices: two at once cannot both fit.
    const engagement = await engagementForChange(tx, found.engagementId);
    return issuePartialCreditNoteIn(tx, engagement, invoiceId, input, {
      actor: { type: "user", id: user.id },
      timeZone: settings.vendor.timeZone,
    });
  });
  ctx.outbox.wake();
  publishEngagement(ctx, credit.engagementId);
  return credit;
}

/** The partial credit note in the caller's transaction, the engagement already locked (a refund from Stripe too). */
export async function issuePartialCreditNoteIn(
  tx: TxContext,
  engagement: Engagement,
  invoiceId: string,
  input: { amountCents: number; reason: string },
  by: { actor: Actor; timeZone: string },
): Promise<Invoice> {
  const invoice = await findInvoice(tx.trx, invoiceId);
  if (!invoice) throw new AppError("not_found", "No such invoice");
  if (invoice.kind !== "invoice")
    throw new AppError("invalid_state", "A credit note cannot itself be credited");
  if (invoice.status === "credited")
    throw new AppError("invalid_state", "This invoice is already cancelled by a credit note");
  const credited = await sumCreditedOn(tx.trx, invoice.id);
  const available = creditableCents(invoice.lines, credited, await sumPayments(tx.trx, invoice.engagementId));
  if (input.amountCents > available) {
    throw new AppError(
      "credit_exceeds_invoice",
      `At most ${formatMoney(available, invoice.currency, "en")} can still be credited on ${invoice.number}`,
      { availableCents: available, creditedCents: credited, requestedCents: input.amountCents },
    );
  }
  const userId = by.actor.type === "user" ? by.actor.id : null;
  const { id, number, at } = await insertCreditNoteRow(
    tx,
    invoice,
    {
      workedMinutes: 0,
      billableMinutes: 0,
      totalCents: -input.amountCents,
      lines: [{ kind: "credit", minutes: 0, amountCents: -input.amountCents }],
      items: [],
      reason: input.reason,
    },
    { userId, now: tx.clock.now(), timeZone: by.timeZone },
  );
  // Money back on a paid invoice goes back by card where it was paid by card (not for a refund that
  // Stripe itself reported: that money is back already).
  const byCard =
    by.actor.type === "user" && invoice.status === "paid"
      ? await queueCardRefunds(tx, {
          engagementId: engagement.id,
          creditNoteId: id,
          amountCents: input.amountCents,
        })
      : 0;
  // Money given back that was kept as the customer's credit is no longer theirs to draw.
  const creditTaken = await takeBackKeptCredit(tx, engagement, {
    invoiceId: invoice.id,
    creditNoteId: id,
    cents: input.amountCents,
  });
  await recordAudit(tx.trx, {
    actorType: by.actor.type,
    actorId: by.actor.id,
    action: "invoice.credit_part",
    subjectType: "invoice",
    subjectId: invoice.id,
    details: {
      creditNoteId: id,
      number,
      amountCents: input.amountCents,
      reason: input.reason,
      byCard,
      creditTaken,
    },
    at,
  });
  await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: userId,
    tag: "credit_note",
    text: translate(invoice.language, "billing.wa.partialCredit", {
      credit: number,
      number: invoice.number,
      amount: formatMoney(input.amountCents, invoice.currency, invoice.language),
      reason: input.reason,
    }),
  });
  return (await findInvoice(tx.trx, id)) as Invoice;
}
