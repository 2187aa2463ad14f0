import { hostname } from "node:os";
import type { AppContext } from "../context.js";
import { randomToken } from "../ids.js";
import { defaultBackoffMs, type JobDefinition, PermanentJobError, RetryJobError } from "./job.js";
import {
  type AttemptRecord,
  completeAndRecord,
  completeJobs,
  recordAttempt,
  recordAttempts,
} from "./outbox.completions.js";
import { claimJobs, failJob, type Job, renewLeases } from "./outbox.repository.js";

interface Finished {
  attempt: AttemptRecord;
  result: unknown;
  resolve(): void;
  reject(error: unknown): void;
}

/** Completions written in one statement at most. */
const MAX_COMPLETIONS = 100;

export interface WorkerOptions {
  /** Jobs run at the same time by this worker. */
  concurrency?: number;
  /**
   * How long a claimed job stays ours before another worker may take it back. A heartbeat renews it every third
   * of that while the job runs, so it bounds how long a crashed worker's jobs wait, not how long a job may take.
   */
  leaseMs?: number;
  /** Poll interval when idle (a wake() call or a NOTIFY cuts it short). */
  idleMs?: number;
}

/**
 * Claims due jobs from the outbox and runs their handlers. Safe to run in several processes:
 * claims are atomic, and completion is conditional on still holding the claim.
 */
export class OutboxWorker {
  readonly id = `${hostname()}-${process.pid}-${randomToken(6)}`;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private running = 0;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private scheduled: NodeJS.Immediate | undefined;
  private polling = false;
  private pollAgain = false;
  private idleWaiters: Array<() => void> = [];
  /** Ids of the jobs this worker is running (their leases are renewed by the heartbeat). */
  private readonly held = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Jobs finished in this turn of the event loop, recorded together (see complete()). */
  private finished: Finished[] = [];

  constructor(
    private readonly ctx: AppContext,
    definitions: readonly JobDefinition[],
    options: WorkerOptions = {},
  ) {
    for (const d of definitions) this.definitions.set(d.type, d);
    this.concurrency = options.concurrency ?? 64;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.idleMs = options.idleMs ?? 500;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(200, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    while (this.running > 0 || this.polling) await new Promise((r) => setTimeout(r, 10));
  }

  /** Look for work now (called after a transaction that enqueued a job commits). */
  wake(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Poll on the next turn of the event loop: on SQLite every query resolves as a microtask, so a
    // worker that chained jobs directly would never let HTTP requests in while it has work.
    if (this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      void this.poll();
    });
  }

