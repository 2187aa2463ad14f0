import { type Kysely, PostgresAdapter, sql } from "kysely";

// Deposits and payments (premium billing a customer can trust): a quote may ask for a deposit, paid before
// work starts; the agreement keeps it, as immutable as its other terms; payments are recorded per engagement.

const AGREEMENT_COLUMNS = `id, engagement_id, quote_id, quote_code, terms_text, terms_sha256, rate_card_version,
  service_type, hourly_rate_cents, currency, increment_minutes, minimum_minutes, cap_minutes, accepted_wamid,
  accepted_at, via, created_at`;
const prefixed = (columns: string, row: "NEW" | "OLD") =>
  columns
    .split(",")
    .map((c) => `${row}.${c.trim()}`)
    .join(", ");

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
async function agreementTriggers(db: Kysely<any>, columns: string): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(`CREATE OR REPLACE FUNCTION billing_agreement_erasable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (${prefixed(columns, "NEW")}) IS DISTINCT FROM (${prefixed(columns, "OLD")})
          OR (NEW.sender_wa_id IS DISTINCT FROM OLD.sender_wa_id AND NEW.sender_wa_id <> '') THEN
          RAISE EXCEPTION 'agreements are immutable';
        END IF;
        RETURN NEW;
      END $$`)
      .execute(db);
    return;
  }
  await sql`DROP TRIGGER agreements_no_update`.execute(db);
  await sql
    .raw(`CREATE TRIGGER agreements_no_update BEFORE UPDATE OF ${columns} ON agreements
    BEGIN SELECT RAISE(ABORT, 'agreements are immutable'); END`)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see agreementTriggers().
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("quotes")
    .addColumn("deposit_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("agreements")
    .addColumn("deposit_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await agreementTriggers(db, `${AGREEMENT_COLUMNS}, deposit_cents`);
  await db.schema
    .createTable("payments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("reference", "text")
    .addColumn("recorded_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint("payments_amount_check", sql`amount_cents > 0`)
    .execute();
  await db.schema
    .createIndex("payments_engagement_idx")
    .on("payments")
    .columns(["engagement_id", "created_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see agreementTriggers().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payments").execute();
  await agreementTriggers(db, AGREEMENT_COLUMNS);
  await db.schema.alterTable("agreements").dropColumn("deposit_cents").execute();
  await db.schema.alterTable("quotes").dropColumn("deposit_cents").execute();
}
