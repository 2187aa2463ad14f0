import type { Kysely } from "kysely";

// Email-in: every mail read from the support mailbox is recorded once, by its place in the mailbox
// (UIDVALIDITY + UID, unique) and its Message-ID, in the same transaction as what it caused (a ticket, a
// reply, a policy answer), so a restart or a crash never handles a mail twice.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_in_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("mailbox", "text", (c) => c.notNull())
    .addColumn("uid_validity", "text", (c) => c.notNull())
    .addColumn("uid", "bigint", (c) => c.notNull())
    .addColumn("message_id", "text")
    .addColumn("from_address", "text", (c) => c.notNull())
    .addColumn("from_name", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull()) // handled | failed
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("ticket_id", "text", (c) => c.references("tickets.id"))
    .addColumn("ticket_message_id", "text")
    .addColumn("sent_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("mail_in_messages_place_key", ["mailbox", "uid_validity", "uid"])
    .execute();
  await db.schema
    .createIndex("mail_in_messages_message_id_idx")
    .on("mail_in_messages")
    .column("message_id")
    .execute();
  await db.schema
    .createIndex("mail_in_messages_sender_idx")
    .on("mail_in_messages")
    .columns(["from_address", "outcome", "created_at"])
    .execute();
  await db.schema
    .createIndex("mail_in_messages_ticket_idx")
    .on("mail_in_messages")
    .column("ticket_id")
    .execute();
  await db.schema
    .createIndex("mail_in_messages_created_idx")
    .on("mail_in_messages")
    .column("created_at")
    .execute();

  await db.schema
    .createTable("mail_in_lease")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("mail_in_config")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("url_sealed", "text") // AES-256-GCM (platform/secrets.ts)
    .addColumn("processed_folder", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["mail_in_config", "mail_in_lease", "mail_in_messages"]) {
    await db.schema.dropTable(table).execute();
  }
}
