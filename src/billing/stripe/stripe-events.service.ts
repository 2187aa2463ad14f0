import type Stripe from "stripe";
import { recordAudit } from "../../platform/audit/audit.service.js";
import type { AppContext } from "../../platform/context.js";
import { translate } from "../../platform/i18n/i18n.js";
import { inTransaction, type TxContext } from "../../platform/transaction.js";
import { getSettings } from "../../settings/settings.service.js";
import { issuePartialCreditNoteIn } from "../credit-notes.service.js";
import { nextState } from "../engagement-state.js";
import type { Engagement } from "../engagements.repository.js";
import { type Actor, engagementForChange, publishEngagement, transition } from "../engagements.service.js";
import {
  findInvoice,
  listInvoicesForEngagement,
  setInvoiceStatus,
  sumCreditedOn,
} from "../invoices.repository.js";
import { creditableCents } from "../money.js";
import { sumPayments } from "../payments.repository.js";
import { recordPaymentIn } from "../payments.service.js";
import { notifyCustomer } from "../premium-channel.js";
import {
  type CheckoutSession,
  completeSession,
  expireSession,
  findCheckoutSession,
  findSessionByPaymentIntent,
  insertStripeEvent,
  setRefundedCents,
  setStripeEventOutcome,
} from "./checkout.repository.js";

// Stripe's webhook events, each handled once (its id recorded in the same transaction as its effect, so a
// redelivery or a second process finds it and changes nothing): a completed checkout pays the deposit or the
// invoice; an expired one is closed; a refund becomes a credit note on the engagement's invoice.

export type StripeOutcome =
  | "duplicate"
  | "ignored"
  | "unknown_session"
  | "paid"
  | "already_paid"
  | "unapplied"
  | "not_paid"
  | "expired"
  | "refunded"
  | "refund_recorded";

export async function handleStripeEvent(ctx: AppContext, event: Stripe.Event): Promise<StripeOutcome> {
  const settings = await getSettings(ctx);
  let engagementId: string | undefined;
  const outcome = await inTransaction(ctx, async (tx) => {
    const at = tx.clock.now().toISOString();
    if (!(await insertStripeEvent(tx.trx, { id: event.id, type: event.type, outcome: "", received_at: at })))
      return "duplicate" as const;
    const result = await apply(tx, event, settings.vendor.timeZone, (id) => {
      engagementId = id;
    });
    await setStripeEventOutcome(tx.trx, event.id, result);
    return result;
  });
  if (engagementId) {
    ctx.outbox.wake();
    publishEngagement(ctx, engagementId);
  }
  return outcome;
}

async function apply(
  tx: TxContext,
  event: Stripe.Event,
  timeZone: string,
  touched: (engagementId: string) => void,
): Promise<StripeOutcome> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const object = event.data.object;
      if (object.payment_status !== "paid" && object.payment_status !== "no_payment_required")
        return "not_paid";
      const session = await findCheckoutSession(tx.trx, object.id);
      if (!session) return "unknown_session";
      touched(session.engagementId);
      const intent =
        typeof object.payment_intent === "string"
          ? object.payment_intent
          : (object.payment_intent?.id ?? null);
      return completed(tx, session, intent, object.amount_total ?? session.amountCents);
    }
    case "checkout.session.expired": {
      const session = await findCheckoutSession(tx.trx, event.data.object.id);
      if (!session) return "unknown_session";
      return (await expireSession(tx.trx, session.id)) ? "expired" : "ignored";
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const intent =
        typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
      const session = intent ? await findSessionByPaymentIntent(tx.trx, intent) : undefined;
      if (!session) return "unknown_session";
      touched(session.engagementId);
      return refunded(tx, session, charge, timeZone);
    }
    default:
      return "ignored";
  }
}

const CUSTOMER_VIA_STRIPE = (engagement: Engagement): Actor => ({
  type: "customer",
  id: engagement.contactId,
});

