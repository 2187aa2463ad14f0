import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/outbox/job.js";
import type { Schedule } from "../platform/schedules.js";
import { inSharedTransaction, inTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { RETENTION_JOB, runRetention } from "./retention.service.js";

// Retention runs as an outbox job: once a day (its dedupe key is the UTC date, so however many worker
// processes there are, a day has one run), or when the owner asks (a job of its own).

export const retentionJob = defineJob({
  type: RETENTION_JOB,
  payload: z.object({ requestedBy: z.string().nullable() }),
  maxAttempts: 3,
  handle: async ({ requestedBy }, { ctx }) =>
    runRetention(ctx, requestedBy ? { type: "user", id: requestedBy } : { type: "system" }),
});

/** Queues today's run when some retention period is set (a deduplicated insert: cheap to try each hour). */
export async function scheduleRetention(ctx: AppContext): Promise<boolean> {
  const { mediaDays, anonymiseMonths } = (await getSettings(ctx)).retention;
  if (mediaDays === 0 && anonymiseMonths === 0) return false;
  const date = ctx.clock.now().toISOString().slice(0, 10);
  await inSharedTransaction(ctx, (tx) =>
    tx.enqueue({
      type: RETENTION_JOB,
      payload: { requestedBy: null },
      dedupeKey: `${RETENTION_JOB}:${date}`,
    }),
  );
  return true;
}

/** The owner's "run now": a job of its own, with the settings in force when it runs. */
export async function requestRetentionRun(ctx: AppContext, userId: string): Promise<void> {
  await inTransaction(ctx, (tx) => tx.enqueue({ type: RETENTION_JOB, payload: { requestedBy: userId } }));
}

export const retentionSchedule: Schedule = {
  name: "retention",
  everyMs: 60 * 60_000,
  atStart: true,
  run: scheduleRetention,
};
