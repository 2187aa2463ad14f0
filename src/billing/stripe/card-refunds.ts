import { z } from "zod";
import { recordAudit } from "../../platform/audit/audit.service.js";
import type { AppContext } from "../../platform/context.js";
import { randomToken } from "../../platform/ids.js";
import { defineJob } from "../../platform/outbox/job.js";
import type { TxContext } from "../../platform/transaction.js";
import { listCheckoutSessions, setRefundedCents } from "./checkout.repository.js";
import { stripeClient } from "./stripe-gateway.js";

// A credit note the owner issues on a paid invoice gives the money back: with Stripe configured, the part
// paid by card is refunded through Stripe (refunds.create on the payment intent), exactly once. The refund is
// counted on the checkout session in the credit note's own transaction, so the charge.refunded event Stripe
// sends back changes nothing (no second credit note); the call itself runs as a job after the commit, with
// the credit note's id in Stripe's Idempotency-Key, so a retried job cannot refund twice. In simulator mode
// the local checkout page stands in for Stripe here too: the refund is recorded and shown on that page.

export const STRIPE_REFUND_JOB = "billing.stripe_refund";

/**
 * In the credit note's transaction: spreads `amountCents` over the engagement's card payments still
 * refundable (newest first) and queues one refund per payment. Returns what goes back by card (0 when
 * Stripe is not configured or nothing was paid by card).
 */
export async function queueCardRefunds(
  tx: TxContext,
  input: { engagementId: string; creditNoteId: string; amountCents: number },
): Promise<number> {
  const mode = tx.config.stripe.mode;
  if ((mode !== "live" && mode !== "simulated") || input.amountCents <= 0) return 0;
  const sessions = (await listCheckoutSessions(tx.trx, input.engagementId))
    .filter((s) => s.status === "completed" && s.paymentIntent && s.amountCents > s.refundedCents)
    .reverse();
  let left = input.amountCents;
  for (const session of sessions) {
    if (left === 0) break;
    const amount = Math.min(left, session.amountCents - session.refundedCents);
    left -= amount;
    await setRefundedCents(tx.trx, session.id, session.refundedCents + amount);
    await tx.enqueue({
      type: STRIPE_REFUND_JOB,
      payload: {
        creditNoteId: input.creditNoteId,
        engagementId: input.engagementId,
        sessionId: session.id,
        paymentIntent: session.paymentIntent,
        amountCents: amount,
      },
      dedupeKey: `stripe-refund:${input.creditNoteId}:${session.id}`,
      maxAttempts: 10,
    });
  }
  return input.amountCents - left;
}

const refundPayload = z.object({
  creditNoteId: z.string().min(1),
  engagementId: z.string().min(1),
  sessionId: z.string().min(1),
  paymentIntent: z.string().min(1),
  amountCents: z.number().int().positive(),
});

async function refundByCard(ctx: AppContext, p: z.infer<typeof refundPayload>): Promise<void> {
  if (ctx.config.stripe.mode === "simulated") {
    // The simulator's stand-in refunds at once: the checkout page shows it, and the trail says it was simulated.
    await recordAudit(ctx.db.kysely, {
      actorType: "system",
      actorId: null,
      action: "payment.stripe_refund_sent",
      subjectType: "engagement",
      subjectId: p.engagementId,
      details: { ...p, refundId: `re_sim_${randomToken(24)}`, status: "succeeded", simulated: true },
      at: ctx.clock.now().toISOString(),
    });
    return;
  }
  const client = await stripeClient(ctx.config.stripe);
  const refund = await client.refunds.create(
    {
      payment_intent: p.paymentIntent,
      amount: p.amountCents,
      metadata: { creditNoteId: p.creditNoteId, engagementId: p.engagementId },
    },
    { idempotencyKey: `beedesk-refund-${p.creditNoteId}-${p.sessionId}` },
  );
  await recordAudit(ctx.db.kysely, {
    actorType: "system",
    actorId: null,
    action: "payment.stripe_refund_sent",
    subjectType: "engagement",
    subjectId: p.engagementId,
    details: { ...p, refundId: refund.id, status: refund.status },
    at: ctx.clock.now().toISOString(),
  });
}

export const stripeRefundJob = defineJob({
  type: STRIPE_REFUND_JOB,
  payload: refundPayload,
  maxAttempts: 10,
  handle: (payload, run) => refundByCard(run.ctx, payload),
});
