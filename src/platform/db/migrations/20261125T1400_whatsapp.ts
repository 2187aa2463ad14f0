import { type Kysely, PostgresAdapter, sql } from "kysely";

// WhatsApp contacts, conversations, messages, statuses for unknown wamids, and message search.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("contacts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("wa_id", "text", (c) => c.unique())
    .addColumn("user_id", "text", (c) => c.unique())
    .addColumn("profile_name", "text")
    .addColumn("username", "text")
    .addColumn("language", "text")
    .addColumn("customer_id", "text", (c) => c.references("customers.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contacts_customer_idx").on("contacts").column("customer_id").execute();

  await db.schema
    .createTable("conversations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("phone_number_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("waiting"))
    .addColumn("assignee_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("last_inbound_at", "text")
    .addColumn("last_inbound_wamid", "text")
    .addColumn("last_message_at", "text", (c) => c.notNull())
    .addColumn("last_message_preview", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("unread_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("conversations_number_contact_uq", ["phone_number_id", "contact_id"])
    .execute();
  // The inbox lists newest first, all roles or one role.
  await db.schema
    .createIndex("conversations_last_message_idx")
    .on("conversations")
    .column("last_message_at desc")
    .execute();
  await db.schema
    .createIndex("conversations_role_last_message_idx")
    .on("conversations")
    .columns(["role", "last_message_at desc"])
    .execute();
  await db.schema.createIndex("conversations_contact_idx").on("conversations").column("contact_id").execute();

  let messages = db.schema.createTable("messages");
  // SQLite: an explicit integer key, so the FTS index's rowids survive VACUUM.
  messages = postgres
    ? messages.addColumn("id", "text", (c) => c.primaryKey())
    : messages
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("id", "text", (c) => c.notNull().unique());
  await messages
    .addColumn("conversation_id", "text", (c) =>
      c.notNull().references("conversations.id").onDelete("cascade"),
    )
    .addColumn("direction", "text", (c) => c.notNull())
    // Idempotence on Meta's at-least-once delivery: a wamid is stored once (NULLs never collide).
    .addColumn("wamid", "text", (c) => c.unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("text", "text")
    .addColumn("raw", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error_code", "integer")
    .addColumn("error_reason", "text")
    .addColumn("sent_by_user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("context_wamid", "text")
    .addColumn("media_id", "text")
    .addColumn("media_mime", "text")
    .addColumn("media_size", "integer")
    .addColumn("media_key", "text")
    .addColumn("media_status", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("status_at", "text")
    .execute();
  await db.schema
    .createIndex("messages_conversation_idx")
    .on("messages")
    .columns(["conversation_id", "created_at"])
    .execute();

  await db.schema
    .createTable("whatsapp_pending_statuses")
    .addColumn("wamid", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_at", "text", (c) => c.notNull())
    .addColumn("error_code", "integer")
    .addColumn("error_title", "text")
    .addColumn("raw", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("whatsapp_pending_statuses_pk", ["wamid", "status"])
    .execute();
  await db.schema
    .createIndex("whatsapp_pending_statuses_received_idx")
    .on("whatsapp_pending_statuses")
    .column("received_at")
    .execute();

  if (postgres) {
    // 'simple': customers write Spanish and English, so no language's stemming is imposed.
    await sql`create index messages_text_fts_idx on messages using gin (to_tsvector('simple', coalesce(text, '')))`.execute(
      db,
    );
  } else {
    // External-content FTS5 over messages.text, kept in step by triggers; accents folded for Spanish.
    await sql`create virtual table messages_fts using fts5(text, content='messages', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create trigger messages_fts_insert after insert on messages when new.text is not null begin
        insert into messages_fts(rowid, text) values (new.seq, new.text);
      end`.execute(db);
    await sql`create trigger messages_fts_delete after delete on messages when old.text is not null begin
        insert into messages_fts(messages_fts, rowid, text) values ('delete', old.seq, old.text);
      end`.execute(db);
    await sql`create trigger messages_fts_update after update of text on messages begin
        insert into messages_fts(messages_fts, rowid, text) select 'delete', old.seq, old.text where old.text is not null;
        insert into messages_fts(rowid, text) select new.seq, new.text where new.text is not null;
      end`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`drop table if exists messages_fts`.execute(db);
  }
  for (const table of ["whatsapp_pending_statuses", "messages", "conversations", "contacts"]) {
    await db.schema.dropTable(table).execute();
  }
}
