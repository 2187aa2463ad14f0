import type { AppContext } from "../platform/context.js";
import type { MessageKey } from "../platform/i18n/i18n.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import { inTransaction } from "../platform/transaction.js";
// The customer's answer to a quote: Accept / Decline taps and "acepto Q-XXXX" texts, checked against the
// quote they name and the number it was sent to.

import { getSettings } from "../settings/settings.service.js";
import type { InboundMessageEvent } from "../whatsapp/inbound-events.js";
import { drawCreditIn } from "./credits.service.js";
import { type EngagementAction, nextState } from "./engagement-state.js";
import { type Engagement, insertEngagementEvent, lockEngagement } from "./engagements.repository.js";
import { type Actor, publishEngagement, transition } from "./engagements.service.js";
import { formatMoney } from "./money.js";
import { sendBillingText } from "./premium-channel.js";
import {
  claimInboundMessage,
  findAgreement,
  findAgreementByWamid,
  findQuote,
  findQuoteByCode,
  insertAgreement,
  type Quote,
  recordInboundOutcome,
  setQuoteStatus,
} from "./quotes.repository.js";
import { cardPayments, customerLinkIn } from "./stripe/customer-links.js";
import { type BillingReply, formatDuration, parseBillingReply } from "./terms.js";

/** What billing needs to know about a customer's message. */
export interface BillingInbound {
  wamid: string;
  conversationId: string;
  contactId: string;
  /** The phone number (or business-scoped id) the message came from. */
  senderWaId: string | null;
  /** WhatsApp's timestamp of the message. */
  timestamp: string;
  text?: string | undefined;
  /** The id of the tapped reply button. */
  interactiveId?: string | undefined;
}

export type BillingInboundOutcome =
  | "not_billing"
  | "accepted"
  | "extension_accepted"
  | "declined"
  | "extension_declined"
  | "duplicate"
  | "refused_superseded"
  | "refused_other_number"
  | "refused_declined"
  | "refused_already_accepted"
  | "refused_already_declined"
  | "refused_closed"
  | "refused_unknown";

export function billingInboundFromEvent(event: InboundMessageEvent): BillingInbound {
  let sender: string | null = event.contact.waId ?? event.contact.userId;
  try {
    const raw = JSON.parse(event.message.raw) as { from?: unknown; from_user_id?: unknown };
    if (typeof raw.from === "string" && raw.from) sender = raw.from;
    else if (typeof raw.from_user_id === "string" && raw.from_user_id) sender = raw.from_user_id;
  } catch {
    // Keep the contact's own id.
  }
  return {
    wamid: event.message.wamid ?? event.message.id,
    conversationId: event.conversation.id,
    contactId: event.contact.id,
    senderWaId: sender,
    timestamp: event.message.createdAt,
    text: event.message.type === "text" ? (event.message.text ?? undefined) : undefined,
    interactiveId: event.reply?.kind === "button_reply" ? event.reply.id : undefined,
  };
}

/**
 * Handles a customer's Accept / Decline (a tap on a quote's buttons, or a text with the quote code and
 * "acepto/accept"). Acceptance of the current quote from the number it was sent to creates the agreement;
 * anything else is refused with a message to the customer. Safe to run twice for the same message.
 * Returns `handled: false` for messages that are not about a quote, which the policy handles as usual.
 */
export async function handleInboundForBilling(
  ctx: AppContext,
  input: InboundMessageEvent | BillingInbound,
): Promise<{ handled: boolean; outcome: BillingInboundOutcome }> {
  const inbound = "message" in input ? billingInboundFromEvent(input) : input;
  const reply = parseBillingReply(inbound);
  if (!reply) return { handled: false, outcome: "not_billing" };

  const touched: { engagementId?: string } = {};
  const settings = await getSettings(ctx);
  const outcome = await inTransaction(ctx, async (tx): Promise<BillingInboundOutcome> => {
    const outcome = await answerReply(tx, inbound, reply, settings.vendor.defaultLanguage, touched);
    if (outcome !== "duplicate") await recordInboundOutcome(tx.trx, inbound.wamid, outcome);
    return outcome;
  });
  ctx.outbox.wake();
  if (touched.engagementId) publishEngagement(ctx, touched.engagementId);
  return { handled: true, outcome };
}

/** One reply to one quote, inside the transaction that records its outcome. */
interface QuoteReply {
  tx: TxContext;
  inbound: BillingInbound;
  reply: BillingReply;
  quote: Quote;
  engagement: Engagement;
  defaultLanguage: "es" | "en";
}

