import type { Kysely } from "kysely";
import { z } from "zod";
import { findContact } from "../inbox/inbox.repository.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { translate } from "../platform/i18n/i18n.js";
import { defineJob } from "../platform/outbox/job.js";
import type { Language } from "../settings/settings.schema.js";
import { buttonsMessage, textMessage } from "../whatsapp/outbound.js";
import type { Engagement, Quote } from "./engagements.repository.js";
import { quoteButtonId } from "./terms.js";

// The seam between billing and the WhatsApp channel: what billing says to the customer, and who the
// customer is. Everything billing sends goes through `queue`, in the caller's transaction.

export type OutboundContent =
  | { kind: "text"; text: string }
  | {
      kind: "buttons";
      header?: string;
      body: string;
      footer?: string;
      buttons: { id: string; title: string }[];
    };

export interface BillingOutbound {
  conversationId: string;
  content: OutboundContent;
  /** The agent the message is sent for (null: beedesk on its own). */
  sentByUserId: string | null;
  /** The same key is sent once, however often the caller runs (inbound listeners may run twice). */
  dedupeKey: string;
}

export interface PremiumContact {
  id: string;
  waId: string | null;
  name: string;
  language: Language | null;
  customerId: string | null;
}

export async function findPremiumContact(
  db: Kysely<Database>,
  contactId: string,
): Promise<PremiumContact | undefined> {
  const contact = await findContact(db, contactId);
  if (!contact) return undefined;
  const language = contact.language === "es" || contact.language === "en" ? contact.language : null;
  return {
    id: contact.id,
    waId: contact.waId,
    name: contact.profileName ?? contact.username ?? contact.waId ?? contact.userId ?? "",
    language,
    customerId: contact.customerId,
  };
}

export const BILLING_OUTBOUND_JOB = "billing.whatsapp_outbound";

export const billingOutboundJob = defineJob({
  type: BILLING_OUTBOUND_JOB,
  payload: z.object({
    conversationId: z.string(),
    content: z.unknown(),
    sentByUserId: z.string().nullable(),
  }),
  handle: async () => ({ queued: true }),
});

/** Queue one message to the customer, in the caller's transaction (wake the outbox after commit). */
async function queue(trx: Kysely<Database>, ctx: AppContext, message: BillingOutbound): Promise<void> {
  checkLimits(message.content);
  await ctx.outbox.enqueue(trx, {
    type: BILLING_OUTBOUND_JOB,
    dedupeKey: message.dedupeKey,
    payload: {
      conversationId: message.conversationId,
      content: message.content,
      sentByUserId: message.sentByUserId,
    },
  });
}

/** WhatsApp's limits, checked before anything is queued (the request builders throw a clear error). */
function checkLimits(content: OutboundContent): void {
  if (content.kind === "text") textMessage("0000000", content.text);
  else buttonsMessage("0000000", content);
}

/** The quote as a reply-button message: the terms as the body, Accept / Decline carrying the quote id. */
export async function sendQuoteMessage(
  trx: Kysely<Database>,
  ctx: AppContext,
  input: { engagement: Engagement; quote: Quote; sentByUserId: string | null },
): Promise<void> {
  const { quote } = input;
  const lang = quote.language;
  await queue(trx, ctx, {
    conversationId: input.engagement.conversationId,
    sentByUserId: input.sentByUserId,
    dedupeKey: `billing:quote:${quote.id}`,
    content: {
      kind: "buttons",
      body: quote.termsText,
      footer: translate(lang, "billing.wa.footer"),
      buttons: [
        { id: quoteButtonId("accept", quote.id), title: translate(lang, "billing.wa.accept") },
        { id: quoteButtonId("decline", quote.id), title: translate(lang, "billing.wa.decline") },
      ],
    },
  });
}

/** A plain text to the customer about their engagement (confirmations, refusals, summaries, invoices). */
export async function sendBillingText(
  trx: Kysely<Database>,
  ctx: AppContext,
  input: { conversationId: string; text: string; dedupeKey: string; sentByUserId?: string | null },
): Promise<void> {
  await queue(trx, ctx, {
    conversationId: input.conversationId,
    sentByUserId: input.sentByUserId ?? null,
    dedupeKey: input.dedupeKey,
    content: { kind: "text", text: input.text },
  });
}

export async function sendSummaryMessage(
  trx: Kysely<Database>,
  ctx: AppContext,
  input: { engagement: Engagement; text: string; sentByUserId: string | null },
): Promise<void> {
  await sendBillingText(trx, ctx, {
    conversationId: input.engagement.conversationId,
    text: input.text,
    sentByUserId: input.sentByUserId,
    dedupeKey: `billing:summary:${input.engagement.id}:${input.engagement.updatedAt}`,
  });
}

export async function sendInvoiceMessage(
  trx: Kysely<Database>,
  ctx: AppContext,
  input: { engagement: Engagement; invoiceId: string; text: string; sentByUserId: string | null },
): Promise<void> {
  await sendBillingText(trx, ctx, {
    conversationId: input.engagement.conversationId,
    text: input.text,
    sentByUserId: input.sentByUserId,
    dedupeKey: `billing:invoice:${input.invoiceId}`,
  });
}
