import { recordAudit } from "../../platform/audit/audit.service.js";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { translate } from "../../platform/i18n/i18n.js";
import { formatZonedDateTime } from "../../platform/i18n/zoned-time.js";
import { newId, randomToken } from "../../platform/ids.js";
import { inTransaction, type TxContext } from "../../platform/transaction.js";
import type { Settings } from "../../settings/settings.schema.js";
import type { User } from "../../users/users.service.js";
import { summaryText } from "../customer-messages.js";
import type { Engagement } from "../engagements.repository.js";
import {
  type Actor,
  agreementOf,
  customerLanguageOf,
  ENGAGEMENT,
  engagementForChange,
  engagementUpdated,
  premiumTransaction,
  publishEngagement,
  transition,
  userActor,
} from "../engagements.service.js";
import { computeInvoice, formatMoney } from "../money.js";
import { notifyCustomer } from "../premium-channel.js";
import type { Agreement } from "../quotes.repository.js";
import { sha256Hex } from "../terms.js";
import { listTimeEntries } from "../time.repository.js";
import {
  decideReview,
  findLatestReview,
  findReviewByTokenHash,
  insertReview,
  listExpiredPendingReviews,
  type Review,
} from "./reviews.repository.js";

// The customer reviews closed work before it is invoiced: closing sends a link to /billing/review/{token};
// Approve moves the engagement to closed (invoiceable), Dispute (with a reason) to disputed for the owner,
// who adjusts the entries and sends a new review, or answers and overrides. No answer by the end of the
// review period (settings.premium.reviewDays) counts as approval: a schedule applies it, and so does the
// invoice itself when it finds the period over. Every step is an engagement event and an audit entry.

const DAY_MS = 86_400_000;

export function reviewUrl(publicUrl: string, token: string, language: "es" | "en"): string {
  return `${publicUrl}/billing/review/${token}?lang=${language}`;
}

function customerActor(engagement: Engagement): Actor {
  return { type: "customer", id: engagement.contactId };
}

/**
 * Sends the customer a new review of the engagement's time (in the caller's transaction), replacing a
 * pending or disputed one. The message is the work's summary with the link, through the window-aware path.
 */
export async function sendReviewIn(
  tx: TxContext,
  input: {
    settings: Settings;
    engagement: Engagement;
    agreement: Agreement;
    language: "es" | "en";
    sentByUserId: string | null;
    again: boolean;
  },
): Promise<{ reviewId: string; sent: boolean }> {
  const { settings, engagement, agreement, language } = input;
  const entries = await listTimeEntries(tx.trx, engagement.id);
  const computation = computeInvoice({
    entries,
    hourlyRateCents: agreement.hourlyRateCents,
    incrementMinutes: agreement.incrementMinutes,
    minimumMinutes: agreement.minimumMinutes,
    capMinutes: agreement.capMinutes,
  });
  const now = tx.clock.now();
  const at = now.toISOString();
  const previous = await findLatestReview(tx.trx, engagement.id);
  if (previous && (previous.status === "pending" || previous.status === "disputed")) {
    await decideReview(tx.trx, previous.id, previous.status, {
      status: "superseded",
      decided_at: at,
      decided_by: input.sentByUserId,
    });
  }
  const token = randomToken(40);
  const expiresAt = new Date(now.getTime() + settings.premium.reviewDays * DAY_MS).toISOString();
  const reviewId = newId();
  await insertReview(tx.trx, {
    id: reviewId,
    engagement_id: engagement.id,
    token_sha256: sha256Hex(token),
    status: "pending",
    amount_cents: computation.amountCents,
    currency: agreement.currency,
    reason: "",
    answer: "",
    sent_at: at,
    expires_at: expiresAt,
    decided_at: null,
    decided_by: null,
  });
  const link = reviewUrl(tx.config.publicUrl, token, language);
  const deadline = formatZonedDateTime(language, expiresAt, settings.vendor.timeZone);
  const summary = summaryText({
    language,
    timeZone: settings.vendor.timeZone,
    serviceType: agreement.serviceType,
    currency: agreement.currency,
    entries,
    computation,
  });
  const summaryNext = translate(language, "billing.wa.summaryNext");
  const reviewLine = translate(language, input.again ? "billing.wa.reviewAgain" : "billing.wa.reviewLink", {
    link,
    deadline,
  });
  const sent = await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: input.sentByUserId,
    text: summary.replace(summaryNext, reviewLine),
    tag: "review",
    purpose: "summary",
    variables: {
      service: translate(language, `common.serviceTypes.${agreement.serviceType}`),
      amount: formatMoney(computation.amountCents, agreement.currency, language),
      link,
    },
  });
  await recordAudit(tx.trx, {
    actorType: input.sentByUserId ? "user" : "system",
    actorId: input.sentByUserId,
    action: "billing.review.sent",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: { reviewId, amountCents: computation.amountCents, expiresAt, again: input.again, sent },
    at,
  });
  return { reviewId, sent };
}

