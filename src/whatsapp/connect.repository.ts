import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { WhatsAppConnectionTable, WhatsAppNumbersTable } from "./whatsapp.tables.js";

// The connection row (credentials entered in the app, sealed) and what WhatsApp last said about each number.

const CONNECTION_ID = 1;

export type ConnectionRow = WhatsAppConnectionTable;
export type NumberRow = WhatsAppNumbersTable;

export async function readConnection(db: Kysely<Database>): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom("whatsapp_connection")
    .select([
      "id",
      "access_token_sealed",
      "app_secret_sealed",
      "verify_token_sealed",
      "business_account_id",
      "webhook_subscribed_at",
      "last_webhook_at",
      "updated_by",
      "updated_at",
    ])
    .where("id", "=", CONNECTION_ID)
    .executeTakeFirst();
}

/** Insert or update the one connection row with the given columns. */
export async function writeConnection(
  db: Kysely<Database>,
  values: Partial<Omit<ConnectionRow, "id">> & { updated_at: string },
): Promise<void> {
  await db
    .insertInto("whatsapp_connection")
    .values({ id: CONNECTION_ID, ...values })
    .onConflict((oc) => oc.column("id").doUpdateSet(values))
    .execute();
}

/** The latest webhook time, only ever moved forward (processes write theirs in any order). */
export async function recordLastWebhook(db: Kysely<Database>, at: string): Promise<void> {
  await db
    .insertInto("whatsapp_connection")
    .values({ id: CONNECTION_ID, last_webhook_at: at, updated_at: at })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet({ last_webhook_at: at })
        .where((eb) =>
          eb.or([
            eb("whatsapp_connection.last_webhook_at", "is", null),
            eb("whatsapp_connection.last_webhook_at", "<", at),
          ]),
        ),
    )
    .execute();
}

const NUMBER_COLUMNS = [
  "phone_number_id",
  "display_phone_number",
  "verified_name",
  "quality_rating",
  "messaging_limit_tier",
  "name_status",
  "about",
  "profile",
  "error_code",
  "error_message",
  "checked_at",
  "quality_event",
  "quality_event_at",
  "updated_at",
] as const;

export async function listNumberRows(db: Kysely<Database>): Promise<NumberRow[]> {
  const rows = await db.selectFrom("whatsapp_numbers").select(NUMBER_COLUMNS).execute();
  return rows.map((r) => ({ ...r, error_code: r.error_code === null ? null : Number(r.error_code) }));
}

/** Insert or update one number's row with the given columns. */
export async function writeNumber(
  db: Kysely<Database>,
  phoneNumberId: string,
  values: Partial<Omit<NumberRow, "phone_number_id">> & { updated_at: string },
): Promise<void> {
  await db
    .insertInto("whatsapp_numbers")
    .values({ phone_number_id: phoneNumberId, ...values })
    .onConflict((oc) => oc.column("phone_number_id").doUpdateSet(values))
    .execute();
}

/** The number whose display form (digits compared) matches, for quality webhooks that name only that. */
export async function findNumberByDisplay(
  db: Kysely<Database>,
  display: string,
): Promise<NumberRow | undefined> {
  const digits = display.replace(/\D/g, "");
  return (await listNumberRows(db)).find(
    (r) => (r.display_phone_number ?? "").replace(/\D/g, "") === digits && digits !== "",
  );
}
