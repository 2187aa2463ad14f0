import type { Kysely } from "kysely";
import { findContact, findConversation } from "../inbox/inbox.public.js";
import type { Database } from "../platform/db/schema.js";
import { translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import type { Language } from "../settings/settings.schema.js";
import { type AutomaticMessage, queueAutomatic } from "../whatsapp/automatic.service.js";
import { queueOutbound } from "../whatsapp/send.service.js";
import type { AutomaticPurpose, TemplateVariable } from "../whatsapp/starter-templates.js";
import type { Engagement } from "./engagements.repository.js";
import type { Quote } from "./quotes.repository.js";
import { formatDuration, quoteButtonId } from "./terms.js";

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
  /** What the message is (quote:<id>, summary, invoice, answer…), sent along as callback data. */
  tag: string;
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

/**
 * Queue one message to the customer through the WhatsApp channel, in the caller's transaction (wake the
 * outbox after commit). The channel checks WhatsApp's limits and the 24-hour window (409 window_closed).
 */
async function queue(tx: TxContext, message: BillingOutbound): Promise<void> {
  await queueOutbound(tx, outboundOf(message));
}

function outboundOf(message: BillingOutbound): AutomaticMessage {
  const common = {
    conversationId: message.conversationId,
    sentByUserId: message.sentByUserId,
    // Echoed in status webhooks: tells billing's messages apart (delivery of a quote, of an invoice…).
    callbackData: `billing:${message.tag}`,
  };
  if (message.content.kind === "text") {
    return { ...common, kind: "text", text: message.content.text, previewUrl: false };
  }
  const { kind: _kind, ...buttons } = message.content;
  return { ...common, kind: "buttons", buttons };
}

/**
 * A message beedesk sends on its own (quote, summary, invoice, receipts, review links, reminders) goes through
 * the channel's window-aware path: inside the 24-hour window as it is; outside it as the matching approved
 * template, or held (shown in the thread with the reason) until the customer writes. True when the message
 * itself or its template went out; false when it waits.
 */
async function notify(
  tx: TxContext,
  message: BillingOutbound,
  purpose: AutomaticPurpose,
  variables: Partial<Record<TemplateVariable, string>> = {},
): Promise<boolean> {
  const name = (await contactNameOf(tx, message.conversationId)) ?? "";
  const result = await queueAutomatic(tx, {
    purpose,
    message: outboundOf(message),
    variables: { name, topic: variables.topic ?? message.tag, ...variables },
  });
  if (result.outcome === "held") {
    tx.log.info(
      { conversationId: message.conversationId, purpose },
      "billing message held for the 24-hour window",
    );
  }
  return result.outcome !== "held";
}

async function contactNameOf(tx: TxContext, conversationId: string): Promise<string | undefined> {
  const conversation = await findConversation(tx.trx, conversationId);
  const contact = conversation && (await findPremiumContact(tx.trx, conversation.contact.id));
  return contact?.name.split(/\s+/)[0] || undefined;
}

/** The quote as a reply-button message: the terms as the body, Accept / Decline carrying the quote id. */
export async function sendQuoteMessage(
  tx: TxContext,
  input: { engagement: Engagement; quote: Quote; sentByUserId: string | null },
): Promise<void> {
  const { quote } = input;
  const lang = quote.language;
  await notify(
    tx,
    {
      conversationId: input.engagement.conversationId,
      sentByUserId: input.sentByUserId,
      tag: `quote:${quote.id}`,
      content: {
        kind: "buttons",
        body: quote.termsText,
        footer: translate(lang, "billing.wa.footer"),
        buttons: [
          { id: quoteButtonId("accept", quote.id), title: translate(lang, "billing.wa.accept") },
          { id: quoteButtonId("decline", quote.id), title: translate(lang, "billing.wa.decline") },
        ],
      },
    },
    "quote",
    {
      service: translate(lang, `common.serviceTypes.${quote.serviceType}`),
      estimate: formatDuration(quote.estimateMinutes, lang),
    },
  );
}

/** An answer to the customer's own message (their window is open: they just wrote). */
export async function sendBillingText(
  tx: TxContext,
  input: { conversationId: string; text: string; sentByUserId?: string | null },
): Promise<void> {
  await queue(tx, {
    conversationId: input.conversationId,
    sentByUserId: input.sentByUserId ?? null,
    tag: "answer",
    content: { kind: "text", text: input.text },
  });
}

/** A notification about the customer's engagement; false when the 24-hour window kept it from going out. */
export async function notifyCustomer(
  tx: TxContext,
  input: {
    conversationId: string;
    text: string;
    sentByUserId: string | null;
    tag?: string;
    /** Which template may stand in for it outside the window (default: "a reply is waiting"). */
    purpose?: AutomaticPurpose;
    /** Values for that template (amounts, invoice number, links…). */
    variables?: Partial<Record<TemplateVariable, string>>;
  },
): Promise<boolean> {
  return notify(
    tx,
    {
      conversationId: input.conversationId,
      sentByUserId: input.sentByUserId,
      tag: input.tag ?? "notice",
      content: { kind: "text", text: input.text },
    },
    input.purpose ?? "notice",
    input.variables,
  );
}

/** The closing summary: time by entry, total and amount. */
export async function sendSummaryMessage(
  tx: TxContext,
  input: {
    engagement: Engagement;
    text: string;
    sentByUserId: string | null;
    variables?: Partial<Record<TemplateVariable, string>>;
  },
): Promise<boolean> {
  return notifyCustomer(tx, {
    conversationId: input.engagement.conversationId,
    text: input.text,
    sentByUserId: input.sentByUserId,
    tag: "summary",
    purpose: "summary",
    ...(input.variables && { variables: input.variables }),
  });
}

/** The invoice: number, total and the payment link. */
export async function sendInvoiceMessage(
  tx: TxContext,
  input: {
    engagement: Engagement;
    text: string;
    sentByUserId: string | null;
    variables?: Partial<Record<TemplateVariable, string>>;
  },
): Promise<boolean> {
  return notifyCustomer(tx, {
    conversationId: input.engagement.conversationId,
    text: input.text,
    sentByUserId: input.sentByUserId,
    tag: "invoice",
    purpose: "invoice",
    ...(input.variables && { variables: input.variables }),
  });
}
