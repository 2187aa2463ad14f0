import type { Kysely } from "kysely";

// The whole business profile as WhatsApp last showed it (description, address, email, websites, vertical),
// beside the "about" already kept, so Settings → WhatsApp can say whether it matches what the owner set; and
// when each owner notice was last mailed (once per problem per period, claimed atomically).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("whatsapp_numbers").addColumn("profile", "text").execute();
  await db.schema
    .createTable("whatsapp_notices")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("whatsapp_notices").execute();
  await db.schema.alterTable("whatsapp_numbers").dropColumn("profile").execute();
}
