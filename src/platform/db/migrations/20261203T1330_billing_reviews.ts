import type { Kysely } from "kysely";

// The customer's review before the invoice: closing sends a link (/billing/review/{token}, only the token's
// SHA-256 stored); the customer approves or disputes with a reason; silence until the deadline is approval.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("billing_reviews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("token_sha256", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("answer", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "text")
    .execute();
  await db.schema
    .createIndex("billing_reviews_engagement_idx")
    .on("billing_reviews")
    .columns(["engagement_id", "sent_at"])
    .execute();
  await db.schema
    .createIndex("billing_reviews_due_idx")
    .on("billing_reviews")
    .columns(["status", "expires_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("billing_reviews").execute();
}
