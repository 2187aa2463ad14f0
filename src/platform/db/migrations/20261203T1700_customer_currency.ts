import type { Kysely } from "kysely";

// The currency a customer is quoted in, set by an agent on the customer record (ISO 4217); null = chosen by
// the phone's country, else the default rate card (billing/customer-currency.ts).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("customers").addColumn("currency", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("customers").dropColumn("currency").execute();
}
