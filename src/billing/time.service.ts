import type { Kysely } from "kysely";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import type { Settings } from "../settings/settings.schema.js";
import type { User } from "../users/users.service.js";
import { budgetAlert } from "./budget-alerts.js";
import { acceptsTime, acceptsTimeCorrections } from "./engagement-state.js";
import type { Engagement } from "./engagements.repository.js";
import {
  ENGAGEMENT,
  engagementForChange,
  premiumTransaction,
  publishEngagement,
  TIME_ENTRY,
  transition,
  userActor,
} from "./engagements.service.js";
import { type CapStatus, capStatus, prepaidMinutes } from "./money.js";
import { sumPayments } from "./payments.repository.js";
import { prepaidBalance, prepaidExhausted, requestTopUp } from "./prepaid.service.js";
import { type Agreement, findAgreement } from "./quotes.repository.js";
import { reviewAfterCorrection } from "./review/reviews.service.js";
import {
  deleteRunningTimer,
  findRunningTimer,
  findTimeEntry,
  insertRunningTimer,
  insertTimeEntry,
  type RunningTimer,
  sumTimeEntryMinutes,
  type TimeEntry,
  updateTimeEntryRow,
} from "./time.repository.js";

/** Where the engagement stands against its cap, as the API shows it. */
export interface CapView extends CapStatus {
  capMinutes: number;
  usedMinutes: number;
}

export function capView(usedMinutes: number, capMinutes: number): CapView {
  return { capMinutes, usedMinutes, ...capStatus(usedMinutes, capMinutes) };
}

export interface TimeResult {
  entry: TimeEntry | null;
  cap: CapView;
  /** "cap_warning" at 80 % of the cap, "cap_reached" at 100 %: time to send a cap extension. */
  warning: "cap_warning" | "cap_reached" | null;
}

function warningFor(cap: CapView): TimeResult["warning"] {
  return cap.reached ? "cap_reached" : cap.warn ? "cap_warning" : null;
}

/** The agreement in force, or 409 agreement_required: no time is ever recorded without one. */
async function agreementInForce(trx: Kysely<Database>, engagement: Engagement): Promise<Agreement> {
  const agreement = engagement.currentAgreementId
    ? await findAgreement(trx, engagement.currentAgreementId)
    : undefined;
  if (!agreement) {
    throw new AppError("agreement_required", "No time can be recorded before the customer accepts a quote", {
      state: engagement.state,
    });
  }
  if (!acceptsTime(engagement.state)) {
    throw new AppError(
      "invalid_state",
      `No time can be added to an engagement that is ${engagement.state.replace("_", " ")}`,
      {
        state: engagement.state,
      },
    );
  }
  return agreement;
}

function capReached(used: number, agreement: Agreement, wanted: number): AppError {
  const remainingMinutes = Math.max(0, agreement.capMinutes - used);
  return new AppError(
    "cap_reached",
    remainingMinutes === 0
      ? "The agreed cap is reached: send a cap extension and wait for the customer to accept it"
      : `Only ${remainingMinutes} minutes are left under the agreed cap; send a cap extension for more`,
    { remainingMinutes, capMinutes: agreement.capMinutes, usedMinutes: used, requestedMinutes: wanted },
  );
}

async function record(
  tx: TxContext,
  /** Absent while closing: the cap's alert then offers no extension. */
  settings: Settings | undefined,
  user: User,
  workerId: string,
  engagement: Engagement,
  agreement: Agreement,
  entry: {
    minutes: number;
    note: string;
    source: "manual" | "timer";
    startedAt: string | null;
    endedAt: string | null;
  },
): Promise<TimeEntry> {
  const at = tx.clock.now().toISOString();
  const id = newId();
  const usedBefore = await sumTimeEntryMinutes(tx.trx, engagement.id);
  await insertTimeEntry(tx.trx, {
    id,
    engagement_id: engagement.id,
    agreement_id: agreement.id,
    user_id: workerId,
    minutes: entry.minutes,
    note: entry.note,
    source: entry.source,
    started_at: entry.startedAt,
    ended_at: entry.endedAt,
    invoice_id: null,
    deleted_at: null,
    created_at: at,
    updated_at: at,
  });
  await transition(
    tx,
    engagement,
    engagement.state === "agreed" ? "start_work" : "record_time",
    userActor(user),
    {
      entryId: id,
    },
  );
  await recordAudit(tx.trx, {
    actorType: "user",
    actorId: user.id,
    action: "time_entry.create",
    subjectType: "time_entry",
    subjectId: id,
    details: {
      engagementId: engagement.id,
      userId: workerId,
      minutes: entry.minutes,
      note: entry.note,
      source: entry.source,
    },
    at,
  });
  await budgetAlert(
    tx,
    settings && { settings, user },
    engagement,
    agreement,
    usedBefore,
    usedBefore + entry.minutes,
  );
  return (await findTimeEntry(tx.trx, id)) as TimeEntry;
}