  /** Resolves when nothing is due and nothing runs (tests use it to wait for the outbox to drain). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.runOnce();
      if (claimed === 0 && this.running === 0) return;
      if (claimed === 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    }
  }

  /** Claim and run one batch; returns how many jobs were claimed. */
  async runOnce(): Promise<number> {
    const free = this.concurrency - this.running;
    if (free <= 0) return 0;
    const jobs = await this.claim(free);
    await Promise.all(jobs.map((job) => this.execute(job)));
    return jobs.length;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        const free = this.concurrency - this.running;
        if (free <= 0) break;
        // Under load, claim in batches: a job finishing frees one slot, and a claim for each would cost a
        // claiming query (on PostgreSQL a round trip and a scan of the due jobs) per job. A quarter of the
        // slots free, or nothing running, is worth one.
        if (this.running > 0 && free < Math.max(1, Math.floor(this.concurrency / 4))) break;
        const jobs = await this.claim(free);
        for (const job of jobs) {
          void this.execute(job).finally(() => this.wake());
        }
        if (jobs.length === free) this.pollAgain = true;
      } while (this.pollAgain && !this.stopped);
    } catch (error) {
      this.ctx.log.error({ err: error }, "outbox poll failed");
    } finally {
      this.polling = false;
      if (!this.stopped) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.wake(), this.idleMs);
        this.timer.unref();
      }
    }
  }

  /** Claims in a shared transaction: on SQLite the claim commits with the completions of the same moment. */
  private claim(limit: number): Promise<Job[]> {
    const now = this.ctx.clock.now();
    return this.ctx.db.transact((trx) =>
      claimJobs(
        trx,
        this.ctx.db.dialect,
        this.id,
        now.toISOString(),
        new Date(now.getTime() + this.leaseMs).toISOString(),
        limit,
      ),
    );
  }

  private async renewLeases(): Promise<void> {
    if (this.held.size === 0) return;
    const until = new Date(this.ctx.clock.now().getTime() + this.leaseMs).toISOString();
    try {
      await renewLeases(this.ctx.db.kysely, this.ctx.db.dialect, this.id, [...this.held], until);
    } catch (error) {
      this.ctx.log.warn({ err: error }, "could not renew job leases");
    }
  }

  private async execute(job: Job): Promise<void> {
    this.running++;
    // Let pending I/O (webhooks, page requests) in between jobs.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.held.add(job.id);
    const startedAt = this.ctx.clock.now().toISOString();
    const definition = this.definitions.get(job.type);
    try {
      if (!definition) throw new PermanentJobError(`no handler for job type ${job.type}`);
      const parsed = definition.payload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
      const result = await definition.handle(parsed.data, {
        ctx: this.ctx,
        jobId: job.id,
        attempt: job.attempts,
      });
      const finishedAt = this.ctx.clock.now().toISOString();
      await this.complete(result, {
        jobId: job.id,
        attempt: job.attempts,
        worker: this.id,
        startedAt,
        finishedAt,
        outcome: "ok",
        error: null,
      });
      this.ctx.metrics.jobsProcessed.inc({ type: job.type, outcome: "ok" });
    } catch (error) {
      await this.recordFailure(job, definition, error, startedAt);
    } finally {
      this.held.delete(job.id);
      this.running--;
      if (this.running === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  }

  /**
   * The completion and its attempt commit together, with every other job this worker finishes in the same turn
   * of the event loop: one UPDATE and one INSERT for all of them (and, on SQLite, the shared commit).
   */
  private complete(result: unknown, attempt: AttemptRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.finished.push({ attempt, result, resolve, reject });
      if (this.finished.length === 1) setImmediate(() => void this.recordFinished());
    });
  }

  private async recordFinished(): Promise<void> {
    const batch = this.finished;
    this.finished = [];
    const now = this.ctx.clock.now().toISOString();
    const parts: Finished[][] = [];
    for (let i = 0; i < batch.length; i += MAX_COMPLETIONS) parts.push(batch.slice(i, i + MAX_COMPLETIONS));
    const completions = (part: Finished[]) =>
      part.map((f) => ({ id: f.attempt.jobId, result: f.result, attempt: f.attempt }));
    try {
      if (this.ctx.db.dialect === "postgres") {
        // One statement a part, no transaction around it: a round trip is what costs here.
        for (const part of parts)
          await completeAndRecord(this.ctx.db.kysely, this.id, completions(part), now);
      } else {
        // SQLite: in the shared commit of this moment (one fsync with the claims and the policy's writes).
        await this.ctx.db.transact(async (trx) => {
          for (const part of parts) {
            await completeJobs(trx, this.id, completions(part), now);
            await recordAttempts(
              trx,
              part.map((f) => f.attempt),
            );
          }
        });
      }
      for (const f of batch) f.resolve();
    } catch (error) {
      for (const f of batch) f.reject(error);
    }
  }

  private async recordFailure(
    job: Job,
    definition: JobDefinition | undefined,
    error: unknown,
    startedAt: string,
  ) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentJobError;
    const exhausted = job.attempts >= (definition?.maxAttempts ?? job.maxAttempts);
    const now = this.ctx.clock.now();
    let retryAt: string | undefined;
    if (!permanent && !exhausted) {
      const delay =
        error instanceof RetryJobError
          ? error.delayMs
          : (definition?.backoffMs ?? ((attempt: number) => defaultBackoffMs(attempt)))(job.attempts, error);
      retryAt = new Date(now.getTime() + delay).toISOString();
    }
    const outcome = retryAt ? "retry" : "dead";
    try {
      await this.ctx.db.transact(async (trx) => {
        await failJob(trx, job.id, this.id, message, retryAt, now.toISOString());
        await recordAttempt(trx, {
          jobId: job.id,
          attempt: job.attempts,
          worker: this.id,
          startedAt,
          finishedAt: now.toISOString(),
          outcome,
          error: message,
        });
      });
    } catch (dbError) {
      // The lease will expire and another claim will retry the job.
      this.ctx.log.error({ err: dbError, jobId: job.id }, "could not record job failure");
    }
    this.ctx.metrics.jobsProcessed.inc({ type: job.type, outcome });
    const log =
      outcome === "dead" ? this.ctx.log.error.bind(this.ctx.log) : this.ctx.log.warn.bind(this.ctx.log);
    log(
      { jobId: job.id, type: job.type, attempt: job.attempts, error: message },
      `job ${outcome === "dead" ? "failed for good" : "will retry"}`,
    );
  }
}
