import type { Kysely } from "kysely";
import { todayIn } from "../licenses/entitlement.js";
import { findCustomerById } from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import type { User } from "../users/users.service.js";
import { insertCreditNoteRow } from "./credit-note-row.js";
import { issuePartialCreditNoteIn } from "./credit-notes.service.js";
import { keepAsCredit } from "./credits.service.js";
import { invoiceText } from "./customer-messages.js";
import { nextState } from "./engagement-state.js";
import type { Engagement } from "./engagements.repository.js";
import {
  agreementOf,
  assertPremiumAccess,
  customerLanguageOf,
  ENGAGEMENT,
  engagementForChange,
  INVOICE,
  premiumTransaction,
  publishEngagement,
  transition,
  userActor,
} from "./engagements.service.js";
import { formatInvoiceNumber } from "./invoice-number.js";
import {
  type BillTo,
  findInvoice,
  type Invoice,
  type InvoiceItem,
  insertInvoice,
  nextInvoiceSeq,
  setInvoiceStatus,
  type VendorSnapshot,
} from "./invoices.repository.js";
import { computeInvoice, formatMoney, type InvoiceLine, netOfPayments } from "./money.js";
import { sumPayments } from "./payments.repository.js";
import { findPremiumContact, notifyCustomer, sendInvoiceMessage } from "./premium-channel.js";
import { assertReviewedIn } from "./review/reviews.service.js";
import { cardPayments, customerLinkIn } from "./stripe/customer-links.js";
import { paymentUrl } from "./terms.js";
import { attachEntriesToInvoice, listTimeEntries, releaseEntriesFromInvoice } from "./time.repository.js";

/**
 * Issues the invoice of a closed engagement: the pure computation over its time entries, the next
 * gapless number of the year, the entries locked, and the customer told the total and the payment link.
 */
