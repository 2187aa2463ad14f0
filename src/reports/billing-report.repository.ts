import { type Kysely, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { Range } from "./reports.repository.js";

// The premium billing report: hours per currency, deposits still unpaid, disputed work, and how customers
// answer the review before the invoice.

export interface BillingReport {
  hoursByCurrency: { currency: string; minutes: number; engagements: number }[];
  depositsOutstanding: { engagementId: string; currency: string; depositCents: number; paidCents: number }[];
  disputedEngagements: number;
  reviews: { sent: number; approved: number; approvedBySilence: number; disputed: number };
}

export async function billingReport(db: Kysely<Database>, range: Range): Promise<BillingReport> {
  const hours = await db
    .selectFrom("time_entries")
    .innerJoin("agreements", "agreements.id", "time_entries.agreement_id")
    .select([
      "agreements.currency",
      (eb) => eb.fn.sum<number | string>("time_entries.minutes").as("minutes"),
      sql<number>`count(distinct time_entries.engagement_id)`.as("engagements"),
    ])
    .where("time_entries.deleted_at", "is", null)
    .where("time_entries.created_at", ">=", range.from)
    .where("time_entries.created_at", "<", range.to)
    .groupBy("agreements.currency")
    .orderBy("agreements.currency")
    .execute();
  const deposits = await db
    .selectFrom("engagements")
    .innerJoin("agreements", "agreements.id", "engagements.current_agreement_id")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("payments")
          .select(["engagement_id", (e) => e.fn.sum<number | string>("amount_cents").as("paid")])
          .groupBy("engagement_id")
          .as("paid"),
      (join) => join.onRef("paid.engagement_id", "=", "engagements.id"),
    )
    .select(["engagements.id", "agreements.currency", "agreements.deposit_cents", "paid.paid"])
    .where("agreements.deposit_cents", ">", 0)
    .where("engagements.state", "in", ["agreed", "in_progress"])
    .orderBy("engagements.created_at")
    .execute();
  const disputed = await db
    .selectFrom("engagements")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("state", "=", "disputed")
    .executeTakeFirst();
  const reviews = await db
    .selectFrom("billing_reviews")
    .select([
      "status",
      "decided_by",
      sql<number>`case when reason = '' then 0 else 1 end`.as("with_reason"),
      (eb) => eb.fn.countAll<number | string>().as("n"),
    ])
    .where("sent_at", ">=", range.from)
    .where("sent_at", "<", range.to)
    .groupBy(["status", "decided_by", sql`case when reason = '' then 0 else 1 end`])
    .execute();
  const count = (match: (r: { status: string; decided_by: string | null; with_reason: number }) => boolean) =>
    reviews.filter(match).reduce((sum, r) => sum + Number(r.n), 0);
  return {
    hoursByCurrency: hours.map((h) => ({
      currency: h.currency,
      minutes: Number(h.minutes),
      engagements: Number(h.engagements),
    })),
    depositsOutstanding: deposits
      .map((d) => ({
        engagementId: d.id,
        currency: d.currency,
        depositCents: Number(d.deposit_cents),
        paidCents: Number(d.paid ?? 0),
      }))
      .filter((d) => d.paidCents < d.depositCents),
    disputedEngagements: Number(disputed?.n ?? 0),
    reviews: {
      sent: count(() => true),
      approved: count((r) => r.status === "approved" && r.decided_by !== "system"),
      approvedBySilence: count((r) => r.status === "approved" && r.decided_by === "system"),
      // A review disputed and then replaced or overridden was still a dispute (only a dispute has a reason).
      disputed: count((r) => Number(r.with_reason) === 1),
    },
  };
}