/** Approval by silence: the pending review's period is over (in the caller's transaction, engagement locked). */
async function approveBySilenceIn(tx: TxContext, engagement: Engagement, review: Review): Promise<boolean> {
  const at = tx.clock.now().toISOString();
  if (review.status !== "pending" || review.expiresAt > at || engagement.state !== "in_review") return false;
  if (
    !(await decideReview(tx.trx, review.id, "pending", {
      status: "approved",
      decided_at: at,
      decided_by: "system",
    }))
  )
    return false;
  await transition(
    tx,
    engagement,
    "approve_review",
    { type: "system", id: null },
    {
      reviewId: review.id,
      bySilence: true,
    },
  );
  await recordAudit(tx.trx, {
    actorType: "system",
    actorId: null,
    action: "billing.review.approved",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: { reviewId: review.id, bySilence: true },
    at,
  });
  return true;
}

/**
 * The invoice's gate (in its transaction, the engagement locked): work in review may be invoiced once the
 * customer approved it or the period ended (applied here); a dispute must be answered first.
 */
export async function assertReviewedIn(tx: TxContext, engagement: Engagement): Promise<void> {
  if (engagement.state !== "in_review" && engagement.state !== "disputed") return;
  const review = await findLatestReview(tx.trx, engagement.id);
  if (engagement.state === "in_review" && review && (await approveBySilenceIn(tx, engagement, review)))
    return;
  throw new AppError(
    "review_pending",
    engagement.state === "disputed"
      ? "The customer disputed the time: adjust the entries and send a new review, or answer and override"
      : "The customer has not approved the time yet, and the review period is not over",
    { state: engagement.state, reviewExpiresAt: review?.expiresAt ?? null },
  );
}

/** The schedule's pass: every pending review whose period ended counts as approved. */
export async function approveExpiredReviews(ctx: AppContext): Promise<number> {
  const due = await listExpiredPendingReviews(ctx.db.kysely, ctx.clock.now().toISOString(), 50);
  let approved = 0;
  for (const { id, engagementId } of due) {
    const done = await inTransaction(ctx, async (tx) => {
      const engagement = await engagementForChange(tx, engagementId);
      const review = await findLatestReview(tx.trx, engagementId);
      if (!review || review.id !== id) {
        // An older review left pending (cannot happen through the service): close it without effect.
        await decideReview(tx.trx, id, "pending", {
          status: "superseded",
          decided_at: tx.clock.now().toISOString(),
          decided_by: "system",
        });
        return false;
      }
      const moved = await approveBySilenceIn(tx, engagement, review);
      if (moved) tx.publish(engagementUpdated(engagementId));
      return moved;
    });
    if (done) approved++;
  }
  return approved;
}

export type ReviewDecision = { decision: "approve" } | { decision: "dispute"; reason: string };

/**
 * The customer's answer on the review page. Only the latest, pending review of an engagement in review
 * takes an answer; otherwise the review is returned as it is (the page shows its outcome). An answer after
 * the period ended finds the work already approved.
 */
