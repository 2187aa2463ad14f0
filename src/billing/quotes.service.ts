import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import type { MessageKey } from "../platform/i18n/i18n.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import type { ServiceType } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import type { User } from "../users/users.repository.js";
import type { InboundMessageEvent } from "../whatsapp/inbound-events.js";
import { nextState } from "./engagement-state.js";
import {
  claimInboundMessage,
  closeOpenQuotes,
  findAgreement,
  findAgreementByWamid,
  findQuote,
  findQuoteByCode,
  insertAgreement,
  insertEngagementEvent,
  insertQuote,
  lockEngagement,
  type Quote,
  recordInboundOutcome,
  setQuoteStatus,
} from "./engagements.repository.js";
import {
  type Actor,
  engagementForChange,
  premiumTransaction,
  publishEngagement,
  transition,
  userActor,
} from "./engagements.service.js";
import { findPremiumContact, sendBillingText, sendQuoteMessage } from "./premium-channel.js";
import {
  formatDuration,
  hoursToMinutes,
  newQuoteCode,
  parseBillingReply,
  rateCardVersion,
  sha256Hex,
  termsText,
} from "./terms.js";

export interface QuoteInput {
  serviceType: ServiceType;
  estimateHours: number;
  capHours: number;
  hourlyRateCents?: number | undefined;
  incrementMinutes?: number | undefined;
  minimumMinutes?: number | undefined;
}

/**
 * Sends a quote on WhatsApp. Before an agreement it is the first quote (or replaces the open one); once
 * work is agreed it is a cap extension, which keeps the agreed service, rate, increment and minimum and
 * only raises the cap. Either way older open quotes are superseded and only this one can be accepted.
 */
