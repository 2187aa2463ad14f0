import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { ServiceType } from "../settings/settings.schema.js";
import type { InvoiceStatus, InvoicesTable } from "./billing.tables.js";
import type { InvoiceLine } from "./money.js";

export interface InvoiceItem {
  entryId: string;
  date: string;
  minutes: number;
  note: string;
  agent: string;
}

export interface BillTo {
  name: string;
  email: string | null;
  phone: string | null;
  customerId: string | null;
}

export interface VendorSnapshot {
  name: string;
  ownerName: string;
  website: string;
  supportEmail: string;
  /** The seller's legal details (empty on invoices issued before they existed). */
  legalName: string;
  address: string;
  taxId: string;
}

export interface Invoice {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  year: number;
  seq: number;
  engagementId: string;
  creditsInvoiceId: string | null;
  agreementId: string;
  status: InvoiceStatus;
  currency: string;
  serviceType: ServiceType;
  language: "es" | "en";
  hourlyRateCents: number;
  incrementMinutes: number;
  minimumMinutes: number;
  capMinutes: number;
  workedMinutes: number;
  billableMinutes: number;
  totalCents: number;
  lines: InvoiceLine[];
  items: InvoiceItem[];
  billTo: BillTo;
  vendor: VendorSnapshot;
  paymentUrl: string;
  reason: string;
  issuedAt: string;
  issuedBy: string | null;
  paidAt: string | null;
}

const INVOICE_COLUMNS = [
  "id",
  "kind",
  "number",
  "year",
  "seq",
  "engagement_id",
  "credits_invoice_id",
  "agreement_id",
  "status",
  "currency",
  "service_type",
  "language",
  "hourly_rate_cents",
  "increment_minutes",
  "minimum_minutes",
  "cap_minutes",
  "worked_minutes",
  "billable_minutes",
  "total_cents",
  "lines",
  "items",
  "bill_to",
  "vendor",
  "payment_url",
  "reason",
  "issued_at",
  "issued_by",
  "paid_at",
] as const;

function invoiceRowToInvoice(row: InvoicesTable): Invoice {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    year: row.year,
    seq: row.seq,
    engagementId: row.engagement_id,
    creditsInvoiceId: row.credits_invoice_id,
    agreementId: row.agreement_id,
    status: row.status,
    currency: row.currency,
    serviceType: row.service_type,
    language: row.language,
    hourlyRateCents: Number(row.hourly_rate_cents),
    incrementMinutes: row.increment_minutes,
    minimumMinutes: row.minimum_minutes,
    capMinutes: row.cap_minutes,
    workedMinutes: row.worked_minutes,
    billableMinutes: row.billable_minutes,
    totalCents: Number(row.total_cents),
    lines: JSON.parse(row.lines) as InvoiceLine[],
    items: JSON.parse(row.items) as InvoiceItem[],
    billTo: JSON.parse(row.bill_to) as BillTo,
    vendor: {
      legalName: "",
      address: "",
      taxId: "",
      ...(JSON.parse(row.vendor) as Partial<VendorSnapshot>),
    } as VendorSnapshot,
    paymentUrl: row.payment_url,
    reason: row.reason,
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    paidAt: row.paid_at,
  };
}

/**
 * The next number of a series for a year, gapless: the counter row is bumped in the caller's
 * transaction, so a rolled-back invoice gives its number back, and concurrent issuers queue on the row
 * lock (PostgreSQL) or the single writer (SQLite).
 */
export async function nextInvoiceSeq(db: Kysely<Database>, series: string, year: number): Promise<number> {
  await db
    .insertInto("invoice_counters")
    .values({ series, year, last_seq: 0 })
    .onConflict((oc) => oc.columns(["series", "year"]).doNothing())
    .execute();
  const row = await db
    .updateTable("invoice_counters")
    .set((eb) => ({ last_seq: eb("last_seq", "+", 1) }))
    .where("series", "=", series)
    .where("year", "=", year)
    .returning("last_seq")
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export async function insertInvoice(db: Kysely<Database>, row: InvoicesTable): Promise<void> {
  await db.insertInto("invoices").values(row).execute();
}

export async function findInvoice(db: Kysely<Database>, id: string): Promise<Invoice | undefined> {
  const row = await db.selectFrom("invoices").select(INVOICE_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? invoiceRowToInvoice(row) : undefined;
}

export async function listInvoicesForEngagement(
  db: Kysely<Database>,
  engagementId: string,
): Promise<Invoice[]> {
  const rows = await db
    .selectFrom("invoices")
    .select(INVOICE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("issued_at")
    .orderBy("number")
    .execute();
  return rows.map(invoiceRowToInvoice);
}

/** Compare-and-set on the payment status; only status and paid_at ever change on an issued invoice. */
export async function setInvoiceStatus(
  db: Kysely<Database>,
  id: string,
  from: InvoiceStatus,
  to: InvoiceStatus,
  paidAt: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable("invoices")
    .set({ status: to, paid_at: paidAt })
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What credit notes have given back on an invoice so far (a positive amount in minor units). */
export async function sumCreditedOn(db: Kysely<Database>, invoiceId: string): Promise<number> {
  const row = await db
    .selectFrom("invoices")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>("total_cents"), eb.lit(0)).as("total"))
    .where("credits_invoice_id", "=", invoiceId)
    .where("kind", "=", "credit_note")
    .executeTakeFirst();
  return -Number(row?.total ?? 0);
}
