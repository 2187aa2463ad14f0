import { recordAudit } from "../platform/audit/audit.service.js";
import { translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import type { Engagement } from "./engagements.repository.js";
import { customerLanguageOf } from "./engagements.service.js";
import { capStatus, costOfMinutes, formatMoney } from "./money.js";
import { notifyCustomer } from "./premium-channel.js";
import type { Agreement } from "./quotes.repository.js";
import { formatDuration } from "./terms.js";

/**
 * Budget alerts to the customer (the agent sees the same as the time result's cap_warning / cap_reached and
 * on the audit trail): when recorded time first reaches 80 % of the agreed cap, and when it reaches the cap
 * (work stops there; a cap extension is a new quote the customer accepts with its button).
 */
export async function budgetAlert(
  tx: TxContext,
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
  const sent = await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: null,
    tag: `budget_${kind}`,
    text: translate(
      language,
      kind === "reached" ? "billing.wa.budgetReached" : "billing.wa.budgetWarning",
      params,
    ),
  });
  await recordAudit(tx.trx, {
    actorType: "system",
    actorId: null,
    action: kind === "reached" ? "billing.budget.reached" : "billing.budget.warning",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: { agreementId: agreement.id, usedMinutes: usedAfter, capMinutes: agreement.capMinutes, sent },
    at: tx.clock.now().toISOString(),
  });
}