async function completed(
  tx: TxContext,
  session: CheckoutSession,
  paymentIntent: string | null,
  amountCents: number,
): Promise<StripeOutcome> {
  const engagement = await engagementForChange(tx, session.engagementId);
  const current = (await findCheckoutSession(tx.trx, session.id)) as CheckoutSession;
  if (current.status === "completed") return "already_paid";
  const at = tx.clock.now().toISOString();
  const actor = CUSTOMER_VIA_STRIPE(engagement);
  let paymentId: string | null = null;
  let outcome: StripeOutcome = "paid";
  if (session.purpose === "deposit") {
    if (nextState(engagement.state, "record_payment")) {
      paymentId = (
        await recordPaymentIn(
          tx,
          engagement,
          { amountCents, method: "stripe", reference: paymentIntent ?? session.id },
          actor,
        )
      ).id;
    } else outcome = "unapplied";
  } else {
    const invoice = session.invoiceId ? await findInvoice(tx.trx, session.invoiceId) : undefined;
    if (invoice?.status === "unpaid" && (await setInvoiceStatus(tx.trx, invoice.id, "unpaid", "paid", at))) {
      await transition(tx, engagement, "mark_paid", actor, {
        invoiceId: invoice.id,
        stripeSession: session.id,
      });
      await notifyCustomer(tx, {
        conversationId: engagement.conversationId,
        sentByUserId: null,
        tag: "payment",
        text: translate(invoice.language, "billing.wa.paid", { number: invoice.number }),
      });
    } else outcome = "unapplied";
  }
  await completeSession(tx.trx, session.id, { paymentIntent, paymentId, at });
  // Money that found nothing to pay (the invoice was paid another way meanwhile, the work was cancelled) is
  // on the trail for the owner to refund.
  await recordAudit(tx.trx, {
    actorType: "customer",
    actorId: engagement.contactId,
    action: outcome === "paid" ? "payment.stripe" : "payment.stripe_unapplied",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: { sessionId: session.id, purpose: session.purpose, amountCents, paymentIntent, paymentId },
    at,
  });
  return outcome;
}

async function refunded(
  tx: TxContext,
  session: CheckoutSession,
  charge: Stripe.Charge,
  timeZone: string,
): Promise<StripeOutcome> {
  const engagement = await engagementForChange(tx, session.engagementId);
  const current = (await findCheckoutSession(tx.trx, session.id)) as CheckoutSession;
  // charge.refunded carries the running total: only the part not seen before is new (events may repeat or
  // arrive out of order, so a smaller total changes nothing).
  const delta = charge.amount_refunded - current.refundedCents;
  if (delta <= 0) return "ignored";
  await setRefundedCents(tx.trx, session.id, charge.amount_refunded);
  const at = tx.clock.now().toISOString();
  const invoice = session.invoiceId
    ? await findInvoice(tx.trx, session.invoiceId)
    : (await listInvoicesForEngagement(tx.trx, engagement.id)).find(
        (i) => i.kind === "invoice" && i.status !== "credited",
      );
  const creditable = invoice
    ? creditableCents(
        invoice.lines,
        await sumCreditedOn(tx.trx, invoice.id),
        await sumPayments(tx.trx, engagement.id),
      )
    : 0;
  const amount = Math.min(delta, creditable);
  if (invoice && amount > 0) {
    await issuePartialCreditNoteIn(
      tx,
      engagement,
      invoice.id,
      { amountCents: amount, reason: `Refund through Stripe (${charge.id})` },
      { actor: { type: "system", id: null }, timeZone },
    );
  }
  await recordAudit(tx.trx, {
    actorType: "system",
    actorId: null,
    action: "payment.stripe_refund",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: {
      sessionId: session.id,
      chargeId: charge.id,
      refundedCents: delta,
      creditedCents: amount,
    },
    at,
  });
  return amount > 0 ? "refunded" : "refund_recorded";
}