/** A manual entry: refused without an agreement, and past the cap (the error says what is left). */
export async function addTimeEntry(
  ctx: AppContext,
  user: User,
  engagementId: string,
  input: { minutes: number; note: string },
): Promise<TimeResult> {
  const outcome = await premiumTransaction(ctx, user, ENGAGEMENT, async (tx, settings) => {
    const engagement = await engagementForChange(tx, engagementId);
    const agreement = await agreementInForce(tx.trx, engagement);
    const prepaid = await prepaidBalance(tx, engagement, agreement);
    const used = await sumTimeEntryMinutes(tx.trx, engagement.id);
    if (used + input.minutes > agreement.capMinutes) throw capReached(used, agreement, input.minutes);
    if (prepaid && used + input.minutes > prepaid.coveredMinutes) {
      // Refused, but the top-up request to the customer is kept: it commits, then the refusal is thrown.
      await requestTopUp(tx, {
        engagement,
        agreement,
        prepaid,
        actor: userActor(user),
        sentByUserId: user.id,
      });
      return { refused: prepaidExhausted(prepaid, used, input.minutes) };
    }
    const entry = await record(tx, settings, user, user.id, engagement, agreement, {
      minutes: input.minutes,
      note: input.note,
      source: "manual",
      startedAt: null,
      endedAt: null,
    });
    const cap = capView(used + input.minutes, agreement.capMinutes);
    return { result: { entry, cap, warning: warningFor(cap) } };
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
  if ("refused" in outcome) throw outcome.refused;
  return outcome.result;
}

/** Starts the agent's timer: one per agent across all engagements, only on agreed work under its cap. */
export async function startTimer(
  ctx: AppContext,
  user: User,
  engagementId: string,
): Promise<{ timer: RunningTimer; cap: CapView }> {
  const result = await premiumTransaction(ctx, user, ENGAGEMENT, async (tx) => {
    const engagement = await engagementForChange(tx, engagementId);
    const agreement = await agreementInForce(tx.trx, engagement);
    const prepaid = await prepaidBalance(tx, engagement, agreement);
    const used = await sumTimeEntryMinutes(tx.trx, engagement.id);
    if (used >= agreement.capMinutes) throw capReached(used, agreement, 0);
    if (prepaid && used >= prepaid.coveredMinutes) throw prepaidExhausted(prepaid, used, 0);
    const at = ctx.clock.now().toISOString();
    const started = await insertRunningTimer(tx.trx, {
      user_id: user.id,
      engagement_id: engagement.id,
      started_at: at,
    });
    if (!started) {
      const running = await findRunningTimer(tx.trx, user.id);
      throw new AppError("conflict", "You already have a timer running; stop it first", {
        engagementId: running?.engagementId,
      });
    }
    if (engagement.state === "agreed")
      await transition(tx, engagement, "start_work", userActor(user), { timer: "start" });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "timer.start",
      subjectType: "engagement",
      subjectId: engagement.id,
      at,
    });
    return {
      timer: (await findRunningTimer(tx.trx, user.id)) as RunningTimer,
      cap: capView(used, agreement.capMinutes),
    };
  });
  publishEngagement(ctx, engagementId);
  return result;
}

export interface StopResult extends TimeResult {
  /** Minutes the timer ran past the cap that were not recorded (the cap is never exceeded). */
  clampedMinutes: number;
}

