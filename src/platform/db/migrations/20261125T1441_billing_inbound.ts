import type { Kysely } from "kysely";

// Billing answers each customer message about a quote once, even when the inbound listener runs twice
// (a retried job): the message's wamid is claimed here in the same transaction as the answer.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("billing_inbound_handled")
    .addColumn("wamid", "text", (c) => c.primaryKey())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("handled_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("billing_inbound_handled").execute();
}