/** Claims the message, finds and locks the quote it names, then refuses it, declines it or accepts it. */
async function answerReply(
  tx: TxContext,
  inbound: BillingInbound,
  reply: BillingReply,
  defaultLanguage: "es" | "en",
  touched: { engagementId?: string },
): Promise<BillingInboundOutcome> {
  if (!(await claimInboundMessage(tx.trx, inbound.wamid, tx.clock.now().toISOString()))) return "duplicate";
  if (await findAgreementByWamid(tx.trx, inbound.wamid)) return "duplicate";
  const found =
    reply.via === "button"
      ? await findQuote(tx.trx, reply.quoteId)
      : await findQuoteByCode(tx.trx, reply.code);
  if (!found) {
    const code = reply.via === "text" ? reply.code : "";
    await answer(tx, inbound, found, defaultLanguage, "billing.wa.refusedUnknown", { code });
    return "refused_unknown";
  }
  // Lock first, then read the quote again: two taps handled at once queue here.
  const engagement = await lockEngagement(tx.trx, found.engagementId, tx.clock.now().toISOString());
  const quote = await findQuote(tx.trx, found.id);
  if (!engagement || !quote) return "refused_unknown";
  touched.engagementId = engagement.id;
  const r: QuoteReply = { tx, inbound, reply, quote, engagement, defaultLanguage };

  const refusal = await refusalFor(r);
  if (refusal) return refuse(r, ...refusal);
  const extension = quote.kind === "extension";
  const action =
    reply.action === "accept"
      ? extension
        ? "accept_extension"
        : "accept"
      : extension
        ? "decline_extension"
        : "decline";
  if (!nextState(engagement.state, action)) return refuse(r, "refused_closed", "billing.wa.refusedClosed");
  return reply.action === "decline" ? declineQuote(r, action) : acceptQuote(r, action);
}

type Refusal = [outcome: BillingInboundOutcome, key: MessageKey, params?: Record<string, string>];

/** Why this reply cannot settle this quote: another number, a quote already answered, replaced or closed. */
async function refusalFor({
  tx,
  inbound,
  reply,
  quote,
  engagement,
}: QuoteReply): Promise<Refusal | undefined> {
  const sameParty =
    inbound.conversationId === engagement.conversationId &&
    inbound.contactId === engagement.contactId &&
    (!quote.sentToWaId || !inbound.senderWaId || quote.sentToWaId === inbound.senderWaId);
  if (!sameParty) return ["refused_other_number", "billing.wa.refusedOtherNumber"];

  if (quote.status === "accepted") return ["refused_already_accepted", "billing.wa.refusedAlreadyAccepted"];
  if (quote.status === "declined") {
    return reply.action === "accept"
      ? ["refused_declined", "billing.wa.refusedDeclined"]
      : ["refused_already_declined", "billing.wa.refusedAlreadyDeclined"];
  }
  if (quote.status === "superseded" || engagement.currentQuoteId !== quote.id) {
    const current = engagement.currentQuoteId
      ? await findQuote(tx.trx, engagement.currentQuoteId)
      : undefined;
    if (current?.status !== "open") return ["refused_closed", "billing.wa.refusedClosed"];
    return ["refused_superseded", "billing.wa.refusedSuperseded", { current: current.code }];
  }
  if (quote.status !== "open") return ["refused_closed", "billing.wa.refusedClosed"];
  return undefined;
}

/** A refusal is kept on the engagement's history and told to the customer. */
async function refuse(
  { tx, inbound, reply, quote, engagement, defaultLanguage }: QuoteReply,
  outcome: BillingInboundOutcome,
  key: MessageKey,
  params: Record<string, string> = {},
): Promise<BillingInboundOutcome> {
  await insertEngagementEvent(tx.trx, {
    id: newId(),
    engagement_id: engagement.id,
    action: `refused_${reply.action}`,
    from_state: engagement.state,
    to_state: engagement.state,
    actor_type: "customer",
    actor_id: inbound.contactId,
    details: JSON.stringify({
      outcome,
      quoteId: quote.id,
      code: quote.code,
      wamid: inbound.wamid,
      sender: inbound.senderWaId,
    }),
    created_at: tx.clock.now().toISOString(),
  });
  await answer(tx, inbound, quote, defaultLanguage, key, { code: quote.code, ...params });
  return outcome;
}

