import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tickets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull().unique()) // shown to people as #1001
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("license_id", "text", (c) => c.notNull().references("licenses.id"))
    .addColumn("category", "text", (c) => c.notNull()) // installation | configuration | product_problem | other
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("store_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("opencart_version", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("php_version", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull()) // open | pending_customer | resolved | closed
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("assignee_id", "text", (c) => c.references("users.id"))
    .addColumn("source", "text", (c) => c.notNull()) // portal | desk | whatsapp
    .addColumn("conversation_id", "text")
    .addColumn("created_by_type", "text", (c) => c.notNull()) // customer | user
    .addColumn("created_by_id", "text", (c) => c.notNull())
    // Courtesy exception: a ticket on a license without active support, granted by an agent.
    .addColumn("courtesy_reason", "text")
    .addColumn("courtesy_by", "text")
    .addColumn("first_response_due_at", "text", (c) => c.notNull())
    .addColumn("first_response_at", "text")
    // Last message from either side: the quiet period for auto-close counts from here.
    .addColumn("last_activity_at", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tickets_customer_idx").on("tickets").column("customer_id").execute();
  await db.schema.createIndex("tickets_status_idx").on("tickets").columns(["status", "updated_at"]).execute();
  await db.schema.createIndex("tickets_license_idx").on("tickets").column("license_id").execute();

  await db.schema
    .createTable("ticket_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("tickets.id").onDelete("cascade"))
    .addColumn("author_type", "text", (c) => c.notNull()) // customer | user
    .addColumn("author_id", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("internal", "integer", (c) => c.notNull().defaultTo(0)) // 1 = note agents only
    .addColumn("source", "text", (c) => c.notNull()) // portal | desk | whatsapp
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("ticket_messages_ticket_idx")
    .on("ticket_messages")
    .columns(["ticket_id", "created_at"])
    .execute();

  await db.schema
    .createTable("ticket_attachments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("tickets.id").onDelete("cascade"))
    .addColumn("message_id", "text", (c) => c.references("ticket_messages.id").onDelete("set null"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull()) // detected from the content, never the client's
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("uploaded_by_type", "text", (c) => c.notNull())
    .addColumn("uploaded_by_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("ticket_attachments_ticket_idx")
    .on("ticket_attachments")
    .column("ticket_id")
    .execute();

  await db.schema
    .createTable("ticket_credentials")
    .addColumn("ticket_id", "text", (c) => c.primaryKey().references("tickets.id").onDelete("cascade"))
    .addColumn("sealed", "text") // AES-256-GCM (platform/secrets.ts); NULL once erased
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("erased_at", "text")
    .execute();

  await db.schema
    .createTable("customer_sessions")
    .addColumn("id", "text", (c) => c.primaryKey()) // sha256 of the cookie token
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customer_sessions_customer_idx")
    .on("customer_sessions")
    .column("customer_id")
    .execute();

  await db.schema
    .createTable("magic_links")
    .addColumn("id", "text", (c) => c.primaryKey()) // sha256 of the token in the link
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();

  await db.schema
    .createTable("mail_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // pending | sent | stored | failed
    .addColumn("transport", "text") // smtp | viewer
    .addColumn("provider_message_id", "text")
    .addColumn("related_type", "text")
    .addColumn("related_id", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("mail_messages_created_idx").on("mail_messages").column("created_at").execute();

  // Shared with the inbox: saved answers agents insert into a reply.
  await db.schema
    .createTable("canned_replies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "canned_replies",
    "mail_messages",
    "magic_links",
    "customer_sessions",
    "ticket_credentials",
    "ticket_attachments",
    "ticket_messages",
    "tickets",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
