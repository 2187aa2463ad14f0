import type { AppContext } from "./context.js";

/** Background work a module declares: run every `everyMs` by the worker role, never two runs at once. */
export interface Schedule {
  /** Named in the log when a run fails. */
  name: string;
  everyMs: number;
  /** Also run once as soon as the schedule starts. */
  atStart?: boolean;
  /** A failure is logged and the next run comes at its time. */
  run(ctx: AppContext): Promise<unknown>;
}

/** Starts a schedule; returns its stop function. The timer never keeps the process alive. */
export function startSchedule(ctx: AppContext, schedule: Schedule): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    schedule
      .run(ctx)
      .catch((error: unknown) =>
        ctx.log.warn({ err: error, schedule: schedule.name }, "scheduled work failed"),
      )
      .finally(() => {
        running = false;
      });
  };
  if (schedule.atStart) tick();
  const timer = setInterval(tick, schedule.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
