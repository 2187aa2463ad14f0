import { type Kysely, sql } from "kysely";

// Connecting a real WhatsApp Business account: the credentials the owner enters in the app (sealed), what
// "Test connection" and the account webhooks learned about each number, the WABA's message templates, and
// the automatic messages that met a closed 24-hour window (sent as a template, or held until the customer
// writes again).

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("whatsapp_connection")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("access_token_sealed", "text") // AES-256-GCM (platform/secrets.ts)
    .addColumn("app_secret_sealed", "text")
    .addColumn("verify_token_sealed", "text")
    .addColumn("business_account_id", "text")
    .addColumn("webhook_subscribed_at", "text")
    .addColumn("last_webhook_at", "text")
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("whatsapp_numbers")
    .addColumn("phone_number_id", "text", (c) => c.primaryKey())
    .addColumn("display_phone_number", "text")
    .addColumn("verified_name", "text")
    .addColumn("quality_rating", "text")
    .addColumn("messaging_limit_tier", "text")
    .addColumn("name_status", "text")
    .addColumn("about", "text")
    .addColumn("error_code", "integer")
    .addColumn("error_message", "text")
    .addColumn("checked_at", "text")
    .addColumn("quality_event", "text")
    .addColumn("quality_event_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("whatsapp_templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meta_id", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("components", "text", (c) => c.notNull())
    .addColumn("rejected_reason", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("whatsapp_templates_name_language_key", ["name", "language"])
    .execute();

  await db.schema
    .createTable("whatsapp_automatic_messages")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull()) // sent | template | held | released
    .addColumn("template_name", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("released_at", "text")
    .execute();
  await db.schema
    .createIndex("whatsapp_automatic_messages_held_idx")
    .on("whatsapp_automatic_messages")
    .columns(["conversation_id", "outcome"])
    .execute();
  // Failing sends of the last hour (health): a partial index, so the webhook's inserts never touch it.
  await db.schema
    .createIndex("messages_failed_idx")
    .on("messages")
    .column("status_at")
    .where(sql.ref("status"), "=", "failed")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("messages_failed_idx").execute();
  for (const table of [
    "whatsapp_automatic_messages",
    "whatsapp_templates",
    "whatsapp_numbers",
    "whatsapp_connection",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