export async function sendQuote(
  ctx: AppContext,
  user: User,
  engagementId: string,
  input: QuoteInput,
): Promise<Quote> {
  const quote = await premiumTransaction(ctx, user, async (trx, settings) => {
    const engagement = await engagementForChange(trx, ctx, engagementId);
    const extension = engagement.state === "agreed" || engagement.state === "in_progress";
    const action = extension ? "quote_extension" : "quote";
    if (!nextState(engagement.state, action)) {
      throw new AppError(
        "invalid_state",
        `Cannot quote an engagement that is ${engagement.state.replace("_", " ")}`,
        {
          state: engagement.state,
        },
      );
    }
    const estimateMinutes = wholeMinutes("estimateHours", input.estimateHours);
    const capMinutes = wholeMinutes("capHours", input.capHours);
    if (capMinutes < estimateMinutes) {
      throw new AppError("validation_failed", "The cap must be at least the estimate");
    }

    let terms: {
      serviceType: ServiceType;
      hourlyRateCents: number;
      cardRateCents: number;
      currency: string;
      incrementMinutes: number;
      minimumMinutes: number;
      previousCapMinutes?: number;
    };
    if (extension) {
      const agreement = engagement.currentAgreementId
        ? await findAgreement(trx, engagement.currentAgreementId)
        : undefined;
      if (!agreement) throw new AppError("agreement_required", "A cap extension needs an agreement in force");
      const differs =
        input.serviceType !== agreement.serviceType ||
        (input.hourlyRateCents !== undefined && input.hourlyRateCents !== agreement.hourlyRateCents) ||
        (input.incrementMinutes !== undefined && input.incrementMinutes !== agreement.incrementMinutes) ||
        (input.minimumMinutes !== undefined && input.minimumMinutes !== agreement.minimumMinutes);
      if (differs) {
        throw new AppError(
          "validation_failed",
          "A cap extension keeps the agreed service, rate, increment and minimum; only the estimate and the cap change",
        );
      }
      if (capMinutes <= agreement.capMinutes) {
        throw new AppError(
          "validation_failed",
          `A cap extension must raise the cap above ${agreement.capMinutes} minutes`,
        );
      }
      terms = {
        serviceType: agreement.serviceType,
        hourlyRateCents: agreement.hourlyRateCents,
        cardRateCents: settings.rates.hourly[agreement.serviceType],
        currency: agreement.currency,
        incrementMinutes: agreement.incrementMinutes,
        minimumMinutes: agreement.minimumMinutes,
        previousCapMinutes: agreement.capMinutes,
      };
    } else {
      const cardRateCents = settings.rates.hourly[input.serviceType];
      terms = {
        serviceType: input.serviceType,
        hourlyRateCents: input.hourlyRateCents ?? cardRateCents,
        cardRateCents,
        currency: settings.rates.currency,
        incrementMinutes: input.incrementMinutes ?? settings.rates.incrementMinutes,
        minimumMinutes: input.minimumMinutes ?? settings.rates.minimumMinutes,
      };
    }

    const contact = await findPremiumContact(trx, engagement.contactId);
    const language = contact?.language ?? engagement.language;
    const at = ctx.clock.now().toISOString();
    await closeOpenQuotes(trx, engagement.id, "superseded", at);

    const id = newId();
    let code = "";
    let text = "";
    for (let attempt = 0; ; attempt++) {
      code = newQuoteCode();
      text = termsText({
        ...terms,
        code,
        kind: extension ? "extension" : "initial",
        estimateMinutes,
        capMinutes,
        language,
      });
      const inserted = await insertQuote(trx, {
        id,
        engagement_id: engagement.id,
        code,
        kind: extension ? "extension" : "initial",
        service_type: terms.serviceType,
        hourly_rate_cents: terms.hourlyRateCents,
        card_rate_cents: terms.cardRateCents,
        rate_overridden: terms.hourlyRateCents !== terms.cardRateCents ? 1 : 0,
        currency: terms.currency,
        increment_minutes: terms.incrementMinutes,
        minimum_minutes: terms.minimumMinutes,
        estimate_minutes: estimateMinutes,
        cap_minutes: capMinutes,
        language,
        terms_text: text,
        terms_sha256: sha256Hex(text),
        rate_card_version: rateCardVersion(settings.rates),
        status: "open",
        sent_to_wa_id: contact?.waId ?? engagement.contactWaId,
        created_by: user.id,
        created_at: at,
        decided_at: null,
      });
      if (inserted) break;
      if (attempt >= 20) throw new AppError("unavailable", "Could not find a free quote code; try again");
    }

    await transition(
      trx,
      ctx,
      engagement,
      action,
      userActor(user),
      { quoteId: id, code },
      {
        current_quote_id: id,
        ...(extension ? {} : { service_type: terms.serviceType }),
      },
    );
    const quote = (await findQuote(trx, id)) as Quote;
    await sendQuoteMessage(trx, ctx, { engagement, quote, sentByUserId: user.id });
    return quote;
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
  return quote;
}

function wholeMinutes(field: string, hours: number): number {
  const minutes = hoursToMinutes(hours);
  if (minutes === undefined || minutes < 1) {
    throw new AppError("validation_failed", `${field} must be a positive number of hours in whole minutes`);
  }
  return minutes;
}

// ---- the customer's answer

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

  let engagementId: string | undefined;
  const settings = await getSettings(ctx);
  const outcome = await ctx.db.kysely.transaction().execute(async (trx): Promise<BillingInboundOutcome> => {
    const outcome = await answerReply(trx);
    if (outcome !== "duplicate") await recordInboundOutcome(trx, inbound.wamid, outcome);
    return outcome;
  });
  ctx.outbox.wake();
  if (engagementId) publishEngagement(ctx, engagementId);
  return { handled: true, outcome };

  async function answerReply(trx: Kysely<Database>): Promise<BillingInboundOutcome> {
    if (!reply) return "not_billing";
    if (!(await claimInboundMessage(trx, inbound.wamid, ctx.clock.now().toISOString()))) return "duplicate";
    if (await findAgreementByWamid(trx, inbound.wamid)) return "duplicate";
    const found =
      reply.via === "button" ? await findQuote(trx, reply.quoteId) : await findQuoteByCode(trx, reply.code);
    if (!found) {
      const code = reply.via === "text" ? reply.code : "";
      await answer(trx, ctx, inbound, found, settings.vendor.defaultLanguage, "billing.wa.refusedUnknown", {
        code,
      });
      return "refused_unknown";
    }
    // Lock first, then read the quote again: two taps handled at once queue here.
    const engagement = await lockEngagement(trx, found.engagementId, ctx.clock.now().toISOString());
    const quote = await findQuote(trx, found.id);
    if (!engagement || !quote) return "refused_unknown";
    engagementId = engagement.id;
    const customer: Actor = { type: "customer", id: inbound.contactId };
    const refuse = async (
      outcome: BillingInboundOutcome,
      key: MessageKey,
      params: Record<string, string> = {},
    ) => {
      await insertEngagementEvent(trx, {
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
        created_at: ctx.clock.now().toISOString(),
      });
      await answer(trx, ctx, inbound, quote, settings.vendor.defaultLanguage, key, {
        code: quote.code,
        ...params,
      });
      return outcome;
    };

    const sameParty =
      inbound.conversationId === engagement.conversationId &&
      inbound.contactId === engagement.contactId &&
      (!quote.sentToWaId || !inbound.senderWaId || quote.sentToWaId === inbound.senderWaId);
    if (!sameParty) return refuse("refused_other_number", "billing.wa.refusedOtherNumber");

    if (quote.status === "accepted")
      return refuse("refused_already_accepted", "billing.wa.refusedAlreadyAccepted");
    if (quote.status === "declined") {
      return reply.action === "accept"
        ? refuse("refused_declined", "billing.wa.refusedDeclined")
        : refuse("refused_already_declined", "billing.wa.refusedAlreadyDeclined");
    }
    if (quote.status === "superseded" || engagement.currentQuoteId !== quote.id) {
      const current = engagement.currentQuoteId ? await findQuote(trx, engagement.currentQuoteId) : undefined;
      if (current?.status !== "open") return refuse("refused_closed", "billing.wa.refusedClosed");
      return refuse("refused_superseded", "billing.wa.refusedSuperseded", { current: current.code });
    }
    if (quote.status !== "open") return refuse("refused_closed", "billing.wa.refusedClosed");

    const extension = quote.kind === "extension";
    const action =
      reply.action === "accept"
        ? extension
          ? "accept_extension"
          : "accept"
        : extension
          ? "decline_extension"
          : "decline";
    if (!nextState(engagement.state, action)) return refuse("refused_closed", "billing.wa.refusedClosed");
    const at = ctx.clock.now().toISOString();
    const cap = formatDuration(quote.capMinutes, quote.language);

    if (reply.action === "decline") {
      await setQuoteStatus(trx, quote.id, "open", "declined", at);
      await transition(
        trx,
        ctx,
        engagement,
        action,
        customer,
        { quoteId: quote.id, code: quote.code, wamid: inbound.wamid },
        {
          current_quote_id: null,
        },
      );
      if (extension) {
        const agreement = engagement.currentAgreementId
          ? await findAgreement(trx, engagement.currentAgreementId)
          : undefined;
        const current = formatDuration(agreement?.capMinutes ?? quote.capMinutes, quote.language);
        await answer(
          trx,
          ctx,
          inbound,
          quote,
          settings.vendor.defaultLanguage,
          "billing.wa.extensionDeclined",
          {
            code: quote.code,
            cap: current,
          },
        );
        return "extension_declined";
      }
      await answer(trx, ctx, inbound, quote, settings.vendor.defaultLanguage, "billing.wa.declined", {
        code: quote.code,
      });
      return "declined";
    }

    const agreementId = newId();
    const inserted = await insertAgreement(trx, {
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
      accepted_wamid: inbound.wamid,
      accepted_at: inbound.timestamp,
      sender_wa_id: inbound.senderWaId ?? "",
      via: reply.via,
      created_at: at,
    });
    if (!inserted) return refuse("refused_already_accepted", "billing.wa.refusedAlreadyAccepted");
    await setQuoteStatus(trx, quote.id, "open", "accepted", at);
    await transition(
      trx,
      ctx,
      engagement,
      action,
      customer,
      { quoteId: quote.id, code: quote.code, agreementId, wamid: inbound.wamid, via: reply.via },
      { current_quote_id: null, current_agreement_id: agreementId },
    );
    await answer(
      trx,
      ctx,
      inbound,
      quote,
      settings.vendor.defaultLanguage,
      extension ? "billing.wa.extensionAccepted" : "billing.wa.accepted",
      {
        code: quote.code,
        cap,
      },
    );
    return extension ? "extension_accepted" : "accepted";
  }
}

/** One answer per customer message, in the quote's language, where the customer wrote. */
async function answer(
  trx: Kysely<Database>,
  ctx: AppContext,
  inbound: BillingInbound,
  quote: Pick<Quote, "language"> | undefined,
  defaultLanguage: "es" | "en",
  key: MessageKey,
  params: Record<string, string>,
): Promise<void> {
  const language = quote?.language ?? defaultLanguage;
  await sendBillingText(trx, ctx, {
    conversationId: inbound.conversationId,
    text: translate(language, key, params),
  });
}
