import type { Kysely } from "kysely";

// Retention: a closed conversation is anonymised once it has been quiet for the owner's number of months.
// anonymised_at records when (updated_at is set to the same moment); a conversation changed since (a customer
// message reopens it, an agent closes it again) is due again once it is closed and quiet long enough.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("conversations").addColumn("anonymised_at", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("conversations").dropColumn("anonymised_at").execute();
}