export async function issueInvoice(ctx: AppContext, user: User, engagementId: string): Promise<Invoice> {
  const invoice = await premiumTransaction(ctx, user, ENGAGEMENT, async (tx, settings) => {
    const engagement = await engagementForChange(tx, engagementId);
    if (engagement.state === "in_review" || engagement.state === "disputed")
      await assertReviewedIn(tx, engagement);
    if (!nextState(engagement.state, "invoice")) {
      throw new AppError(
        "invalid_state",
        `Cannot invoice an engagement that is ${engagement.state.replace("_", " ")}`,
        {
          state: engagement.state,
        },
      );
    }
    const agreement = await agreementOf(tx.trx, engagement);
    const entries = await listTimeEntries(tx.trx, engagement.id);
    if (entries.length === 0) {
      throw new AppError(
        "invalid_state",
        "No time was recorded: there is nothing to invoice (cancel the engagement instead)",
      );
    }
    const computation = computeInvoice({
      entries,
      hourlyRateCents: agreement.hourlyRateCents,
      incrementMinutes: agreement.incrementMinutes,
      minimumMinutes: agreement.minimumMinutes,
      capMinutes: agreement.capMinutes,
    });
    // What was paid in advance (the deposit, top-ups) is netted off: the invoice asks only for the rest.
    const net = netOfPayments(computation.amountCents, await sumPayments(tx.trx, engagement.id));
    const lines: InvoiceLine[] = net.appliedCents
      ? [...computation.lines, { kind: "prepaid", minutes: 0, amountCents: -net.appliedCents }]
      : computation.lines;
    const settled = net.dueCents === 0;
    const now = ctx.clock.now();
    const at = now.toISOString();
    const year = Number(todayIn(settings.vendor.timeZone, now).slice(0, 4));
    const seq = await nextInvoiceSeq(tx.trx, "INV", year);
    const number = formatInvoiceNumber(year, seq);
    const language = await customerLanguageOf(tx.trx, engagement);
    const id = newId();
    // With card payments the link opens a Stripe Checkout for what is due; otherwise the owner's template.
    const link = settled
      ? ""
      : cardPayments(tx)
        ? await customerLinkIn(tx, { kind: "pay", engagementId: engagement.id, invoiceId: null, days: 365 })
        : settings.rates.paymentUrlTemplate.trim()
          ? paymentUrl(settings.rates.paymentUrlTemplate, {
              amountCents: net.dueCents,
              currency: agreement.currency,
              invoice: number,
            })
          : "";
    const items: InvoiceItem[] = entries.map((e) => ({
      entryId: e.id,
      date: todayIn(settings.vendor.timeZone, new Date(e.startedAt ?? e.createdAt)),
      minutes: e.minutes,
      note: e.note,
      agent: e.userName,
    }));
    await insertInvoice(tx.trx, {
      id,
      kind: "invoice",
      number,
      year,
      seq,
      engagement_id: engagement.id,
      credits_invoice_id: null,
      agreement_id: agreement.id,
      status: settled ? "paid" : "unpaid",
      currency: agreement.currency,
      service_type: agreement.serviceType,
      language,
      hourly_rate_cents: agreement.hourlyRateCents,
      increment_minutes: agreement.incrementMinutes,
      minimum_minutes: agreement.minimumMinutes,
      cap_minutes: agreement.capMinutes,
      worked_minutes: computation.workedMinutes,
      billable_minutes: computation.billableMinutes,
      total_cents: net.dueCents,
      lines: JSON.stringify(lines),
      items: JSON.stringify(items),
      bill_to: JSON.stringify(await billTo(tx.trx, engagement)),
      vendor: JSON.stringify(vendorSnapshot(settings.vendor)),
      payment_url: link,
      reason: "",
      issued_at: at,
      issued_by: user.id,
      paid_at: settled ? at : null,
    });
    await attachEntriesToInvoice(tx.trx, engagement.id, id, at);
    const pdfUrl = await customerLinkIn(tx, {
      kind: "invoice_pdf",
      engagementId: engagement.id,
      invoiceId: id,
      days: 365,
    });
    const invoiceSent = await sendInvoiceMessage(tx, {
      engagement,
      sentByUserId: user.id,
      variables: {
        number,
        amount: formatMoney(computation.amountCents, agreement.currency, language),
        link: link || settings.vendor.website,
      },
      text: invoiceText({
        language,
        number,
        totalCents: net.dueCents,
        currency: agreement.currency,
        paymentUrl: link,
        pdfUrl,
      }),
    });
    await transition(tx, engagement, "invoice", userActor(user), {
      invoiceId: id,
      number,
      invoiceSent,
      prepaidCents: net.appliedCents,
      unusedPrepaidCents: net.unusedCents,
    });
    if (settled)
      await transition(tx, engagement, "mark_paid", userActor(user), { invoiceId: id, prepaid: true });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "invoice.issue",
      subjectType: "invoice",
      subjectId: id,
      details: {
        number,
        engagementId: engagement.id,
        totalCents: net.dueCents,
        workCents: computation.amountCents,
        prepaidCents: net.appliedCents,
      },
      at,
    });
    if (net.unusedCents > 0 && settings.premium.unusedPrepaid === "keep") {
      // The owner's choice: the unused prepaid money stays as the customer's credit for their next work.
      await keepAsCredit(
        tx,
        engagement,
        { invoiceId: id, currency: agreement.currency, cents: net.unusedCents, language },
        userActor(user),
      );
    }
    if (net.unusedCents > 0 && settings.premium.unusedPrepaid === "refund") {
      // The owner's choice: the prepaid money the work did not use goes back at once, with a credit note.
      await issuePartialCreditNoteIn(
        tx,
        engagement,
        id,
        { amountCents: net.unusedCents, reason: translate(language, "billing.wa.unusedRefunded") },
        { actor: userActor(user), timeZone: settings.vendor.timeZone },
      );
    }
    return (await findInvoice(tx.trx, id)) as Invoice;
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
  return invoice;
}

async function billTo(trx: Kysely<Database>, engagement: Engagement): Promise<BillTo> {
  const contact = await findPremiumContact(trx, engagement.contactId);
  const phone = contact?.waId ?? engagement.contactWaId;
  const customerId = engagement.customerId ?? contact?.customerId ?? null;
  const customer = customerId ? await findCustomerById(trx, customerId) : undefined;
  if (customer) return { name: customer.name, email: customer.email, phone, customerId: customer.id };
  return { name: contact?.name || engagement.contactName, email: null, phone, customerId: null };
}

function vendorSnapshot(vendor: VendorSnapshot): VendorSnapshot {
  return {
    name: vendor.name,
    ownerName: vendor.ownerName,
    website: vendor.website,
    supportEmail: vendor.supportEmail,
    legalName: vendor.legalName,
    address: vendor.address,
    taxId: vendor.taxId,
  };
}

export async function getInvoice(ctx: AppContext, user: User, id: string): Promise<Invoice> {
  await assertPremiumAccess(ctx, user, INVOICE);
  const invoice = await findInvoice(ctx.db.kysely, id);
  if (!invoice) throw new AppError("not_found", "No such invoice");
  return invoice;
}

