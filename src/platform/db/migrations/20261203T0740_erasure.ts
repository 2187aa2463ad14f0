import { type Kysely, PostgresAdapter, sql } from "kysely";

// Erasure (the customer's right to it) meets billing's immutability: an agreement may lose the accepting phone
// number (sender_wa_id set to '') and an issued invoice its customer's email and phone (bill_to keeps the name,
// which the law requires on an invoice). Every other change is refused as before.

const AGREEMENT_COLUMNS = `id, engagement_id, quote_id, quote_code, terms_text, terms_sha256, rate_card_version,
  service_type, hourly_rate_cents, currency, increment_minutes, minimum_minutes, cap_minutes, accepted_wamid,
  accepted_at, via, created_at`;
const INVOICE_COLUMNS = `kind, number, year, seq, engagement_id, credits_invoice_id, agreement_id, currency,
  hourly_rate_cents, increment_minutes, minimum_minutes, cap_minutes, worked_minutes, billable_minutes,
  total_cents, lines, items, vendor, payment_url, issued_at`;
const prefixed = (columns: string, row: "NEW" | "OLD") =>
  columns
    .split(",")
    .map((c) => `${row}.${c.trim()}`)
    .join(", ");

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`DROP TRIGGER agreements_immutable ON agreements`.execute(db);
    await sql`CREATE TRIGGER agreements_no_delete BEFORE DELETE ON agreements
      FOR EACH ROW EXECUTE FUNCTION billing_refuse()`.execute(db);
    await sql
      .raw(`CREATE FUNCTION billing_agreement_erasable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (${prefixed(AGREEMENT_COLUMNS, "NEW")}) IS DISTINCT FROM (${prefixed(AGREEMENT_COLUMNS, "OLD")})
          OR (NEW.sender_wa_id IS DISTINCT FROM OLD.sender_wa_id AND NEW.sender_wa_id <> '') THEN
          RAISE EXCEPTION 'agreements are immutable';
        END IF;
        RETURN NEW;
      END $$`)
      .execute(db);
    await sql`CREATE TRIGGER agreements_immutable BEFORE UPDATE ON agreements
      FOR EACH ROW EXECUTE FUNCTION billing_agreement_erasable()`.execute(db);
    await sql
      .raw(`CREATE OR REPLACE FUNCTION billing_invoice_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (${prefixed(INVOICE_COLUMNS, "NEW")}) IS DISTINCT FROM (${prefixed(INVOICE_COLUMNS, "OLD")})
          OR (NEW.bill_to IS DISTINCT FROM OLD.bill_to AND (
            (NEW.bill_to::jsonb ->> 'name') IS DISTINCT FROM (OLD.bill_to::jsonb ->> 'name')
            OR coalesce(NEW.bill_to::jsonb ->> 'email', '') <> ''
            OR coalesce(NEW.bill_to::jsonb ->> 'phone', '') <> '')) THEN
          RAISE EXCEPTION 'issued invoices are immutable';
        END IF;
        RETURN NEW;
      END $$`)
      .execute(db);
    return;
  }
  await sql`DROP TRIGGER agreements_no_update`.execute(db);
  await sql
    .raw(`CREATE TRIGGER agreements_no_update BEFORE UPDATE OF ${AGREEMENT_COLUMNS} ON agreements
    BEGIN SELECT RAISE(ABORT, 'agreements are immutable'); END`)
    .execute(db);
  await sql`CREATE TRIGGER agreements_sender_erasable BEFORE UPDATE OF sender_wa_id ON agreements
    WHEN NEW.sender_wa_id IS NOT OLD.sender_wa_id AND NEW.sender_wa_id <> ''
    BEGIN SELECT RAISE(ABORT, 'agreements are immutable'); END`.execute(db);
  await sql`DROP TRIGGER invoices_issued_immutable`.execute(db);
  await sql
    .raw(`CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE OF ${INVOICE_COLUMNS} ON invoices
    BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END`)
    .execute(db);
  await sql`CREATE TRIGGER invoices_bill_to_erasable BEFORE UPDATE OF bill_to ON invoices
    WHEN NEW.bill_to IS NOT OLD.bill_to AND (
      json_extract(NEW.bill_to, '$.name') IS NOT json_extract(OLD.bill_to, '$.name')
      OR coalesce(json_extract(NEW.bill_to, '$.email'), '') <> ''
      OR coalesce(json_extract(NEW.bill_to, '$.phone'), '') <> '')
    BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END`.execute(db);
}

// The 20261125T1440_billing triggers as they were before up(): every column of an agreement and of an issued
// invoice (bill_to included) is refused.
const ORIGINAL_INVOICE_COLUMNS = `kind, number, year, seq, engagement_id, credits_invoice_id, agreement_id, currency,
  hourly_rate_cents, increment_minutes, minimum_minutes, cap_minutes, worked_minutes, billable_minutes,
  total_cents, lines, items, bill_to, vendor, payment_url, issued_at`;

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`DROP TRIGGER agreements_immutable ON agreements`.execute(db);
    await sql`DROP TRIGGER agreements_no_delete ON agreements`.execute(db);
    await sql`DROP FUNCTION billing_agreement_erasable()`.execute(db);
    await sql`CREATE TRIGGER agreements_immutable BEFORE UPDATE OR DELETE ON agreements
      FOR EACH ROW EXECUTE FUNCTION billing_refuse()`.execute(db);
    await sql
      .raw(`CREATE OR REPLACE FUNCTION billing_invoice_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (${prefixed(ORIGINAL_INVOICE_COLUMNS, "NEW")})
        IS DISTINCT FROM
         (${prefixed(ORIGINAL_INVOICE_COLUMNS, "OLD")}) THEN
        RAISE EXCEPTION 'issued invoices are immutable';
      END IF;
      RETURN NEW;
    END $$`)
      .execute(db);
    return;
  }
  await sql`DROP TRIGGER agreements_sender_erasable`.execute(db);
  await sql`DROP TRIGGER invoices_bill_to_erasable`.execute(db);
  await sql`DROP TRIGGER agreements_no_update`.execute(db);
  await sql`CREATE TRIGGER agreements_no_update BEFORE UPDATE ON agreements
    BEGIN SELECT RAISE(ABORT, 'agreements are immutable'); END`.execute(db);
  await sql`DROP TRIGGER invoices_issued_immutable`.execute(db);
  await sql
    .raw(`CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE OF ${ORIGINAL_INVOICE_COLUMNS} ON invoices
    BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END`)
    .execute(db);
}
