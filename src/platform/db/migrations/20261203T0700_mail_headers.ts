import type { Kysely } from "kysely";

// Threading for email-in: every outgoing mail keeps the Message-ID it is sent with (so a reply's
// In-Reply-To/References can be traced back to the ticket it was about), the Auto-Submitted value it
// carries, the Message-ID it answers, if any, and the Reply-To address (the support mailbox) it names.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_messages").addColumn("message_id", "text").execute();
  await db.schema.alterTable("mail_messages").addColumn("auto_submitted", "text").execute();
  await db.schema.alterTable("mail_messages").addColumn("in_reply_to", "text").execute();
  await db.schema.alterTable("mail_messages").addColumn("reply_to", "text").execute();
  await db.schema
    .createIndex("mail_messages_message_id_idx")
    .on("mail_messages")
    .column("message_id")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("mail_messages_message_id_idx").execute();
  for (const column of ["reply_to", "in_reply_to", "auto_submitted", "message_id"]) {
    await db.schema.alterTable("mail_messages").dropColumn(column).execute();
  }
}
