import { recordAudit } from "../platform/audit/audit.service.js";
import { translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import type { Settings } from "../settings/settings.schema.js";
import type { User } from "../users/users.service.js";
import type { Engagement } from "./engagements.repository.js";
import { customerLanguageOf } from "./engagements.service.js";
import { capStatus, costOfMinutes, formatMoney } from "./money.js";
import { notifyCustomer } from "./premium-channel.js";
import { type Agreement, listAgreements } from "./quotes.repository.js";
import { quoteInTransaction } from "./quotes.service.js";
import { formatDuration } from "./terms.js";

/**
 * Budget alerts to the customer (the agent sees the same as the time result's cap_warning / cap_reached and
 * on the audit trail): when recorded time first reaches 80 % of the agreed cap, and when it reaches the cap.
 * At the cap work stops, and beedesk offers the customer a cap extension by itself (unless the agent has a
 * quote open already): one tap on its Accept button raises the cap (a new agreement), Decline keeps it.
 */
export async function budgetAlert(
  tx: TxContext,
  /** Who recorded the time, and the settings: absent, no extension is offered (e.g. while closing). */
  by: { settings: Settings; user: User } | undefined,
  engagement: Engagement,
  agreement: Agreement,
  usedBefore: number,
  usedAfter: number,
): Promise<void> {
  const before = capStatus(usedBefore, agreement.capMinutes);
  const after = capStatus(usedAfter, agreement.capMinutes);
  const kind =
    after.reached && !before.reached ? "reached" : after.warn && !before.warn ? "warning" : undefined;
  if (!kind) return;
  const language = await customerLanguageOf(tx.trx, engagement);
  const params = {
    used: formatDuration(usedAfter, language),
    cap: formatDuration(agreement.capMinutes, language),
    amount: formatMoney(costOfMinutes(usedAfter, agreement), agreement.currency, language),
    capAmount: formatMoney(costOfMinutes(agreement.capMinutes, agreement), agreement.currency, language),
  };
  const offer = by && kind === "reached" && !engagement.currentQuoteId ? by : undefined;
  const raisedCap = offer ? agreement.capMinutes + (await capStep(tx, engagement)) : agreement.capMinutes;
  const key =
    kind === "warning"
      ? "billing.wa.budgetWarning"
      : offer
        ? "billing.wa.budgetReachedRaise"
        : "billing.wa.budgetReached";
  const sent = await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: null,
    tag: `budget_${kind}`,
    text: translate(language, key, { ...params, newCap: formatDuration(raisedCap, language) }),
  });
  const extension = offer
    ? await quoteInTransaction(
        tx,
        offer.settings,
        offer.user,
        engagement,
        {
          serviceType: agreement.serviceType,
          estimateHours: raisedCap / 60,
          capHours: raisedCap / 60,
        },
        true,
      )
    : undefined;
  await recordAudit(tx.trx, {
    actorType: "system",
    actorId: null,
    action: kind === "reached" ? "billing.budget.reached" : "billing.budget.warning",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: {
      agreementId: agreement.id,
      usedMinutes: usedAfter,
      capMinutes: agreement.capMinutes,
      sent,
      ...(extension && { extensionQuoteId: extension.id, extensionCode: extension.code, raisedCap }),
    },
    at: tx.clock.now().toISOString(),
  });
}

/** How much the offered extension adds: as much as the first agreed cap (the smallest: extensions raise it). */
async function capStep(tx: TxContext, engagement: Engagement): Promise<number> {
  const caps = (await listAgreements(tx.trx, engagement.id)).map((a) => a.capMinutes);
  return Math.min(...caps);
}