/**
 * Cancels an issued invoice with a credit note (its own gapless series, CN-YYYY-NNNN) for the full
 * amount. The invoice itself never changes except its status; its time entries are released so they
 * can be corrected and invoiced again.
 */
export async function issueCreditNote(
  ctx: AppContext,
  user: User,
  invoiceId: string,
  reason: string,
): Promise<Invoice> {
  const credit = await premiumTransaction(ctx, user, INVOICE, async (tx, settings) => {
    const found = await findInvoice(tx.trx, invoiceId);
    if (!found) throw new AppError("not_found", "No such invoice");
    const engagement = await engagementForChange(tx, found.engagementId);
    const invoice = (await findInvoice(tx.trx, invoiceId)) as Invoice;
    if (invoice.kind !== "invoice")
      throw new AppError("invalid_state", "A credit note cannot itself be credited");
    if (invoice.status === "credited")
      throw new AppError("invalid_state", "This invoice is already cancelled by a credit note");
    const { id, number, at } = await insertCreditNoteRow(
      tx,
      invoice,
      {
        workedMinutes: invoice.workedMinutes,
        billableMinutes: invoice.billableMinutes,
        totalCents: -invoice.totalCents,
        lines: invoice.lines.map((l) => ({ ...l, amountCents: -l.amountCents })),
        items: invoice.items,
        reason,
      },
      { userId: user.id, now: ctx.clock.now(), timeZone: settings.vendor.timeZone },
    );
    if (!(await setInvoiceStatus(tx.trx, invoice.id, invoice.status, "credited", invoice.paidAt))) {
      throw new AppError("invalid_state", "The invoice changed meanwhile; reload and try again");
    }
    await releaseEntriesFromInvoice(tx.trx, invoice.id, at);
    await transition(tx, engagement, "credit", userActor(user), {
      invoiceId: invoice.id,
      creditNoteId: id,
      number,
      reason,
    });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "invoice.credit",
      subjectType: "invoice",
      subjectId: invoice.id,
      details: { creditNoteId: id, number, reason },
      at,
    });
    await notifyCustomer(tx, {
      conversationId: engagement.conversationId,
      sentByUserId: user.id,
      text: translate(invoice.language, "billing.wa.creditNote", {
        number: invoice.number,
        credit: number,
        total: formatMoney(-invoice.totalCents, invoice.currency, invoice.language),
      }),
    });
    return (await findInvoice(tx.trx, id)) as Invoice;
  });
  ctx.outbox.wake();
  publishEngagement(ctx, credit.engagementId);
  return credit;
}

/** Records the payment (or takes it back); the customer is thanked once per payment. */
export async function setInvoicePaid(
  ctx: AppContext,
  user: User,
  invoiceId: string,
  paid: boolean,
): Promise<Invoice> {
  const invoice = await premiumTransaction(ctx, user, INVOICE, async (tx) => {
    const found = await findInvoice(tx.trx, invoiceId);
    if (!found) throw new AppError("not_found", "No such invoice");
    const engagement = await engagementForChange(tx, found.engagementId);
    const invoice = (await findInvoice(tx.trx, invoiceId)) as Invoice;
    const from = paid ? "unpaid" : "paid";
    if (invoice.kind !== "invoice" || invoice.status !== from) {
      throw new AppError("invalid_state", `This invoice is ${invoice.status}`, { status: invoice.status });
    }
    const at = ctx.clock.now().toISOString();
    if (!(await setInvoiceStatus(tx.trx, invoice.id, from, paid ? "paid" : "unpaid", paid ? at : null))) {
      throw new AppError("invalid_state", "The invoice changed meanwhile; reload and try again");
    }
    await transition(tx, engagement, paid ? "mark_paid" : "mark_unpaid", userActor(user), {
      invoiceId,
    });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: paid ? "invoice.paid" : "invoice.unpaid",
      subjectType: "invoice",
      subjectId: invoice.id,
      at,
    });
    if (paid) {
      await notifyCustomer(tx, {
        conversationId: engagement.conversationId,
        sentByUserId: user.id,
        text: translate(invoice.language, "billing.wa.paid", { number: invoice.number }),
      });
    }
    return (await findInvoice(tx.trx, invoiceId)) as Invoice;
  });
  ctx.outbox.wake();
  publishEngagement(ctx, invoice.engagementId);
  return invoice;
}
