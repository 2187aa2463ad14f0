import type { AppContext } from "../../platform/context.js";
import type { Settings } from "../../settings/settings.schema.js";
import { getSettings } from "../../settings/settings.service.js";
import { findEngagement } from "../engagements.repository.js";
import { computeInvoice, type InvoiceComputation, netOfPayments } from "../money.js";
import { sumPayments } from "../payments.repository.js";
import { type Agreement, findAgreement } from "../quotes.repository.js";
import { sha256Hex } from "../terms.js";
import { listTimeEntries } from "../time.repository.js";
import { findReviewByTokenHash, type Review } from "./reviews.repository.js";

// What the customer's review page shows, read by the link's token (never by an id).

/** A review link's token: randomToken(40) in the base32 alphabet. */
export const REVIEW_TOKEN = /^[0-9a-hjkmnp-tv-z]{40}$/;

export interface ReviewPageModel {
  review: Review;
  /** The period is over with no answer: the work counts as approved (the schedule records it). */
  approvedBySilence: boolean;
  settings: Settings;
  language: "es" | "en";
  agreement: Agreement;
  entries: { date: string; minutes: number; note: string }[];
  computation: InvoiceComputation;
  paidCents: number;
  dueCents: number;
}

export async function loadReviewPage(ctx: AppContext, token: string): Promise<ReviewPageModel | undefined> {
  if (!REVIEW_TOKEN.test(token)) return undefined;
  const db = ctx.db.kysely;
  const review = await findReviewByTokenHash(db, sha256Hex(token));
  if (!review) return undefined;
  const engagement = await findEngagement(db, review.engagementId);
  const agreement = engagement?.currentAgreementId
    ? await findAgreement(db, engagement.currentAgreementId)
    : undefined;
  if (!engagement || !agreement) return undefined;
  const [settings, entries, paidCents] = await Promise.all([
    getSettings(ctx),
    listTimeEntries(db, engagement.id),
    sumPayments(db, engagement.id),
  ]);
  const computation = computeInvoice({
    entries,
    hourlyRateCents: agreement.hourlyRateCents,
    incrementMinutes: agreement.incrementMinutes,
    minimumMinutes: agreement.minimumMinutes,
    capMinutes: agreement.capMinutes,
  });
  const net = netOfPayments(computation.amountCents, paidCents);
  return {
    review,
    approvedBySilence:
      review.status === "approved"
        ? review.decidedBy === "system"
        : review.status === "pending" && review.expiresAt <= ctx.clock.now().toISOString(),
    settings,
    language: engagement.language,
    agreement,
    entries: entries.map((e) => ({ date: e.startedAt ?? e.createdAt, minutes: e.minutes, note: e.note })),
    computation,
    paidCents: net.appliedCents,
    dueCents: net.dueCents,
  };
}
