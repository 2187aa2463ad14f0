import { type Kysely, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";

// The report queries. Days and months are UTC, cut from the ISO-8601 text instants with substr(), which
// both SQLite and PostgreSQL have. `from` is inclusive and `to` exclusive (instants).

export interface Range {
  from: string;
  to: string;
}

// Literals, not parameters: PostgreSQL must see the same expression in SELECT and GROUP BY.
const day = (column: string) => sql<string>`substr(${sql.ref(column)}, ${sql.lit(1)}, ${sql.lit(10)})`;
const month = (column: string) => sql<string>`substr(${sql.ref(column)}, ${sql.lit(1)}, ${sql.lit(7)})`;
const countWhen = (condition: ReturnType<typeof sql>) =>
  sql<number>`sum(case when ${condition} then 1 else 0 end)`;

export interface MessagesPerDayRow {
  day: string;
  role: string;
  phoneNumberId: string;
  inbound: number;
  outbound: number;
}

export async function messagesPerDay(db: Kysely<Database>, range: Range): Promise<MessagesPerDayRow[]> {
  const rows = await db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversation_id")
    .select([
      day("messages.created_at").as("day"),
      "conversations.role",
      "conversations.phone_number_id",
      countWhen(sql`messages.direction = 'in'`).as("inbound"),
      countWhen(sql`messages.direction = 'out'`).as("outbound"),
    ])
    .where("messages.created_at", ">=", range.from)
    .where("messages.created_at", "<", range.to)
    // A reaction, edit or revoke touches a message; it is not one.
    .where("messages.target_wamid", "is", null)
    .groupBy([day("messages.created_at"), "conversations.role", "conversations.phone_number_id"])
    .orderBy(day("messages.created_at"))
    .orderBy("conversations.role")
    .execute();
  return rows.map((r) => ({
    day: r.day,
    role: r.role,
    phoneNumberId: r.phone_number_id,
    inbound: Number(r.inbound),
    outbound: Number(r.outbound),
  }));
}

export interface AdLeadsRow {
  /** The ad's id (source_id), or "" when Meta sent none. */
  adId: string;
  headline: string;
  sourceUrl: string;
  role: string;
  /** Conversations that came from the ad. */
  leads: number;
}

/** Click-to-WhatsApp ad leads in the range, by ad: how many conversations each ad brought. */
export async function adLeads(db: Kysely<Database>, range: Range): Promise<AdLeadsRow[]> {
  const rows = await db
    .selectFrom("whatsapp_ad_leads")
    .innerJoin("conversations", "conversations.id", "whatsapp_ad_leads.conversation_id")
    .select([
      sql<string>`coalesce(whatsapp_ad_leads.source_id, '')`.as("ad_id"),
      sql<string>`max(coalesce(whatsapp_ad_leads.headline, ''))`.as("headline"),
      sql<string>`max(coalesce(whatsapp_ad_leads.source_url, ''))`.as("source_url"),
      "conversations.role",
      sql<number>`count(distinct whatsapp_ad_leads.conversation_id)`.as("leads"),
    ])
    .where("whatsapp_ad_leads.created_at", ">=", range.from)
    .where("whatsapp_ad_leads.created_at", "<", range.to)
    .groupBy([sql`coalesce(whatsapp_ad_leads.source_id, '')`, "conversations.role"])
    .orderBy(sql`count(distinct whatsapp_ad_leads.conversation_id)`, "desc")
    .execute();
  return rows.map((r) => ({
    adId: r.ad_id,
    headline: r.headline,
    sourceUrl: r.source_url,
    role: r.role,
    leads: Number(r.leads),
  }));
}

export interface ConversationsPerDayRow {
  day: string;
  presales: number;
  redirected: number;
}

/** New conversations on the pre-sales number per day: kept as pre-sales, or redirected by the policy. */
export async function presalesConversationsPerDay(
  db: Kysely<Database>,
  range: Range,
): Promise<ConversationsPerDayRow[]> {
  const rows = await db
    .selectFrom("conversations")
    .select([
      day("created_at").as("day"),
      countWhen(sql`state <> 'redirected'`).as("presales"),
      countWhen(sql`state = 'redirected'`).as("redirected"),
    ])
    .where("role", "=", "presales")
    .where("created_at", ">=", range.from)
    .where("created_at", "<", range.to)
    .groupBy(day("created_at"))
    .orderBy(day("created_at"))
    .execute();
  return rows.map((r) => ({ day: r.day, presales: Number(r.presales), redirected: Number(r.redirected) }));
}

export interface TicketsPerDayRow {
  day: string;
  opened: number;
  resolved: number;
}

export async function ticketsPerDay(db: Kysely<Database>, range: Range): Promise<TicketsPerDayRow[]> {
  const opened = await db
    .selectFrom("tickets")
    .select([day("created_at").as("day"), (eb) => eb.fn.countAll<number>().as("n")])
    .where("created_at", ">=", range.from)
    .where("created_at", "<", range.to)
    .groupBy(day("created_at"))
    .execute();
  const resolved = await db
    .selectFrom("tickets")
    .select([day("resolved_at").as("day"), (eb) => eb.fn.countAll<number>().as("n")])
    .where("resolved_at", ">=", range.from)
    .where("resolved_at", "<", range.to)
    .groupBy(day("resolved_at"))
    .execute();
  const byDay = new Map<string, TicketsPerDayRow>();
  const row = (d: string) => byDay.get(d) ?? byDay.set(d, { day: d, opened: 0, resolved: 0 }).get(d)!;
  for (const r of opened) row(r.day).opened = Number(r.n);
  for (const r of resolved) row(r.day).resolved = Number(r.n);
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export interface ResponsePair {
  day: string;
  /** The number's role for WhatsApp conversations. */
  role?: string;
  askedAt: string;
  answeredAt: string;
}

/** Tickets opened in the range that got a first response: when asked, when answered. */
export async function ticketFirstResponses(db: Kysely<Database>, range: Range): Promise<ResponsePair[]> {
  const rows = await db
    .selectFrom("tickets")
    .select(["created_at", "first_response_at"])
    .where("created_at", ">=", range.from)
    .where("created_at", "<", range.to)
    .where("first_response_at", "is not", null)
    .execute();
  return rows.map((r) => ({
    day: r.created_at.slice(0, 10),
    askedAt: r.created_at,
    answeredAt: r.first_response_at!,
  }));
}

/**
 * WhatsApp conversations started in the range: the customer's first message and an agent's first reply
 * after it (automatic replies are not a response by a person).
 */
export async function conversationFirstResponses(
  db: Kysely<Database>,
  range: Range,
): Promise<ResponsePair[]> {
  const rows = await db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversation_id")
    .select([
      "messages.conversation_id",
      "conversations.role",
      sql<string | null>`min(case when messages.direction = 'in' then messages.created_at end)`.as(
        "asked_at",
      ),
      sql<
        string | null
      >`min(case when messages.direction = 'out' and messages.sent_by_user_id is not null then messages.created_at end)`.as(
        "answered_at",
      ),
    ])
    .where("conversations.created_at", ">=", range.from)
    .where("conversations.created_at", "<", range.to)
    .where("messages.target_wamid", "is", null)
    .groupBy(["messages.conversation_id", "conversations.role"])
    .execute();
  return rows
    .filter((r) => r.asked_at !== null && r.answered_at !== null && r.answered_at >= r.asked_at)
    .map((r) => ({
      day: r.asked_at!.slice(0, 10),
      role: r.role,
      askedAt: r.asked_at!,
      answeredAt: r.answered_at!,
    }));
}

export interface PremiumMinutesRow {
  serviceType: string;
  minutes: number;
  engagements: number;
}

/** Time recorded on premium engagements in the range, by service type. */
export async function premiumMinutesByService(
  db: Kysely<Database>,
  range: Range,
): Promise<PremiumMinutesRow[]> {
  const rows = await db
    .selectFrom("time_entries")
    .innerJoin("engagements", "engagements.id", "time_entries.engagement_id")
    .select([
      "engagements.service_type",
      (eb) => eb.fn.sum<number | string>("time_entries.minutes").as("minutes"),
      sql<number>`count(distinct engagements.id)`.as("engagements"),
    ])
    .where("time_entries.deleted_at", "is", null)
    .where("time_entries.created_at", ">=", range.from)
    .where("time_entries.created_at", "<", range.to)
    .groupBy("engagements.service_type")
    .execute();
  return rows.map((r) => ({
    serviceType: r.service_type,
    minutes: Number(r.minutes),
    engagements: Number(r.engagements),
  }));
}

export interface RevenueRow {
  month: string;
  currency: string;
  invoicedCents: number;
  paidCents: number;
}

/** Invoiced (net of credit notes) by month of issue, and paid by month of payment. */
export async function revenueByMonth(db: Kysely<Database>, range: Range): Promise<RevenueRow[]> {
  const invoiced = await db
    .selectFrom("invoices")
    .select([
      month("issued_at").as("month"),
      "currency",
      (eb) => eb.fn.sum<number | string>("total_cents").as("cents"),
    ])
    .where("issued_at", ">=", range.from)
    .where("issued_at", "<", range.to)
    .groupBy([month("issued_at"), "currency"])
    .execute();
  const paid = await db
    .selectFrom("invoices")
    .select([
      month("paid_at").as("month"),
      "currency",
      (eb) => eb.fn.sum<number | string>("total_cents").as("cents"),
    ])
    .where("kind", "=", "invoice")
    .where("status", "=", "paid")
    .where("paid_at", ">=", range.from)
    .where("paid_at", "<", range.to)
    .groupBy([month("paid_at"), "currency"])
    .execute();
  const rows = new Map<string, RevenueRow>();
  const row = (m: string, currency: string) => {
    const key = `${m} ${currency}`;
    return rows.get(key) ?? rows.set(key, { month: m, currency, invoicedCents: 0, paidCents: 0 }).get(key)!;
  };
  for (const r of invoiced) row(r.month, r.currency).invoicedCents = Number(r.cents);
  for (const r of paid) row(r.month, r.currency).paidCents = Number(r.cents);
  return [...rows.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency),
  );
}

export interface UnpaidInvoiceRow {
  id: string;
  number: string;
  engagementId: string;
  billTo: string;
  totalCents: number;
  currency: string;
  issuedAt: string;
}

/** Every invoice still waiting for payment, oldest first (whatever the range: debts do not expire). */
export async function unpaidInvoices(db: Kysely<Database>): Promise<UnpaidInvoiceRow[]> {
  const rows = await db
    .selectFrom("invoices")
    .select(["id", "number", "engagement_id", "bill_to", "total_cents", "currency", "issued_at"])
    .where("kind", "=", "invoice")
    .where("status", "=", "unpaid")
    .orderBy("issued_at")
    .orderBy("number")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    engagementId: r.engagement_id,
    billTo: (JSON.parse(r.bill_to) as { name?: string }).name ?? "",
    totalCents: Number(r.total_cents),
    currency: r.currency,
    issuedAt: r.issued_at,
  }));
}
