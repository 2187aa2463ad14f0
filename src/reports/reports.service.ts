import { totalInReportingCurrency } from "../billing/exchange.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { type CatalogueMark, listQuestionMarks } from "../policy/policy.public.js";
import type { Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { canSee } from "../users/policies.js";
import type { User } from "../users/users.service.js";
import { type BillingReport, billingReport } from "./billing-report.repository.js";
import { toCsv } from "./csv.js";
import {
  adLeads,
  conversationFirstResponses,
  messagesPerDay,
  premiumMinutesByService,
  presalesConversationsPerDay,
  type Range,
  type ResponsePair,
  revenueByMonth,
  ticketFirstResponses,
  ticketsPerDay,
  unpaidInvoices,
} from "./reports.repository.js";

export const REPORT_SERIES = [
  "messages",
  "conversations",
  "tickets",
  "ad-leads",
  "catalogue",
  "first-response",
  "premium-hours",
  "revenue",
  "unpaid-invoices",
  "billing",
] as const;
export type ReportSeries = (typeof REPORT_SERIES)[number];

/**
 * Money is the owner's (SPEC 3.6). Premium time, and the premium line's message counts and response times,
 * follow the access policy of the premium conversations themselves (users/policies.ts).
 */
function allowedSeries(user: User, premium: boolean): Set<ReportSeries> {
  return new Set(
    REPORT_SERIES.filter((s) => {
      if (s === "revenue" || s === "unpaid-invoices" || s === "billing") return user.role === "owner";
      if (s === "premium-hours") return premium;
      return true;
    }),
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const MAX_DAYS = 731;

export interface ReportRange {
  /** First day, inclusive (UTC, YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** The requested days, or the last 30 days; refuses nonsense with a 400. */
export function parseRange(
  input: { from?: string | undefined; to?: string | undefined },
  now: Date,
): ReportRange {
  const today = now.toISOString().slice(0, 10);
  const to = input.to ?? today;
  const from = input.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (
      !DATE.test(value) ||
      Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
      new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
    ) {
      throw new AppError("validation_failed", `${name} must be a date like 2026-11-25`);
    }
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) throw new AppError("validation_failed", "from must not be after to");
  if (days > MAX_DAYS) throw new AppError("validation_failed", `A report covers at most ${MAX_DAYS} days`);
  return { from, to };
}

function instants(range: ReportRange): Range {
  return {
    from: `${range.from}T00:00:00.000Z`,
    to: new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS).toISOString(),
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function responseStats(pairs: ResponsePair[]) {
  const minutes = (p: ResponsePair) => (Date.parse(p.answeredAt) - Date.parse(p.askedAt)) / 60_000;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const byDay = new Map<string, number[]>();
  for (const p of pairs) byDay.set(p.day, [...(byDay.get(p.day) ?? []), minutes(p)]);
  return {
    medianMinutes: round(median(pairs.map(minutes))),
    count: pairs.length,
    perDay: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, values]) => ({
        day,
        medianMinutes: round(median(values)) as number,
        count: values.length,
      })),
  };
}

/** Questions per product and kind (a question asking two kinds counts for each), most asked first. */
function catalogueDeflection(marks: CatalogueMark[]) {
  const rows = new Map<
    string,
    { productId: string; product: string; kind: string; automatic: number; agents: number }
  >();
  for (const mark of marks) {
    for (const kind of mark.kinds) {
      const productId = mark.productId ?? "";
      const key = `${productId}\u0000${kind}`;
      const row = rows.get(key) ?? { productId, product: mark.product ?? "", kind, automatic: 0, agents: 0 };
      if (mark.answered) row.automatic++;
      else row.agents++;
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.automatic + b.agents - (a.automatic + a.agents) ||
      a.product.localeCompare(b.product) ||
      a.kind.localeCompare(b.kind),
  );
}

export async function getReport(ctx: AppContext, user: User, range: ReportRange) {
  const settings = await getSettings(ctx);
  const seesPremium = canSee(settings, user, "premium");
  const allowed = allowedSeries(user, seesPremium);
  const db = ctx.db.kysely;
  const window = instants(range);
  const numbers = new Map([
    [settings.channels.presales.phoneNumberId, settings.channels.presales.displayNumber],
    [settings.channels.premium.phoneNumberId, settings.channels.premium.displayNumber],
  ]);
  const [
    messages,
    conversations,
    tickets,
    whatsappResponses,
    ticketResponses,
    premium,
    revenue,
    unpaid,
    ads,
    questions,
    billing,
  ] = await Promise.all([
    messagesPerDay(db, window),
    presalesConversationsPerDay(db, window),
    ticketsPerDay(db, window),
    conversationFirstResponses(db, window),
    ticketFirstResponses(db, window),
    allowed.has("premium-hours") ? premiumMinutesByService(db, window) : undefined,
    allowed.has("revenue") ? revenueByMonth(db, window) : undefined,
    allowed.has("unpaid-invoices") ? unpaidInvoices(db) : undefined,
    adLeads(db, window),
    listQuestionMarks(db, window.from, window.to),
    allowed.has("billing") ? billingReport(db, window) : undefined,
  ]);
  const now = ctx.clock.now().getTime();
  return {
    from: range.from,
    to: range.to,
    series: {
      messages: messages
        .filter((m) => seesPremium || m.role !== "premium")
        .map((m) => ({ ...m, number: numbers.get(m.phoneNumberId) ?? m.phoneNumberId })),
      conversations,
      tickets,
      adLeads: ads.filter((a) => seesPremium || a.role !== "premium"),
      catalogue: catalogueDeflection(questions),
      firstResponse: {
        presales: responseStats(whatsappResponses.filter((r) => r.role === "presales")),
        ...(seesPremium && { premium: responseStats(whatsappResponses.filter((r) => r.role === "premium")) }),
        tickets: responseStats(ticketResponses),
      },
      ...(premium && {
        premiumHours: premium.map((p) => ({ ...p, hours: Math.round((p.minutes / 60) * 100) / 100 })),
      }),
      ...(revenue && { revenue }),
      ...(billing && {
        billing: {
          ...billing,
          inReportingCurrency: inReportingCurrency(settings.exchange, revenue ?? [], billing),
          hoursByCurrency: billing.hoursByCurrency.map((h) => ({
            ...h,
            hours: Math.round((h.minutes / 60) * 100) / 100,
          })),
          reviews: {
            ...billing.reviews,
            approvalRate:
              billing.reviews.approved + billing.reviews.approvedBySilence + billing.reviews.disputed > 0
                ? (billing.reviews.approved + billing.reviews.approvedBySilence) /
                  (billing.reviews.approved + billing.reviews.approvedBySilence + billing.reviews.disputed)
                : null,
          },
        },
      }),
      ...(unpaid && {
        unpaidInvoices: unpaid.map((u) => ({
          ...u,
          daysOutstanding: Math.floor((now - Date.parse(u.issuedAt)) / DAY_MS),
        })),
      }),
    },
    hidden: REPORT_SERIES.filter((s) => !allowed.has(s)),
  };
}

export type Report = Awaited<ReturnType<typeof getReport>>;

/** One series of the report as CSV (403 for a series the user may not see). */
export async function reportCsv(
  ctx: AppContext,
  user: User,
  series: ReportSeries,
  range: ReportRange,
): Promise<string> {
  const report = await getReport(ctx, user, range);
  if (report.hidden.includes(series)) throw new AppError("forbidden", "Only the owner sees this report");
  const s = report.series;
  switch (series) {
    case "messages":
      return toCsv(
        ["day", "number", "role", "inbound", "outbound"],
        s.messages.map((m) => [m.day, m.number, m.role, m.inbound, m.outbound]),
      );
    case "conversations":
      return toCsv(
        ["day", "presales", "redirected"],
        s.conversations.map((c) => [c.day, c.presales, c.redirected]),
      );
    case "tickets":
      return toCsv(
        ["day", "opened", "resolved"],
        s.tickets.map((t) => [t.day, t.opened, t.resolved]),
      );
    case "ad-leads":
      return toCsv(
        ["ad_id", "headline", "source_url", "role", "leads"],
        s.adLeads.map((a) => [a.adId, a.headline, a.sourceUrl, a.role, a.leads]),
      );
    case "catalogue":
      return toCsv(
        ["product_id", "product", "kind", "answered_automatically", "left_to_agents"],
        s.catalogue.map((c) => [c.productId, c.product, c.kind, c.automatic, c.agents]),
      );
    case "first-response": {
      const { firstResponse } = s;
      const kinds = (["presales", "premium", "tickets"] as const).filter((k) => firstResponse[k]);
      const days = [
        ...new Set(kinds.flatMap((k) => firstResponse[k]?.perDay.map((d) => d.day) ?? [])),
      ].sort();
      return toCsv(
        ["day", ...kinds.flatMap((k) => [`${k}_median_minutes`, `${k}_count`])],
        days.map((d) => [
          d,
          ...kinds.flatMap((k) => {
            const found = firstResponse[k]?.perDay.find((x) => x.day === d);
            return [found?.medianMinutes ?? null, found?.count ?? 0];
          }),
        ]),
      );
    }
    case "premium-hours":
      return toCsv(
        ["service_type", "minutes", "hours", "engagements"],
        (s.premiumHours ?? []).map((p) => [p.serviceType, p.minutes, p.hours, p.engagements]),
      );
    case "revenue":
      return toCsv(
        ["month", "currency", "invoiced_cents", "paid_cents"],
        (s.revenue ?? []).map((r) => [r.month, r.currency, r.invoicedCents, r.paidCents]),
      );
    case "billing": {
      const b = s.billing;
      return toCsv(
        ["currency", "minutes", "hours", "engagements", "deposits_outstanding_cents"],
        (b?.hoursByCurrency ?? []).map((h) => [
          h.currency,
          h.minutes,
          h.hours,
          h.engagements,
          (b?.depositsOutstanding ?? [])
            .filter((d) => d.currency === h.currency)
            .reduce((sum, d) => sum + d.depositCents - d.paidCents, 0),
        ]),
      );
    }
    case "unpaid-invoices":
      return toCsv(
        ["number", "bill_to", "total_cents", "currency", "issued_at", "days_outstanding"],
        (s.unpaidInvoices ?? []).map((u) => [
          u.number,
          u.billTo,
          u.totalCents,
          u.currency,
          u.issuedAt,
          u.daysOutstanding,
        ]),
      );
  }
}

/** The billing report's money in the owner's reporting currency, at their rates; null before any rates. */
function inReportingCurrency(
  exchange: Settings["exchange"],
  revenue: { currency: string; invoicedCents: number; paidCents: number }[],
  billing: BillingReport,
) {
  if (exchange.rates.length === 0) return null;
  const invoiced = totalInReportingCurrency(
    revenue.map((r) => ({ currency: r.currency, cents: r.invoicedCents })),
    exchange,
  );
  const paid = totalInReportingCurrency(
    revenue.map((r) => ({ currency: r.currency, cents: r.paidCents })),
    exchange,
  );
  const deposits = totalInReportingCurrency(
    billing.depositsOutstanding.map((d) => ({ currency: d.currency, cents: d.depositCents - d.paidCents })),
    exchange,
  );
  return {
    currency: exchange.currency,
    asOf: exchange.asOf,
    invoicedCents: invoiced.cents,
    paidCents: paid.cents,
    depositsOutstandingCents: deposits.cents,
    missing: [...new Set([...invoiced.missing, ...paid.missing, ...deposits.missing])].sort(),
  };
}
