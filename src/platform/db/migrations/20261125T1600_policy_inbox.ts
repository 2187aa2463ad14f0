import type { Kysely } from "kysely";

// The policy's memory (which auto-reply went out when, languages an agent chose) and the inbox's
// internal notes.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per (conversation, auto-reply kind): claimed with a conditional UPDATE so a reply goes out at
  // most once per cooldown, whatever the concurrency.
  await db.schema
    .createTable("policy_markers")
    .addColumn("conversation_id", "text", (c) => c.notNull().references("conversations.id"))
    .addColumn("marker", "text", (c) => c.notNull())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("policy_markers_pk", ["conversation_id", "marker"])
    .execute();

  // Inbound messages the policy has acted on: a retried job never answers the same message twice.
  await db.schema
    .createTable("policy_handled_messages")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("handled_at", "text", (c) => c.notNull())
    .execute();

  // A language an agent set for a contact: the policy stops guessing it from the text.
  await db.schema
    .createTable("policy_language_pins")
    .addColumn("contact_id", "text", (c) => c.primaryKey().references("contacts.id"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("pinned_by", "text", (c) => c.references("users.id"))
    .addColumn("pinned_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("conversation_notes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("conversation_id", "text", (c) => c.notNull().references("conversations.id"))
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("conversation_notes_conversation_idx")
    .on("conversation_notes")
    .columns(["conversation_id", "created_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("conversation_notes").execute();
  await db.schema.dropTable("policy_language_pins").execute();
  await db.schema.dropTable("policy_handled_messages").execute();
  await db.schema.dropTable("policy_markers").execute();
}
