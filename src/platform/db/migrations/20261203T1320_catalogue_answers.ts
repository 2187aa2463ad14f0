import { type Kysely, sql } from "kysely";

// Catalogue answers in the thread (policy/catalogue): a message the catalogue read or wrote carries where its
// answer came from, as JSON: on a customer's question what was recognised (product, kinds, confidence,
// answered or why not, the suggested text); on an automatic answer its source; null for every other message.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table messages add column automatic text`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table messages drop column automatic`.execute(db);
}
