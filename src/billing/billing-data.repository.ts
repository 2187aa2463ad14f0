import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

// Premium engagements of a customer's contacts (with their credit ledger), as the data-rights export shows them and as erasure
// anonymises them. Invoices stay whole but for the customer's email and phone (the name is what the law keeps).

function engagementIds(db: Kysely<Database>, who: { customerId?: string; contactIds: string[] }) {
  return db
    .selectFrom("engagements")
    .select("id")
    .where((eb) =>
      eb.or([
        ...(who.customerId ? [eb("customer_id", "=", who.customerId)] : []),
        ...(who.contactIds.length ? [eb("contact_id", "in", who.contactIds)] : []),
      ]),
    );
}

export async function billingDataRows(
  db: Kysely<Database>,
  who: { customerId?: string; contactIds: string[] },
) {
  const engagements = await db
    .selectFrom("engagements")
    .select(["id", "state", "service_type", "language", "created_at"])
    .where("id", "in", engagementIds(db, who))
    .orderBy("created_at")
    .execute();
  const ids = engagements.map((e) => e.id);
  if (!ids.length) return [];
  const quotes = await db
    .selectFrom("quotes")
    .select([
      "engagement_id",
      "code",
      "service_type",
      "hourly_rate_cents",
      "currency",
      "estimate_minutes",
      "cap_minutes",
      "status",
      "terms_text",
      "created_at",
    ])
    .where("engagement_id", "in", ids)
    .orderBy("created_at")
    .execute();
  const agreements = await db
    .selectFrom("agreements")
    .select(["engagement_id", "quote_code", "terms_sha256", "accepted_at", "via"])
    .where("engagement_id", "in", ids)
    .execute();
  const entries = await db
    .selectFrom("time_entries")
    .select(["engagement_id", "minutes", "note", "created_at"])
    .where("engagement_id", "in", ids)
    .where("deleted_at", "is", null)
    .orderBy("created_at")
    .execute();
  const reviews = await db
    .selectFrom("billing_reviews")
    .select([
      "engagement_id",
      "status",
      "amount_cents",
      "currency",
      "reason",
      "answer",
      "sent_at",
      "decided_at",
    ])
    .where("engagement_id", "in", ids)
    .orderBy("sent_at")
    .execute();
  const invoices = await db
    .selectFrom("invoices")
    .select([
      "engagement_id",
      "kind",
      "number",
      "status",
      "currency",
      "total_cents",
      "bill_to",
      "issued_at",
      "paid_at",
    ])
    .where("engagement_id", "in", ids)
    .orderBy("issued_at")
    .execute();
  const credits = await db
    .selectFrom("customer_credits")
    .select(["engagement_id", "kind", "currency", "amount_cents", "created_at"])
    .where("engagement_id", "in", ids)
    .orderBy("created_at")
    .execute();
  return engagements.map((e) => ({
    service: e.service_type,
    state: e.state,
    language: e.language,
    createdAt: e.created_at,
    quotes: quotes
      .filter((q) => q.engagement_id === e.id)
      .map((q) => ({
        code: q.code,
        service: q.service_type,
        hourlyRateCents: q.hourly_rate_cents,
        currency: q.currency,
        estimateMinutes: q.estimate_minutes,
        capMinutes: q.cap_minutes,
        status: q.status,
        terms: q.terms_text,
        at: q.created_at,
      })),
    agreements: agreements
      .filter((a) => a.engagement_id === e.id)
      .map((a) => ({
        quoteCode: a.quote_code,
        termsSha256: a.terms_sha256,
        acceptedAt: a.accepted_at,
        via: a.via,
      })),
    timeEntries: entries
      .filter((t) => t.engagement_id === e.id)
      .map((t) => ({ minutes: t.minutes, note: t.note, at: t.created_at })),
    reviews: reviews
      .filter((r) => r.engagement_id === e.id)
      .map((r) => ({
        status: r.status,
        amountCents: Number(r.amount_cents),
        currency: r.currency,
        reason: r.reason,
        answer: r.answer,
        sentAt: r.sent_at,
        decidedAt: r.decided_at,
      })),
    invoices: invoices
      .filter((i) => i.engagement_id === e.id)
      .map((i) => ({
        kind: i.kind,
        number: i.number,
        status: i.status,
        currency: i.currency,
        totalCents: i.total_cents,
        billTo: JSON.parse(i.bill_to) as unknown,
        issuedAt: i.issued_at,
        paidAt: i.paid_at,
      })),
    // Kept as credit from this engagement, or drawn by it.
    credits: credits
      .filter((c) => c.engagement_id === e.id)
      .map((c) => ({
        kind: c.kind,
        currency: c.currency,
        amountCents: Number(c.amount_cents),
        at: c.created_at,
      })),
  }));
}

export const ERASED_CONTACT_NAME = "[erased]";

export async function eraseBillingRows(
  trx: Kysely<Database>,
  who: { customerId?: string; contactIds: string[] },
): Promise<{ engagementIds: string[]; invoiceIds: string[] }> {
  const ids = (await engagementIds(trx, who).execute()).map((r) => r.id);
  if (!ids.length) return { engagementIds: [], invoiceIds: [] };
  await trx
    .updateTable("engagements")
    .set({ contact_wa_id: null, contact_name: ERASED_CONTACT_NAME })
    .where("id", "in", ids)
    .execute();
  await trx.updateTable("quotes").set({ sent_to_wa_id: null }).where("engagement_id", "in", ids).execute();
  await trx.updateTable("agreements").set({ sender_wa_id: "" }).where("engagement_id", "in", ids).execute();
  // The customer's words in a review dispute, and the owner's answer to them.
  await trx
    .updateTable("billing_reviews")
    .set({ reason: "", answer: "" })
    .where("engagement_id", "in", ids)
    .execute();
  const invoices = await trx
    .selectFrom("invoices")
    .select(["id", "bill_to"])
    .where("engagement_id", "in", ids)
    .execute();
  for (const invoice of invoices) {
    const billTo = JSON.parse(invoice.bill_to) as Record<string, unknown>;
    await trx
      .updateTable("invoices")
      .set({ bill_to: JSON.stringify({ ...billTo, email: null, phone: null }) })
      .where("id", "=", invoice.id)
      .execute();
  }
  return { engagementIds: ids, invoiceIds: invoices.map((i) => i.id) };
}
