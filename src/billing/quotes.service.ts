import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import type { ServiceType, Settings } from "../settings/settings.schema.js";
import type { User } from "../users/users.service.js";
import { engagementCurrency } from "./customer-currency.service.js";
import { nextState } from "./engagement-state.js";
import type { Engagement } from "./engagements.repository.js";
import {
  ENGAGEMENT,
  engagementForChange,
  premiumTransaction,
  publishEngagement,
  transition,
  userActor,
} from "./engagements.service.js";
import { formatMoney, quoteAmounts } from "./money.js";
import { findPremiumContact, sendQuoteMessage } from "./premium-channel.js";
import { closeOpenQuotes, findAgreement, findQuote, insertQuote, type Quote } from "./quotes.repository.js";
import { hoursToMinutes, newQuoteCode, rateCardVersion, sha256Hex, termsText } from "./terms.js";

export interface QuoteInput {
  serviceType: ServiceType;
  estimateHours: number;
  capHours: number;
  hourlyRateCents?: number | undefined;
  incrementMinutes?: number | undefined;
  minimumMinutes?: number | undefined;
  /**
   * ISO 4217, from the settings' rate cards; default: the customer's (set on the customer, else by the phone's
   * country when there is a card in its currency, else the default card's: USD by the policy).
   */
  currency?: string | undefined;
  /** Paid before work starts; absent or 0: none. */
  depositCents?: number | undefined;
}

/** The hourly rates of the settings' card in `currency`, or undefined when the owner has none in it. */
export function rateCard(
  rates: Settings["rates"],
  currency: string,
): Settings["rates"]["hourly"] | undefined {
  if (currency === rates.currency) return rates.hourly;
  return rates.cards.find((c) => c.currency === currency)?.hourly;
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
  const quote = await premiumTransaction(ctx, user, ENGAGEMENT, async (tx, settings) => {
    const engagement = await engagementForChange(tx, engagementId);
    return quoteInTransaction(tx, settings, user, engagement, input);
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
  return quote;
}

/**
 * The quote in the caller's transaction, the engagement locked: also the cap extension beedesk offers by
 * itself when time reaches the cap (`automatic`, recorded on the engagement's history).
 */
export async function quoteInTransaction(
  tx: TxContext,
  settings: Settings,
  user: User,
  engagement: Engagement,
  input: QuoteInput,
  automatic = false,
): Promise<Quote> {
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
    depositCents: number;
    previousCapMinutes?: number;
  };
  if (extension) {
    const agreement = engagement.currentAgreementId
      ? await findAgreement(tx.trx, engagement.currentAgreementId)
      : undefined;
    if (!agreement) throw new AppError("agreement_required", "A cap extension needs an agreement in force");
    const differs =
      input.serviceType !== agreement.serviceType ||
      (input.hourlyRateCents !== undefined && input.hourlyRateCents !== agreement.hourlyRateCents) ||
      (input.incrementMinutes !== undefined && input.incrementMinutes !== agreement.incrementMinutes) ||
      (input.minimumMinutes !== undefined && input.minimumMinutes !== agreement.minimumMinutes) ||
      (input.currency !== undefined && input.currency !== agreement.currency) ||
      (input.depositCents !== undefined && input.depositCents !== agreement.depositCents);
    if (differs) {
      throw new AppError(
        "validation_failed",
        "A cap extension keeps the agreed service, rate, currency, deposit, increment and minimum; only the estimate and the cap change",
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
      cardRateCents:
        rateCard(settings.rates, agreement.currency)?.[agreement.serviceType] ?? agreement.hourlyRateCents,
      currency: agreement.currency,
      incrementMinutes: agreement.incrementMinutes,
      minimumMinutes: agreement.minimumMinutes,
      depositCents: agreement.depositCents,
      previousCapMinutes: agreement.capMinutes,
    };
  } else {
    const currency = input.currency ?? (await engagementCurrency(tx.trx, settings, engagement)).currency;
    const card = rateCard(settings.rates, currency);
    if (!card) {
      throw new AppError(
        "validation_failed",
        `There is no rate card in ${currency}: add one in the settings (rates) first`,
        [{ path: "currency", message: `no rate card in ${currency}` }],
      );
    }
    const cardRateCents = card[input.serviceType];
    terms = {
      serviceType: input.serviceType,
      hourlyRateCents: input.hourlyRateCents ?? cardRateCents,
      cardRateCents,
      currency,
      incrementMinutes: input.incrementMinutes ?? settings.rates.incrementMinutes,
      minimumMinutes: input.minimumMinutes ?? settings.rates.minimumMinutes,
      depositCents: input.depositCents ?? 0,
    };
    const { capCents } = quoteAmounts({ ...terms, estimateMinutes, capMinutes });
    if (terms.depositCents > capCents) {
      throw new AppError(
        "validation_failed",
        `The deposit cannot be more than the cap can cost (${formatMoney(capCents, currency, "en")})`,
        [{ path: "depositCents", message: "more than the cap can cost" }],
      );
    }
  }

  const contact = await findPremiumContact(tx.trx, engagement.contactId);
  const language = contact?.language ?? engagement.language;
  const at = tx.clock.now().toISOString();
  await closeOpenQuotes(tx.trx, engagement.id, "superseded", at);

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
    const inserted = await insertQuote(tx.trx, {
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
      deposit_cents: terms.depositCents,
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
    tx,
    engagement,
    action,
    userActor(user),
    { quoteId: id, code, ...(automatic && { automatic: true }) },
    {
      current_quote_id: id,
      ...(extension ? {} : { service_type: terms.serviceType }),
    },
  );
  const quote = (await findQuote(tx.trx, id)) as Quote;
  await sendQuoteMessage(tx, { engagement, quote, sentByUserId: automatic ? null : user.id });
  return quote;
}

function wholeMinutes(field: string, hours: number): number {
  const minutes = hoursToMinutes(hours);
  if (minutes === undefined || minutes < 1) {
    throw new AppError("validation_failed", `${field} must be at least one minute (in hours, e.g. 0.25)`);
  }
  return minutes;
}
