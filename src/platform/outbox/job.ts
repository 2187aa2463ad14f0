import type { z } from "zod";
import type { AppContext } from "../context.js";

/** A typed job: an id, the payload schema, and a handler that must be safe to run twice. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly payload: S;
  readonly maxAttempts?: number;
  /** Delay before the given retry (1-based). Defaults to exponential backoff with jitter. */
  readonly backoffMs?: (attempt: number, error: unknown) => number;
  readonly handle: (payload: z.infer<S>, run: JobRun) => Promise<unknown>;
}

export interface JobRun {
  readonly ctx: AppContext;
  readonly jobId: string;
  readonly attempt: number;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Thrown by a handler for a failure that retrying cannot fix: the job goes straight to dead. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** Thrown by a handler that knows when to try again (e.g. a rate limit with its own backoff). */
export class RetryJobError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "RetryJobError";
  }
}

/** Exponential backoff with ±20 % jitter: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function defaultBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** (attempt - 1), 10 * 60 * 1000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
