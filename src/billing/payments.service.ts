import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import type { User } from "../users/users.service.js";
import { nextState } from "./engagement-state.js";
import type { Engagement } from "./engagements.repository.js";
import {
  type Actor,
  ENGAGEMENT,
  engagementForChange,
  premiumTransaction,
  publishEngagement,
  transition,
  userActor,
} from "./engagements.service.js";
import { formatMoney } from "./money.js";
import { findPaymentById, insertPayment, type Payment, sumPayments } from "./payments.repository.js";
import { findPremiumContact, notifyCustomer } from "./premium-channel.js";
import { findAgreement } from "./quotes.repository.js";

export interface PaymentInput {
  amountCents: number;
  method: "manual";
  reference?: string | undefined;
}

/**
 * Records a payment received outside beedesk (a bank transfer, PayPal…) in the agreement's currency: it pays
 * the deposit and tops up prepaid time. The customer gets a receipt on WhatsApp when their window is open.
 */
export async function recordPayment(
  ctx: AppContext,
  user: User,
  engagementId: string,
  input: PaymentInput,
): Promise<Payment> {
  const payment = await premiumTransaction(ctx, user, ENGAGEMENT, async (tx) => {
    const engagement = await engagementForChange(tx, engagementId);
    return recordPaymentIn(tx, engagement, input, userActor(user));
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
  return payment;
}

/** A payment on the (locked) engagement, in the caller's transaction: the row, the trail, the receipt. */
export async function recordPaymentIn(
  tx: TxContext,
  engagement: Engagement,
  input: { amountCents: number; method: "manual" | "stripe" | "credit"; reference?: string | undefined },
  actor: Actor,
): Promise<Payment> {
  const agreement = engagement.currentAgreementId
    ? await findAgreement(tx.trx, engagement.currentAgreementId)
    : undefined;
  if (!agreement) {
    throw new AppError("agreement_required", "A payment is recorded against an accepted agreement", {
      state: engagement.state,
    });
  }
  if (!nextState(engagement.state, "record_payment")) {
    throw new AppError(
      "invalid_state",
      `Cannot record a payment on an engagement that is ${engagement.state.replace("_", " ")}`,
      { state: engagement.state },
    );
  }
  const at = tx.clock.now().toISOString();
  const id = newId();
  await insertPayment(tx.trx, {
    id,
    engagement_id: engagement.id,
    amount_cents: input.amountCents,
    currency: agreement.currency,
    method: input.method,
    reference: input.reference?.trim() || null,
    recorded_by: actor.type === "user" ? actor.id : null,
    created_at: at,
  });
  const paidCents = await sumPayments(tx.trx, engagement.id);
  await transition(tx, engagement, "record_payment", actor, {
    paymentId: id,
    amountCents: input.amountCents,
    paidCents,
  });
  await recordAudit(tx.trx, {
    actorType: actor.type,
    actorId: actor.id,
    action: "payment.record",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: { paymentId: id, amountCents: input.amountCents, method: input.method },
    at,
  });
  const language = (await findPremiumContact(tx.trx, engagement.contactId))?.language ?? engagement.language;
  await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: actor.type === "user" ? actor.id : null,
    tag: "payment",
    text: translate(
      language,
      input.method === "credit" ? "billing.wa.creditApplied" : "billing.wa.paymentReceived",
      {
        amount: formatMoney(input.amountCents, agreement.currency, language),
        paid: formatMoney(paidCents, agreement.currency, language),
      },
    ),
  });
  return (await findPaymentById(tx.trx, id)) as Payment;
}