async function declineQuote(
  { tx, inbound, quote, engagement, defaultLanguage }: QuoteReply,
  action: EngagementAction,
): Promise<BillingInboundOutcome> {
  const at = tx.clock.now().toISOString();
  const customer: Actor = { type: "customer", id: inbound.contactId };
  await setQuoteStatus(tx.trx, quote.id, "open", "declined", at);
  await transition(
    tx,
    engagement,
    action,
    customer,
    { quoteId: quote.id, code: quote.code, wamid: inbound.wamid },
    { current_quote_id: null },
  );
  if (quote.kind === "extension") {
    const agreement = engagement.currentAgreementId
      ? await findAgreement(tx.trx, engagement.currentAgreementId)
      : undefined;
    const current = formatDuration(agreement?.capMinutes ?? quote.capMinutes, quote.language);
    await answer(tx, inbound, quote, defaultLanguage, "billing.wa.extensionDeclined", {
      code: quote.code,
      cap: current,
    });
    return "extension_declined";
  }
  await answer(tx, inbound, quote, defaultLanguage, "billing.wa.declined", { code: quote.code });
  return "declined";
}

/** The agreement: the quote's terms frozen with the accepting message; the engagement moves on. */
async function acceptQuote(r: QuoteReply, action: EngagementAction): Promise<BillingInboundOutcome> {
  const { tx, inbound, reply, quote, engagement, defaultLanguage } = r;
  const at = tx.clock.now().toISOString();
  const customer: Actor = { type: "customer", id: inbound.contactId };
  const agreementId = newId();
  const inserted = await insertAgreement(tx.trx, {
    id: agreementId,
    engagement_id: engagement.id,
    quote_id: quote.id,
    quote_code: quote.code,
    terms_text: quote.termsText,
    terms_sha256: quote.termsSha256,
    rate_card_version: quote.rateCardVersion,
    service_type: quote.serviceType,
    hourly_rate_cents: quote.hourlyRateCents,
    currency: quote.currency,
    increment_minutes: quote.incrementMinutes,
    minimum_minutes: quote.minimumMinutes,
    cap_minutes: quote.capMinutes,
    deposit_cents: quote.depositCents,
    accepted_wamid: inbound.wamid,
    accepted_at: inbound.timestamp,
    sender_wa_id: inbound.senderWaId ?? "",
    via: reply.via,
    created_at: at,
  });
  if (!inserted) return refuse(r, "refused_already_accepted", "billing.wa.refusedAlreadyAccepted");
  await setQuoteStatus(tx.trx, quote.id, "open", "accepted", at);
  await transition(
    tx,
    engagement,
    action,
    customer,
    { quoteId: quote.id, code: quote.code, agreementId, wamid: inbound.wamid, via: reply.via },
    { current_quote_id: null, current_agreement_id: agreementId },
  );
  const extension = quote.kind === "extension";
  const agreement = extension ? undefined : await findAgreement(tx.trx, agreementId);
  // The customer's credit (unused prepaid money kept from earlier work) pays first.
  const drawn = agreement
    ? await drawCreditIn(tx, { ...engagement, currentAgreementId: agreementId }, agreement, customer)
    : 0;
  if (!extension && quote.depositCents > drawn && cardPayments(tx)) {
    // Card payments: the acceptance tells the customer where to pay the deposit.
    const link = await customerLinkIn(tx, {
      kind: "pay",
      engagementId: engagement.id,
      invoiceId: null,
      days: 90,
    });
    const lang = quote.language;
    await sendBillingText(tx, {
      conversationId: inbound.conversationId,
      text: [
        translate(lang, "billing.wa.accepted", {
          code: quote.code,
          cap: formatDuration(quote.capMinutes, lang),
        }),
        translate(lang, "billing.pay.depositLink", {
          amount: formatMoney(quote.depositCents, quote.currency, lang),
          link,
        }),
      ].join("\n\n"),
    });
    return "accepted";
  }
  await answer(
    tx,
    inbound,
    quote,
    defaultLanguage,
    extension ? "billing.wa.extensionAccepted" : "billing.wa.accepted",
    { code: quote.code, cap: formatDuration(quote.capMinutes, quote.language) },
  );
  return extension ? "extension_accepted" : "accepted";
}

/** One answer per customer message, in the quote's language, where the customer wrote. */
async function answer(
  tx: TxContext,
  inbound: BillingInbound,
  quote: Pick<Quote, "language"> | undefined,
  defaultLanguage: "es" | "en",
  key: MessageKey,
  params: Record<string, string>,
): Promise<void> {
  const language = quote?.language ?? defaultLanguage;
  await sendBillingText(tx, {
    conversationId: inbound.conversationId,
    text: translate(language, key, params),
  });
}