export async function decideByCustomer(
  ctx: AppContext,
  token: string,
  decision: ReviewDecision,
): Promise<Review> {
  const hash = sha256Hex(token);
  const found = await findReviewByTokenHash(ctx.db.kysely, hash);
  if (!found) throw new AppError("not_found", "No such review");
  if (decision.decision === "dispute" && !decision.reason.trim())
    throw new AppError("validation_failed", "A dispute needs a reason");
  const review = await inTransaction(ctx, async (tx) => {
    const engagement = await engagementForChange(tx, found.engagementId);
    const review = (await findReviewByTokenHash(tx.trx, hash)) as Review;
    if (review.status !== "pending" || engagement.state !== "in_review") return review;
    if (await approveBySilenceIn(tx, engagement, review))
      return (await findReviewByTokenHash(tx.trx, hash)) as Review;
    const at = tx.clock.now().toISOString();
    const actor = customerActor(engagement);
    if (decision.decision === "approve") {
      await decideReview(tx.trx, review.id, "pending", {
        status: "approved",
        decided_at: at,
        decided_by: "customer",
      });
      await transition(tx, engagement, "approve_review", actor, { reviewId: review.id });
    } else {
      const reason = decision.reason.trim().slice(0, 2000);
      await decideReview(tx.trx, review.id, "pending", {
        status: "disputed",
        decided_at: at,
        decided_by: "customer",
        reason,
      });
      await transition(tx, engagement, "dispute_review", actor, { reviewId: review.id, reason });
      await notifyCustomer(tx, {
        conversationId: engagement.conversationId,
        sentByUserId: null,
        text: translate(engagement.language, "billing.wa.disputeReceived"),
        tag: "review",
      });
    }
    await recordAudit(tx.trx, {
      actorType: "customer",
      actorId: engagement.contactId,
      action: decision.decision === "approve" ? "billing.review.approved" : "billing.review.disputed",
      subjectType: "engagement",
      subjectId: engagement.id,
      details: {
        reviewId: review.id,
        ...(decision.decision === "dispute" && { reason: decision.reason.trim() }),
      },
      at,
    });
    return (await findReviewByTokenHash(tx.trx, hash)) as Review;
  });
  ctx.outbox.wake();
  publishEngagement(ctx, review.engagementId);
  return review;
}

/** After adjusting the entries of disputed work, the owner sends the customer a new review. */
export async function requestNewReview(ctx: AppContext, user: User, engagementId: string): Promise<void> {
  await premiumTransaction(ctx, user, ENGAGEMENT, async (tx, settings) => {
    const engagement = await engagementForChange(tx, engagementId);
    if (engagement.state !== "disputed")
      throw new AppError("invalid_state", "Only disputed work gets a new review", {
        state: engagement.state,
      });
    const agreement = await agreementOf(tx.trx, engagement);
    await sendNewReview(tx, settings, user, engagement, agreement, "review_again");
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
}

/** The owner answers a dispute and keeps the time as reviewed: the work may be invoiced. */
export async function overrideDispute(
  ctx: AppContext,
  user: User,
  engagementId: string,
  answer: string,
): Promise<void> {
  await premiumTransaction(ctx, user, ENGAGEMENT, async (tx) => {
    const engagement = await engagementForChange(tx, engagementId);
    const review = await findLatestReview(tx.trx, engagementId);
    if (engagement.state !== "disputed" || !review || review.status !== "disputed")
      throw new AppError("invalid_state", "Only a disputed review can be overridden", {
        state: engagement.state,
      });
    const at = tx.clock.now().toISOString();
    await decideReview(tx.trx, review.id, "disputed", {
      status: "overridden",
      decided_at: at,
      decided_by: user.id,
      answer,
    });
    await transition(tx, engagement, "override_dispute", userActor(user), { reviewId: review.id, answer });
    await notifyCustomer(tx, {
      conversationId: engagement.conversationId,
      sentByUserId: user.id,
      text: translate(engagement.language, "billing.wa.disputeAnswered", { answer }),
      tag: "review",
    });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "billing.review.overridden",
      subjectType: "engagement",
      subjectId: engagement.id,
      details: { reviewId: review.id, reason: review.reason, answer },
      at,
    });
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
}

/**
 * Time corrected after the customer approved it (or after the owner overrode a dispute, or after a credit
 * note): the approved total no longer holds, so the customer gets a new review before any invoice (in the
 * caller's transaction, the engagement locked). Work that was never reviewed is left as it is.
 */
export async function reviewAfterCorrection(
  tx: TxContext,
  settings: Settings,
  user: User,
  engagement: Engagement,
  agreement: Agreement,
): Promise<void> {
  if (engagement.state !== "closed" || !(await findLatestReview(tx.trx, engagement.id))) return;
  await sendNewReview(tx, settings, user, engagement, agreement, "review_correction");
}

/** Sends the customer another review of the engagement's time, in their language, and records `action`. */
async function sendNewReview(
  tx: TxContext,
  settings: Settings,
  user: User,
  engagement: Engagement,
  agreement: Agreement,
  action: "review_again" | "review_correction",
): Promise<void> {
  const { reviewId, sent } = await sendReviewIn(tx, {
    settings,
    engagement,
    agreement,
    language: await customerLanguageOf(tx.trx, engagement),
    sentByUserId: user.id,
    again: true,
  });
  await transition(tx, engagement, action, userActor(user), { reviewId, sent });
}