/** Whole minutes a timer ran: started minutes count, so 10 seconds is 1 minute. */
export function timerMinutes(startedAt: string, endedAt: string): number {
  const ms = Math.max(0, Date.parse(endedAt) - Date.parse(startedAt));
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * Stops a timer and records its time. The cap is checked here: time past the cap is clamped off (not
 * recorded, and reported as `clampedMinutes`) rather than refused, so the work up to the cap is kept
 * and the customer is never billed past what they agreed.
 */
export async function stopTimerIn(
  tx: TxContext,
  user: User,
  engagement: Engagement,
  timerUserId: string,
  note: string,
  settings?: Settings,
): Promise<StopResult | undefined> {
  const timer = await deleteRunningTimer(tx.trx, timerUserId, engagement.id);
  if (!timer) return undefined;
  const at = tx.clock.now().toISOString();
  const agreement = engagement.currentAgreementId
    ? await findAgreement(tx.trx, engagement.currentAgreementId)
    : undefined;
  if (!agreement) throw new AppError("agreement_required", "No agreement in force");
  const used = await sumTimeEntryMinutes(tx.trx, engagement.id);
  const elapsed = timerMinutes(timer.startedAt, at);
  // Never past the cap, nor past what the payments cover on prepaid work.
  const limit =
    agreement.depositCents > 0
      ? Math.min(agreement.capMinutes, prepaidMinutes(await sumPayments(tx.trx, engagement.id), agreement))
      : agreement.capMinutes;
  const recordable = Math.min(elapsed, Math.max(0, limit - used));
  let entry: TimeEntry | null = null;
  if (recordable > 0) {
    entry = await record(tx, settings, user, timerUserId, engagement, agreement, {
      minutes: recordable,
      note,
      source: "timer",
      startedAt: timer.startedAt,
      endedAt: at,
    });
  }
  await recordAudit(tx.trx, {
    actorType: "user",
    actorId: user.id,
    action: "timer.stop",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: {
      timerUserId,
      elapsedMinutes: elapsed,
      recordedMinutes: recordable,
      entryId: entry?.id ?? null,
    },
    at,
  });
  const cap = capView(used + recordable, agreement.capMinutes);
  return { entry, cap, warning: warningFor(cap), clampedMinutes: elapsed - recordable };
}

export async function stopTimer(
  ctx: AppContext,
  user: User,
  engagementId: string,
  note: string,
): Promise<StopResult> {
  const result = await premiumTransaction(ctx, user, ENGAGEMENT, async (tx, settings) => {
    const engagement = await engagementForChange(tx, engagementId);
    const stopped = await stopTimerIn(tx, user, engagement, user.id, note, settings);
    if (!stopped) throw new AppError("conflict", "You have no timer running on this engagement");
    return stopped;
  });
  ctx.outbox.wake();
  publishEngagement(ctx, engagementId);
  return result;
}

async function entryForChange(
  tx: TxContext,
  entryId: string,
): Promise<{ entry: TimeEntry; engagement: Engagement; agreement: Agreement }> {
  const found = await findTimeEntry(tx.trx, entryId);
  if (!found || found.deletedAt) throw new AppError("not_found", "No such time entry");
  const engagement = await engagementForChange(tx, found.engagementId);
  const entry = (await findTimeEntry(tx.trx, entryId)) as TimeEntry;
  if (entry.invoiceId) {
    throw new AppError("conflict", "This time entry is invoiced and locked; correct it with a credit note", {
      reason: "locked",
      invoiceId: entry.invoiceId,
    });
  }
  if (!acceptsTimeCorrections(engagement.state)) {
    throw new AppError(
      "invalid_state",
      `Time cannot be changed on an engagement that is ${engagement.state}`,
      {
        state: engagement.state,
      },
    );
  }
  const agreement = engagement.currentAgreementId
    ? await findAgreement(tx.trx, engagement.currentAgreementId)
    : undefined;
  if (!agreement) throw new AppError("agreement_required", "No agreement in force");
  return { entry, engagement, agreement };
}

/** Corrects an entry (minutes or note); the change and its reason go to the audit trail. */
export async function updateTimeEntry(
  ctx: AppContext,
  user: User,
  entryId: string,
  patch: { minutes?: number | undefined; note?: string | undefined; reason?: string | undefined },
): Promise<TimeResult> {
  const result = await premiumTransaction(ctx, user, TIME_ENTRY, async (tx, settings) => {
    const { entry, engagement, agreement } = await entryForChange(tx, entryId);
    const minutes = patch.minutes ?? entry.minutes;
    const note = patch.note ?? entry.note;
    const used = await sumTimeEntryMinutes(tx.trx, engagement.id);
    const after = used - entry.minutes + minutes;
    if (minutes > entry.minutes && after > agreement.capMinutes) {
      throw capReached(used - entry.minutes, agreement, minutes);
    }
    const at = ctx.clock.now().toISOString();
    if (!(await updateTimeEntryRow(tx.trx, entry.id, { minutes, note }, at))) {
      throw new AppError("conflict", "This time entry is invoiced and locked", { reason: "locked" });
    }
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "time_entry.update",
      subjectType: "time_entry",
      subjectId: entry.id,
      details: {
        engagementId: engagement.id,
        before: { minutes: entry.minutes, note: entry.note },
        after: { minutes, note },
        reason: patch.reason ?? "",
      },
      at,
    });
    await reviewAfterCorrection(tx, settings, user, engagement, agreement);
    const cap = capView(after, agreement.capMinutes);
    return { entry: (await findTimeEntry(tx.trx, entry.id)) as TimeEntry, cap, warning: warningFor(cap) };
  });
  ctx.outbox.wake();
  if (result.entry) publishEngagement(ctx, result.entry.engagementId);
  return result;
}

/** Removes an entry from the bill. The row is kept (marked deleted) and the audit trail says who and why. */
export async function deleteTimeEntry(
  ctx: AppContext,
  user: User,
  entryId: string,
  reason: string,
): Promise<TimeResult> {
  const result = await premiumTransaction(ctx, user, TIME_ENTRY, async (tx, settings) => {
    const { entry, engagement, agreement } = await entryForChange(tx, entryId);
    const at = ctx.clock.now().toISOString();
    if (!(await updateTimeEntryRow(tx.trx, entry.id, { deleted_at: at }, at))) {
      throw new AppError("conflict", "This time entry is invoiced and locked", { reason: "locked" });
    }
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "time_entry.delete",
      subjectType: "time_entry",
      subjectId: entry.id,
      details: { engagementId: engagement.id, before: { minutes: entry.minutes, note: entry.note }, reason },
      at,
    });
    await reviewAfterCorrection(tx, settings, user, engagement, agreement);
    const cap = capView(await sumTimeEntryMinutes(tx.trx, engagement.id), agreement.capMinutes);
    return { entry: null, cap, warning: warningFor(cap) };
  });
  ctx.outbox.wake();
  return result;
}
