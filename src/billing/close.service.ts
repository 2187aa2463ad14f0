import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import type { User } from "../users/users.service.js";
import { summaryText } from "./customer-messages.js";
import { nextState } from "./engagement-state.js";
import {
  agreementOf,
  customerLanguageOf,
  ENGAGEMENT,
  engagementForChange,
  premiumTransaction,
  publishEngagement,
  transition,
  userActor,
} from "./engagements.service.js";
import { computeInvoice, formatMoney } from "./money.js";
import { sendSummaryMessage } from "./premium-channel.js";
import { sendReviewIn } from "./review/reviews.service.js";
import { listRunningTimers, listTimeEntries } from "./time.repository.js";
import { stopTimerIn } from "./time.service.js";

/**
 * Closes the work: stops every running timer on it (recording their time, within the cap), then sends the
 * customer the review of the time by entry with its amount (engagement in_review until they approve, or the
 * review period ends). Work with no time at all has nothing to review: it is closed, for cancelling.
 */
export async function closeEngagement(ctx: AppContext, user: User, engagementId: string): Promise<void> {
  await premiumTransaction(ctx, user, ENGAGEMENT, async (tx, settings) => {
    const engagement = await engagementForChange(tx, engagementId);
    if (!nextState(engagement.state, "close")) {
      throw new AppError(
        "invalid_state",
        `Cannot close an engagement that is ${engagement.state.replace("_", " ")}`,
        { state: engagement.state },
      );
    }
    const agreement = await agreementOf(tx.trx, engagement);
    for (const timer of await listRunningTimers(tx.trx, engagement.id)) {
      await stopTimerIn(tx, user, engagement, timer.userId, "");
    }
    const entries = await listTimeEntries(tx.trx, engagement.id);
    const language = await customerLanguageOf(tx.trx, engagement);
    if (entries.length > 0) {
      const { reviewId, sent } = await sendReviewIn(tx, {
        settings,
        engagement,
        agreement,
        language,
        sentByUserId: user.id,
        again: false,
      });
      await transition(tx, engagement, "close", userActor(user), { reviewId, summarySent: sent });
      return;
    }
    const computation = computeInvoice({
      entries,
      hourlyRateCents: agreement.hourlyRateCents,
      incrementMinutes: agreement.incrementMinutes,
      minimumMinutes: agreement.minimumMinutes,
      capMinutes: agreement.capMinutes,
    });
    const summarySent = await sendSummaryMessage(tx, {
      engagement,
      text: summaryText({
        language,
        timeZone: settings.vendor.timeZone,
        serviceType: agreement.serviceType,
        currency: agreement.currency,
        entries,
        computation,
      }),
      sentByUserId: user.id,
      variables: {
        service: translate(language, `common.serviceTypes.${agreement.serviceType}`),
        amount: formatMoney(computation.amountCents, agreement.currency, language),
      },
    });
    await transition(tx, engagement, "close_empty", userActor(user), { summarySent });
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
}
