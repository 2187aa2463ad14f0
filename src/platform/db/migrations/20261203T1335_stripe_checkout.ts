import type { Kysely } from "kysely";

// Card payments through Stripe Checkout: the sessions beedesk created (deposit or invoice), the Stripe events
// handled (each once), and the customer links (pay what is due, the invoice PDF) kept as token hashes.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("checkout_sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("invoice_id", "text", (c) => c.references("invoices.id"))
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("payment_intent", "text")
    .addColumn("payment_id", "text")
    .addColumn("refunded_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("completed_at", "text")
    .execute();
  await db.schema
    .createIndex("checkout_sessions_engagement_idx")
    .on("checkout_sessions")
    .columns(["engagement_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("checkout_sessions_intent_idx")
    .on("checkout_sessions")
    .column("payment_intent")
    .execute();
  await db.schema
    .createTable("stripe_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("billing_links")
    .addColumn("token_sha256", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("invoice_id", "text", (c) => c.references("invoices.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("billing_links").execute();
  await db.schema.dropTable("stripe_events").execute();
  await db.schema.dropTable("checkout_sessions").execute();
}
