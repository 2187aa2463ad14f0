import type { Kysely } from "kysely";
import type { Database } from "../../platform/db/schema.js";
import type { BillingReviewsTable, ReviewStatus } from "../billing.tables.js";

// The customer's reviews of closed work: one row per link sent; only the latest of an engagement is live.

export interface Review {
  id: string;
  engagementId: string;
  status: ReviewStatus;
  amountCents: number;
  currency: string;
  reason: string;
  answer: string;
  sentAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

const COLUMNS = [
  "id",
  "engagement_id",
  "status",
  "amount_cents",
  "currency",
  "reason",
  "answer",
  "sent_at",
  "expires_at",
  "decided_at",
  "decided_by",
] as const;

function rowToReview(row: Pick<BillingReviewsTable, (typeof COLUMNS)[number]>): Review {
  return {
    id: row.id,
    engagementId: row.engagement_id,
    status: row.status,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    reason: row.reason,
    answer: row.answer,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
  };
}

export async function insertReview(db: Kysely<Database>, row: BillingReviewsTable): Promise<void> {
  await db.insertInto("billing_reviews").values(row).execute();
}

export async function findReviewByTokenHash(
  db: Kysely<Database>,
  tokenSha256: string,
): Promise<Review | undefined> {
  const row = await db
    .selectFrom("billing_reviews")
    .select(COLUMNS)
    .where("token_sha256", "=", tokenSha256)
    .executeTakeFirst();
  return row ? rowToReview(row) : undefined;
}

/** The engagement's latest review (the live one), if any. */
export async function findLatestReview(
  db: Kysely<Database>,
  engagementId: string,
): Promise<Review | undefined> {
  const row = await db
    .selectFrom("billing_reviews")
    .select(COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("sent_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? rowToReview(row) : undefined;
}

export async function listReviews(db: Kysely<Database>, engagementId: string): Promise<Review[]> {
  const rows = await db
    .selectFrom("billing_reviews")
    .select(COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("sent_at")
    .orderBy("id")
    .execute();
  return rows.map(rowToReview);
}

/** Engagements whose pending review ended without an answer (oldest first). */
export async function listExpiredPendingReviews(
  db: Kysely<Database>,
  now: string,
  limit: number,
): Promise<{ id: string; engagementId: string }[]> {
  const rows = await db
    .selectFrom("billing_reviews")
    .select(["id", "engagement_id"])
    .where("status", "=", "pending")
    .where("expires_at", "<=", now)
    .orderBy("expires_at")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, engagementId: r.engagement_id }));
}

/** Compare-and-set on the status: false when the review was decided meanwhile. */
export async function decideReview(
  db: Kysely<Database>,
  id: string,
  from: ReviewStatus,
  patch: Pick<BillingReviewsTable, "status" | "decided_at" | "decided_by"> &
    Partial<Pick<BillingReviewsTable, "reason" | "answer">>,
): Promise<boolean> {
  const result = await db
    .updateTable("billing_reviews")
    .set(patch)
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Counts for the reports: reviews decided by the customer or by silence, and disputes. */
export async function countReviewsByStatus(db: Kysely<Database>): Promise<Record<ReviewStatus, number>> {
  const rows = await db
    .selectFrom("billing_reviews")
    .select((eb) => ["status", eb.fn.countAll<string | number>().as("n")])
    .groupBy("status")
    .execute();
  const counts: Record<ReviewStatus, number> = {
    pending: 0,
    approved: 0,
    disputed: 0,
    superseded: 0,
    overridden: 0,
  };
  for (const r of rows) counts[r.status as ReviewStatus] = Number(r.n);
  return counts;
}
