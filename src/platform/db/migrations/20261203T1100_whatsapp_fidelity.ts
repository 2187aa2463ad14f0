import { type Kysely, sql } from "kysely";

// Real Cloud API traffic (issue 11):
// - messages.target_wamid: a reaction, edit or revoke is stored as a row of its own (idempotent on its wamid,
//   raw kept) that names the message it touches; the thread shows it on that message, never as an item.
// - conversations.preview: the customer's last message (never an automatic reply, never a reaction), and
//   conversations.needs_reply: 1 while a customer message that no automatic reply fully answers has no later
//   human reply.
// - whatsapp_ad_leads: click-to-WhatsApp ad referrals, one row per message that carried one, for the reports.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").addColumn("target_wamid", "text").execute();
  await sql`create index messages_target_idx on messages (target_wamid) where target_wamid is not null`.execute(
    db,
  );

  await db.schema
    .alterTable("conversations")
    .addColumn("preview", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("conversations")
    .addColumn("needs_reply", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update conversations set preview = coalesce((
      select substr(coalesce(m.text, '[' || m.type || ']'), 1, 160) from messages m
      where m.conversation_id = conversations.id and m.direction = 'in' and m.type not in ('reaction', 'system')
      order by m.created_at desc limit 1), '')`.execute(db);
  // A waiting conversation whose customer wrote after the last human reply still needs one.
  await sql`update conversations set needs_reply = 1 where state = 'waiting' and exists (
      select 1 from messages m where m.conversation_id = conversations.id and m.direction = 'in'
        and m.type not in ('reaction', 'system')
        and m.created_at > coalesce((select max(o.created_at) from messages o
          where o.conversation_id = conversations.id and o.direction = 'out' and o.sent_by_user_id is not null), ''))`.execute(
    db,
  );
  await db.schema
    .createIndex("conversations_needs_reply_idx")
    .on("conversations")
    .columns(["needs_reply", "last_message_at desc"])
    .execute();

  await db.schema
    .createTable("whatsapp_ad_leads")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("conversation_id", "text", (c) =>
      c.notNull().references("conversations.id").onDelete("cascade"),
    )
    .addColumn("source_id", "text")
    .addColumn("source_type", "text")
    .addColumn("source_url", "text")
    .addColumn("headline", "text")
    .addColumn("ctwa_clid", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("whatsapp_ad_leads_at_idx")
    .on("whatsapp_ad_leads")
    .column("created_at")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("whatsapp_ad_leads").execute();
  await db.schema.dropIndex("conversations_needs_reply_idx").execute();
  await db.schema.alterTable("conversations").dropColumn("needs_reply").execute();
  await db.schema.alterTable("conversations").dropColumn("preview").execute();
  await db.schema.dropIndex("messages_target_idx").execute();
  await db.schema.alterTable("messages").dropColumn("target_wamid").execute();
}
