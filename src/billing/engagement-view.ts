import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { getSettings } from "../settings/settings.service.js";
import type { User } from "../users/users.service.js";
import type {
  AgreementView,
  EngagementDetailView,
  EngagementSummaryView,
  InvoiceView,
  QuoteView,
  TimeEntryView,
  TimerView,
} from "./billing.schema.js";
import { creditOf } from "./credits.service.js";
import { engagementCurrency } from "./customer-currency.service.js";
import { allowedActions } from "./engagement-state.js";
import {
  type EngagementListRow,
  findEngagementWithParties,
  listEngagementEvents,
} from "./engagements.repository.js";
import { assertPremiumAccess, ENGAGEMENT } from "./engagements.service.js";
import { type Invoice, listInvoicesForEngagement } from "./invoices.repository.js";
import { computeInvoice, costOfMinutes, prepaidMinutes, quoteAmounts } from "./money.js";
import { listPayments, type Payment } from "./payments.repository.js";
import { type Agreement, listAgreements, listQuotes, type Quote } from "./quotes.repository.js";
import { findLatestReview } from "./review/reviews.repository.js";
import { sha256Hex } from "./terms.js";
import {
  listRunningTimers,
  listTimeEntries,
  type RunningTimer,
  sumTimeEntryMinutes,
  type TimeEntry,
} from "./time.repository.js";
import { capView } from "./time.service.js";

// Domain objects → the API's shapes, typed by billing.schema.ts (the one definition of each shape).

