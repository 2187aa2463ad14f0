import type { Kysely } from "kysely";

// Several processes on one database: the generation of contacts' identities (erasure and retention bump it,
// so every webhook receiver drops the contacts it cached), and each business number's send pacing shared by
// every worker process (the next moment a send may start, GCRA).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("contact_generation")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("generation", "integer", (c) => c.notNull())
    .execute();
  await db.insertInto("contact_generation").values({ id: 1, generation: 0 }).execute();
  await db.schema
    .createTable("whatsapp_send_pacing")
    .addColumn("phone_number_id", "text", (c) => c.primaryKey())
    .addColumn("next_ms", "double precision", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("whatsapp_send_pacing").execute();
  await db.schema.dropTable("contact_generation").execute();
}
