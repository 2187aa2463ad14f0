import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import { type Engagement, listEngagementEvents } from "./engagements.repository.js";
import { type Actor, transition } from "./engagements.service.js";
import { formatMoney, prepaidMinutes } from "./money.js";
import { sumPayments } from "./payments.repository.js";
import { findPremiumContact, notifyCustomer } from "./premium-channel.js";
import type { Agreement } from "./quotes.repository.js";
import { cardPayments, customerLinkIn } from "./stripe/customer-links.js";
import { formatDuration } from "./terms.js";

// Deposits and prepaid time. An agreement with a deposit is prepaid work: no time is recorded until the
// deposit is paid (409 deposit_unpaid), and time draws down what was paid, stopping where the payments no
// longer cover it (409 prepaid_exhausted, and the customer is asked once per balance to top it up).

export interface Prepaid {
  paidCents: number;
  /** Worked minutes the payments cover (rounded to the increment, the minimum, never past the cap). */
  coveredMinutes: number;
}

/** Undefined for work billed afterwards (no deposit); otherwise the balance, or 409 deposit_unpaid. */
export async function prepaidBalance(
  tx: TxContext,
  engagement: Engagement,
  agreement: Agreement,
): Promise<Prepaid | undefined> {
  if (agreement.depositCents <= 0) return undefined;
  const paidCents = await sumPayments(tx.trx, engagement.id);
  if (paidCents < agreement.depositCents) {
    throw new AppError(
      "deposit_unpaid",
      `No time before the deposit of ${formatMoney(agreement.depositCents, agreement.currency, "en")} is paid (paid so far: ${formatMoney(paidCents, agreement.currency, "en")}); record the payment first`,
      { depositCents: agreement.depositCents, paidCents, currency: agreement.currency },
    );
  }
  return { paidCents, coveredMinutes: prepaidMinutes(paidCents, agreement) };
}

export function prepaidExhausted(prepaid: Prepaid, usedMinutes: number, requestedMinutes: number): AppError {
  const remainingMinutes = Math.max(0, prepaid.coveredMinutes - usedMinutes);
  return new AppError(
    "prepaid_exhausted",
    remainingMinutes === 0
      ? "The paid balance is used up: the customer was asked to top it up; record their payment to go on"
      : `Only ${remainingMinutes} minutes are left on the paid balance; record a top-up for more`,
    { ...prepaid, usedMinutes, requestedMinutes, remainingMinutes },
  );
}

/**
 * Asks the customer to top up, once per paid balance (a second refusal at the same balance sends nothing),
 * where the 24-hour window allows. Recorded on the engagement's trail.
 */
export async function requestTopUp(
  tx: TxContext,
  input: {
    engagement: Engagement;
    agreement: Agreement;
    prepaid: Prepaid;
    actor: Actor;
    sentByUserId: string | null;
  },
): Promise<boolean> {
  const { engagement, agreement, prepaid } = input;
  const asked = (await listEngagementEvents(tx.trx, engagement.id)).some(
    (e) => e.action === "request_topup" && e.details.paidCents === prepaid.paidCents,
  );
  if (asked) return false;
  const contact = await findPremiumContact(tx.trx, engagement.contactId);
  const language = contact?.language ?? engagement.language;
  const sent = await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: input.sentByUserId,
    tag: "topup",
    text: [
      translate(language, "billing.wa.topUp", {
        paid: formatMoney(prepaid.paidCents, agreement.currency, language),
        covered: formatDuration(prepaid.coveredMinutes, language),
      }),
      ...(cardPayments(tx)
        ? [
            translate(language, "billing.pay.topUpLink", {
              link: await customerLinkIn(tx, {
                kind: "pay",
                engagementId: engagement.id,
                invoiceId: null,
                days: 90,
              }),
            }),
          ]
        : []),
    ].join("\n"),
  });
  await transition(tx, engagement, "request_topup", input.actor, {
    paidCents: prepaid.paidCents,
    coveredMinutes: prepaid.coveredMinutes,
    sent,
  });
  return sent;
}