export function presentEngagementSummary(e: EngagementListRow): EngagementSummaryView {
  return {
    id: e.id,
    state: e.state,
    serviceType: e.serviceType,
    language: e.language,
    conversationId: e.conversationId,
    contact: e.contact,
    customer: e.customer,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function presentQuote(q: Quote): QuoteView {
  return {
    id: q.id,
    code: q.code,
    kind: q.kind,
    status: q.status,
    serviceType: q.serviceType,
    hourlyRateCents: q.hourlyRateCents,
    cardRateCents: q.cardRateCents,
    rateOverridden: q.rateOverridden,
    currency: q.currency,
    incrementMinutes: q.incrementMinutes,
    minimumMinutes: q.minimumMinutes,
    estimateMinutes: q.estimateMinutes,
    capMinutes: q.capMinutes,
    ...quoteAmounts(q),
    depositCents: q.depositCents,
    language: q.language,
    termsText: q.termsText,
    termsSha256: q.termsSha256,
    rateCardVersion: q.rateCardVersion,
    sentToWaId: q.sentToWaId,
    createdAt: q.createdAt,
    decidedAt: q.decidedAt,
  };
}

export function presentAgreement(a: Agreement): AgreementView {
  return {
    ...a,
    capCents: costOfMinutes(a.capMinutes, a),
    hashVerified: sha256Hex(a.termsText) === a.termsSha256,
  };
}

export function presentTimeEntry(e: TimeEntry): TimeEntryView {
  return {
    id: e.id,
    engagementId: e.engagementId,
    agreementId: e.agreementId,
    userId: e.userId,
    userName: e.userName,
    minutes: e.minutes,
    note: e.note,
    source: e.source,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    invoiceId: e.invoiceId,
    locked: e.invoiceId !== null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function presentTimer(t: RunningTimer, now: Date): TimerView {
  return {
    ...t,
    elapsedMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(t.startedAt)) / 60_000)),
  };
}

export function presentInvoice(i: Invoice): InvoiceView {
  return {
    id: i.id,
    kind: i.kind,
    number: i.number,
    engagementId: i.engagementId,
    creditsInvoiceId: i.creditsInvoiceId,
    agreementId: i.agreementId,
    status: i.status,
    totalCents: i.totalCents,
    currency: i.currency,
    serviceType: i.serviceType,
    language: i.language,
    hourlyRateCents: i.hourlyRateCents,
    incrementMinutes: i.incrementMinutes,
    minimumMinutes: i.minimumMinutes,
    capMinutes: i.capMinutes,
    workedMinutes: i.workedMinutes,
    billableMinutes: i.billableMinutes,
    lines: i.lines,
    items: i.items,
    billTo: i.billTo,
    vendor: i.vendor,
    paymentUrl: i.paymentUrl,
    reason: i.reason,
    issuedAt: i.issuedAt,
    paidAt: i.paidAt,
    pdfUrl: `/api/v1/invoices/${i.id}/pdf`,
  };
}

/** The recorded time as the invoice would bill it today. */
function totalOf(agreement: Agreement, entries: TimeEntry[]) {
  const c = computeInvoice({
    entries,
    hourlyRateCents: agreement.hourlyRateCents,
    incrementMinutes: agreement.incrementMinutes,
    minimumMinutes: agreement.minimumMinutes,
    capMinutes: agreement.capMinutes,
  });
  return {
    workedMinutes: c.workedMinutes,
    billableMinutes: c.billableMinutes,
    amountCents: c.amountCents,
    currency: agreement.currency,
  };
}

function prepaidOf(agreement: Agreement, payments: Payment[], usedMinutes: number) {
  if (agreement.depositCents <= 0) return null;
  const paidCents = payments.reduce((sum, p) => sum + p.amountCents, 0);
  const depositPaid = paidCents >= agreement.depositCents;
  const coveredMinutes = depositPaid ? prepaidMinutes(paidCents, agreement) : 0;
  return {
    depositCents: agreement.depositCents,
    paidCents,
    depositPaid,
    coveredMinutes,
    remainingMinutes: Math.max(0, coveredMinutes - usedMinutes),
  };
}

/** Everything the engagement screen shows, in one read. */
export async function getEngagementDetail(
  ctx: AppContext,
  user: User,
  id: string,
): Promise<EngagementDetailView> {
  await assertPremiumAccess(ctx, user, ENGAGEMENT);
  const db = ctx.db.kysely;
  const engagement = await findEngagementWithParties(db, id);
  if (!engagement) throw new AppError("not_found", "No such engagement");
  const [quotes, agreements, entries, timers, invoices, events, used, settings, payments, review] =
    await Promise.all([
      listQuotes(db, id),
      listAgreements(db, id),
      listTimeEntries(db, id),
      listRunningTimers(db, id),
      listInvoicesForEngagement(db, id),
      listEngagementEvents(db, id),
      sumTimeEntryMinutes(db, id),
      getSettings(ctx),
      listPayments(db, id),
      findLatestReview(db, id),
    ]);
  const suggestedCurrency = await engagementCurrency(db, settings, engagement);
  const customerCredit = await creditOf(db, engagement);
  const agreement = agreements.find((a) => a.id === engagement.currentAgreementId) ?? null;
  const currentQuote = quotes.find((q) => q.id === engagement.currentQuoteId && q.status === "open") ?? null;
  const liveInvoice =
    [...invoices].reverse().find((i) => i.kind === "invoice" && i.status !== "credited") ?? null;
  const now = ctx.clock.now();
  return {
    ...presentEngagementSummary(engagement),
    quotes: quotes.map(presentQuote),
    currentQuote: currentQuote ? presentQuote(currentQuote) : null,
    agreement: agreement ? presentAgreement(agreement) : null,
    agreements: agreements.map(presentAgreement),
    timeEntries: entries.map(presentTimeEntry),
    runningTimers: timers.map((t) => presentTimer(t, now)),
    cap: agreement ? capView(used, agreement.capMinutes) : null,
    total: agreement ? totalOf(agreement, entries) : null,
    invoice: liveInvoice ? presentInvoice(liveInvoice) : null,
    invoices: invoices.map(presentInvoice),
    payments,
    prepaid: agreement ? prepaidOf(agreement, payments, used) : null,
    review: review ?? null,
    events,
    allowedActions: allowedActions(engagement.state),
    rateCard: {
      currency: settings.rates.currency,
      hourly: settings.rates.hourly,
      incrementMinutes: settings.rates.incrementMinutes,
      minimumMinutes: settings.rates.minimumMinutes,
      cards: settings.rates.cards,
    },
    customerCredit,
    suggestedCurrency,
  };
}

/** The agreement record as a plain-text evidence document: every agreement, with its exact terms. */
export function agreementEvidenceText(
  engagement: EngagementListRow,
  agreements: Agreement[],
  vendorName: string,
  generatedAt: string,
): string {
  const lines = [
    `${vendorName} — premium support agreement record`,
    `Engagement: ${engagement.id}`,
    `Customer: ${engagement.customer ? `${engagement.customer.name} <${engagement.customer.email}>` : "(not linked)"}`,
    `Contact: ${engagement.contact.name}${engagement.contact.waId ? ` (+${engagement.contact.waId})` : ""}`,
    `Generated: ${generatedAt}`,
  ];
  for (const a of agreements) {
    lines.push(
      "",
      "=".repeat(72),
      `Agreement ${a.id}`,
      `Quote: ${a.quoteCode} (${a.quoteId})`,
      `Accepted at: ${a.acceptedAt} (WhatsApp message timestamp), ${a.via === "button" ? "by tapping Accept" : "by a text reply"}`,
      `Accepting message (wamid): ${a.acceptedWamid}`,
      `Sender: +${a.senderWaId}`,
      `Rate card version (SHA-256 of the rates settings): ${a.rateCardVersion}`,
      `Terms SHA-256: ${a.termsSha256} (${sha256Hex(a.termsText) === a.termsSha256 ? "verified" : "MISMATCH"})`,
      "----- terms as sent and accepted -----",
      a.termsText,
      "----- end of terms -----",
    );
  }
  return `${lines.join("\n")}\n`;
}
