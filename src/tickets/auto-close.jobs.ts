import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/outbox/job.js";
import type { Schedule } from "../platform/schedules.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { autoCloseQuietTickets } from "./tickets.service.js";

export const AUTO_CLOSE_JOB = "tickets.auto_close";
/** One auto-close run per quarter hour, however many processes schedule it. */
const AUTO_CLOSE_SLOT_MS = 15 * 60_000;

export const autoCloseJob = defineJob({
  type: AUTO_CLOSE_JOB,
  payload: z.object({ slot: z.number().int() }),
  maxAttempts: 3,
  handle: async (_payload, run) => ({ closed: await autoCloseQuietTickets(run.ctx) }),
});

/** Enqueue this time slot's run; the dedupe key makes every process enqueue the same single job. */
export async function scheduleAutoClose(ctx: AppContext): Promise<void> {
  const slot = Math.floor(ctx.clock.now().getTime() / AUTO_CLOSE_SLOT_MS);
  await inSharedTransaction(ctx, (tx) =>
    tx.enqueue({
      type: AUTO_CLOSE_JOB,
      payload: { slot },
      dedupeKey: `${AUTO_CLOSE_JOB}:${slot}`,
    }),
  );
}

/** Checks every minute whether a new slot began (cheap: a deduplicated insert). */
export const autoCloseSchedule: Schedule = {
  name: "tickets auto-close",
  everyMs: 60_000,
  atStart: true,
  run: scheduleAutoClose,
};
