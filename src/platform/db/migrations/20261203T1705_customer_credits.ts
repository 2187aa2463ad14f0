import type { Kysely } from "kysely";

// Customer credit (premium.unusedPrepaid = "keep"): a ledger, never updated. Prepaid money an invoice did not
// use is kept (+), and the customer's next agreement in that currency draws it (-) as a payment. The holder is
// the customer, or the WhatsApp contact while no customer is linked.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customer_credits")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("invoice_id", "text", (c) => c.references("invoices.id"))
    .addColumn("payment_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customer_credits_holder_idx")
    .on("customer_credits")
    .columns(["holder", "currency"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("customer_credits").execute();
}
