import { type Kysely, PostgresAdapter, sql } from "kysely";

// Premium billing: engagements, quotes, agreements, time, invoices. The rules that make this evidence
// (agreements never change, invoiced time never changes, issued amounts never change) are also
// enforced by triggers, so no code path can break them by accident.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("engagements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("service_type", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull().references("conversations.id"))
    .addColumn("contact_id", "text", (c) => c.notNull().references("contacts.id"))
    .addColumn("customer_id", "text", (c) => c.references("customers.id").onDelete("set null"))
    .addColumn("contact_wa_id", "text")
    .addColumn("contact_name", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("current_quote_id", "text")
    .addColumn("current_agreement_id", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("engagements_state_idx")
    .on("engagements")
    .columns(["state", "updated_at"])
    .execute();
  await db.schema
    .createIndex("engagements_conversation_idx")
    .on("engagements")
    .column("conversation_id")
    .execute();
  await db.schema.createIndex("engagements_contact_idx").on("engagements").column("contact_id").execute();

  await db.schema
    .createTable("engagement_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("engagement_events_engagement_idx")
    .on("engagement_events")
    .columns(["engagement_id", "created_at"])
    .execute();

  await db.schema
    .createTable("quotes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("service_type", "text", (c) => c.notNull())
    .addColumn("hourly_rate_cents", "bigint", (c) => c.notNull())
    .addColumn("card_rate_cents", "bigint", (c) => c.notNull())
    .addColumn("rate_overridden", "integer", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("increment_minutes", "integer", (c) => c.notNull())
    .addColumn("minimum_minutes", "integer", (c) => c.notNull())
    .addColumn("estimate_minutes", "integer", (c) => c.notNull())
    .addColumn("cap_minutes", "integer", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("terms_text", "text", (c) => c.notNull())
    .addColumn("terms_sha256", "text", (c) => c.notNull())
    .addColumn("rate_card_version", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("sent_to_wa_id", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .execute();
  await db.schema
    .createIndex("quotes_engagement_idx")
    .on("quotes")
    .columns(["engagement_id", "created_at"])
    .execute();

  await db.schema
    .createTable("agreements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    // One agreement per quote: a second tap, however concurrent, cannot make another.
    .addColumn("quote_id", "text", (c) => c.notNull().unique().references("quotes.id"))
    .addColumn("quote_code", "text", (c) => c.notNull())
    .addColumn("terms_text", "text", (c) => c.notNull())
    .addColumn("terms_sha256", "text", (c) => c.notNull())
    .addColumn("rate_card_version", "text", (c) => c.notNull())
    .addColumn("service_type", "text", (c) => c.notNull())
    .addColumn("hourly_rate_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("increment_minutes", "integer", (c) => c.notNull())
    .addColumn("minimum_minutes", "integer", (c) => c.notNull())
    .addColumn("cap_minutes", "integer", (c) => c.notNull())
    .addColumn("accepted_wamid", "text", (c) => c.notNull().unique())
    .addColumn("accepted_at", "text", (c) => c.notNull())
    .addColumn("sender_wa_id", "text", (c) => c.notNull())
    .addColumn("via", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agreements_engagement_idx").on("agreements").column("engagement_id").execute();

  await db.schema
    .createTable("time_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    // Not null: the database itself refuses time without an agreement.
    .addColumn("agreement_id", "text", (c) => c.notNull().references("agreements.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("minutes", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("ended_at", "text")
    .addColumn("invoice_id", "text")
    .addColumn("deleted_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addCheckConstraint("time_entries_minutes_check", sql`minutes > 0`)
    .execute();
  await db.schema
    .createIndex("time_entries_engagement_idx")
    .on("time_entries")
    .columns(["engagement_id", "created_at"])
    .execute();
  await db.schema.createIndex("time_entries_invoice_idx").on("time_entries").column("invoice_id").execute();

  await db.schema
    .createTable("running_timers")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id"))
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("running_timers_engagement_idx")
    .on("running_timers")
    .column("engagement_id")
    .execute();

  await db.schema
    .createTable("invoices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("credits_invoice_id", "text", (c) => c.references("invoices.id"))
    .addColumn("agreement_id", "text", (c) => c.notNull().references("agreements.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("service_type", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("hourly_rate_cents", "bigint", (c) => c.notNull())
    .addColumn("increment_minutes", "integer", (c) => c.notNull())
    .addColumn("minimum_minutes", "integer", (c) => c.notNull())
    .addColumn("cap_minutes", "integer", (c) => c.notNull())
    .addColumn("worked_minutes", "integer", (c) => c.notNull())
    .addColumn("billable_minutes", "integer", (c) => c.notNull())
    .addColumn("total_cents", "bigint", (c) => c.notNull())
    .addColumn("lines", "text", (c) => c.notNull())
    .addColumn("items", "text", (c) => c.notNull())
    .addColumn("bill_to", "text", (c) => c.notNull())
    .addColumn("vendor", "text", (c) => c.notNull())
    .addColumn("payment_url", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("issued_by", "text", (c) => c.references("users.id"))
    .addColumn("paid_at", "text")
    .execute();
  await db.schema.createIndex("invoices_engagement_idx").on("invoices").column("engagement_id").execute();
  await db.schema
    .createIndex("invoices_status_idx")
    .on("invoices")
    .columns(["status", "issued_at"])
    .execute();
  // One live invoice per engagement; a credited one makes room for its correction.
  await db.schema
    .createIndex("invoices_one_live_per_engagement_uq")
    .on("invoices")
    .column("engagement_id")
    .unique()
    .where(sql.ref("kind"), "=", "invoice")
    .where(sql.ref("status"), "<>", "credited")
    .execute();
  await db.schema
    .createIndex("invoices_series_seq_uq")
    .on("invoices")
    .columns(["kind", "year", "seq"])
    .unique()
    .execute();

  await db.schema
    .createTable("invoice_counters")
    .addColumn("series", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_seq", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("invoice_counters_pk", ["series", "year"])
    .execute();

  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE TRIGGER agreements_no_update BEFORE UPDATE ON agreements
    BEGIN SELECT RAISE(ABORT, 'agreements are immutable'); END`.execute(db);
  await sql`CREATE TRIGGER agreements_no_delete BEFORE DELETE ON agreements
    BEGIN SELECT RAISE(ABORT, 'agreements are immutable'); END`.execute(db);
  // Invoiced time may only be released by a credit note (invoice_id back to null), never changed.
  await sql`CREATE TRIGGER time_entries_locked BEFORE UPDATE ON time_entries
    WHEN OLD.invoice_id IS NOT NULL AND (NEW.invoice_id IS NOT NULL OR NEW.minutes <> OLD.minutes
      OR NEW.note <> OLD.note OR NEW.deleted_at IS NOT OLD.deleted_at)
    BEGIN SELECT RAISE(ABORT, 'time entry is invoiced'); END`.execute(db);
  await sql`CREATE TRIGGER time_entries_no_delete_locked BEFORE DELETE ON time_entries
    WHEN OLD.invoice_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'time entry is invoiced'); END`.execute(db);
  await sql`CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE OF kind, number, year, seq, engagement_id,
    credits_invoice_id, agreement_id, currency, hourly_rate_cents, increment_minutes, minimum_minutes,
    cap_minutes, worked_minutes, billable_minutes, total_cents, lines, items, bill_to, vendor, payment_url,
    issued_at ON invoices BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END`.execute(db);
  await sql`CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
    BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION billing_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% are immutable', TG_TABLE_NAME; END $$`.execute(db);
  await sql`CREATE TRIGGER agreements_immutable BEFORE UPDATE OR DELETE ON agreements
    FOR EACH ROW EXECUTE FUNCTION billing_refuse()`.execute(db);
  await sql`CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION billing_refuse()`.execute(db);
  await sql`CREATE FUNCTION billing_time_entry_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.invoice_id IS NOT NULL THEN RAISE EXCEPTION 'time entry is invoiced'; END IF;
        RETURN OLD;
      END IF;
      IF OLD.invoice_id IS NOT NULL AND (NEW.invoice_id IS NOT NULL OR NEW.minutes <> OLD.minutes
          OR NEW.note <> OLD.note OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at) THEN
        RAISE EXCEPTION 'time entry is invoiced';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER time_entries_locked BEFORE UPDATE OR DELETE ON time_entries
    FOR EACH ROW EXECUTE FUNCTION billing_time_entry_locked()`.execute(db);
  await sql`CREATE FUNCTION billing_invoice_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (NEW.kind, NEW.number, NEW.year, NEW.seq, NEW.engagement_id, NEW.credits_invoice_id, NEW.agreement_id,
          NEW.currency, NEW.hourly_rate_cents, NEW.increment_minutes, NEW.minimum_minutes, NEW.cap_minutes,
          NEW.worked_minutes, NEW.billable_minutes, NEW.total_cents, NEW.lines, NEW.items, NEW.bill_to,
          NEW.vendor, NEW.payment_url, NEW.issued_at)
        IS DISTINCT FROM
         (OLD.kind, OLD.number, OLD.year, OLD.seq, OLD.engagement_id, OLD.credits_invoice_id, OLD.agreement_id,
          OLD.currency, OLD.hourly_rate_cents, OLD.increment_minutes, OLD.minimum_minutes, OLD.cap_minutes,
          OLD.worked_minutes, OLD.billable_minutes, OLD.total_cents, OLD.lines, OLD.items, OLD.bill_to,
          OLD.vendor, OLD.payment_url, OLD.issued_at) THEN
        RAISE EXCEPTION 'issued invoices are immutable';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION billing_invoice_immutable()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "invoice_counters",
    "running_timers",
    "time_entries",
    "invoices",
    "agreements",
    "quotes",
    "engagement_events",
    "engagements",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const fn of ["billing_refuse", "billing_time_entry_locked", "billing_invoice_immutable"]) {
      await sql`DROP FUNCTION IF EXISTS ${sql.raw(fn)}() CASCADE`.execute(db);
    }
  }
}
