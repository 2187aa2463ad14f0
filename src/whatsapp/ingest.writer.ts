import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type SqliteDatabase from "better-sqlite3";
import { Histogram } from "prom-client";
import { searchIndexEvery } from "../inbox/search-index.service.js";
import type { AppContext } from "../platform/context.js";
import { startSchedule } from "../platform/schedules.js";
import { BatchCommitter, configureWriterConnection, type Outcome } from "./ingest.committer.js";
import { PostgresGroupWriter } from "./ingest.postgres.js";
import type { IngestRequest, IngestResult } from "./ingest.repository.js";
import type { ThreadBatch, ThreadReply } from "./ingest.thread.js";

/** Stores one webhook request's records durably; resolves only after the commit. */
export interface IngestWriter {
  write(req: IngestRequest): Promise<IngestResult>;
  close(): Promise<void>;
}

/** A flush this big means Meta is delivering faster than a trickle: background work should step aside. */
const PRESSURE_BATCH = 32;
let pressureAt = -Infinity;

/**
 * True while webhooks arrive in bulk (a large group commit in the last 10 ms). Background work that would
 * share the event loop (the inbound listeners) slows down then: acknowledging Meta in time comes first, and
 * what is stored is durable, so the listeners catch up when the burst ends.
 */
export function receiverUnderPressure(): boolean {
  return performance.now() - pressureAt < 10;
}

/** Called with each group commit's size: a large one marks the receiver as under pressure for a moment. */
export function notePressure(batch: number): void {
  if (batch >= PRESSURE_BATCH) pressureAt = performance.now();
}

export function createIngestWriter(ctx: AppContext): IngestWriter {
  const batchSize = new Histogram({
    name: "beedesk_webhook_batch_requests",
    help: "Webhook requests written per group commit",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [ctx.metrics.registry],
  });
  const sqlite = ctx.db.sqlite;
  if (ctx.db.dialect === "sqlite" && sqlite) return new GroupCommitWriter(ctx, sqlite, batchSize);
  if (!ctx.db.pool) throw new Error("PostgreSQL without a connection pool");
  return new PostgresGroupWriter(ctx, ctx.db.pool, batchSize);
}

interface Waiting {
  req: IngestRequest;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/** Requests that arrive while a batch commits wait for the next one; this bounds a batch's latency. */
const MAX_BATCH = 512;
/** Batches handed to the writer thread at once: one committing, and a large next one ready to go. */
const MAX_IN_FLIGHT = 2;
const EARLY_BATCH = 16;
/** How often stored messages are added to the search index. */
const INDEX_MS = 100;

/** A commit is done by one of these: a writer thread, or (in-memory databases) the shared connection. */
interface Committer {
  commit(requests: IngestRequest[], now: string): Promise<Outcome[]>;
  close(): Promise<void>;
}

/**
 * Group commit on SQLite: requests that arrive together are written in ONE transaction (one fsync); everyone
 * waits for the commit, and a failed commit fails them all (5xx, so Meta retries).
 *
 * Commits run on a writer thread with its OWN connection to the database file: the main thread keeps reading
 * and parsing requests while a batch is being made durable, and background work on the shared Kysely
 * connection (outbox jobs, policy replies) never queues ahead of an acknowledgement — SQLite's write lock
 * arbitrates. An in-memory database (a single connection) commits in-thread under Kysely's connection lock.
 */
class GroupCommitWriter implements IngestWriter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private inFlight = 0;
  private committer: Committer | undefined;
  private stopIndexer: (() => void) | undefined;
  constructor(
    private readonly ctx: AppContext,
    private readonly main: SqliteDatabase.Database,
    private readonly batchSize: Histogram,
  ) {}

  write(req: IngestRequest): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.schedule();
    });
  }

  async close(): Promise<void> {
    this.stopIndexer?.();
    this.stopIndexer = undefined;
    const committer = this.committer;
    this.committer = undefined;
    await committer?.close();
    if (committer instanceof WriterThread && this.main.open) this.main.pragma("wal_autocheckpoint = 1000");
  }

  private startCommitter(): Committer {
    this.startIndexer();
    if (this.main.memory) return new SharedConnection(this.ctx, this.main);
    // From now on the writer thread checkpoints the WAL between batches; a commit on the shared connection
    // (on the main thread) must not stall to do it.
    this.main.pragma("wal_autocheckpoint = 0");
    return new WriterThread(this.main.name);
  }

  /**
   * Stored messages join the search index in bulk, a few times a second, on this (main) thread's connection
   * and in its shared commits: a sixth of the cost of a trigger indexing inside every group commit, and the
   * writer thread keeps committing only what webhooks bring. Searches catch the index up first anyway.
   */
  private startIndexer(): void {
    this.stopIndexer ??= startSchedule(this.ctx, searchIndexEvery(INDEX_MS));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    // While a batch commits, the next one waits to grow (fewer fsyncs) unless it is already large.
    if (this.inFlight > 0 && this.queue.length < EARLY_BATCH) return;
    this.scheduled = true;
    // setImmediate: every request already read from the sockets this turn joins the batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
    this.queue = this.queue.length <= MAX_BATCH ? [] : this.queue.slice(MAX_BATCH);
    this.batchSize.observe(batch.length);
    notePressure(batch.length);
    this.inFlight++;
    let outcomes: Outcome[] | undefined;
    try {
      this.committer ??= this.startCommitter();
      outcomes = await this.committer.commit(
        batch.map((w) => w.req),
        this.ctx.clock.now().toISOString(),
      );
    } catch (error) {
      this.ctx.log.error({ err: error, requests: batch.length }, "webhook batch commit failed");
      for (const w of batch) w.reject(error);
      // A writer thread that died is replaced on the next batch (these requests got a 5xx: Meta retries).
      if (this.committer instanceof WriterThread && this.committer.dead) this.committer = undefined;
    } finally {
      this.inFlight--;
      this.schedule();
    }
    if (outcomes) {
      for (let i = 0; i < batch.length; i++) {
        const outcome = outcomes[i]!;
        if ("ok" in outcome) batch[i]!.resolve(outcome.ok);
        else batch[i]!.reject(outcome.error);
      }
    }
  }
}

/** In-memory databases: commit on the shared connection while holding Kysely's connection lock. */
class SharedConnection implements Committer {
  private readonly committer: BatchCommitter;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    handle: SqliteDatabase.Database,
  ) {
    this.committer = new BatchCommitter(handle);
  }

  commit(requests: IngestRequest[], now: string): Promise<Outcome[]> {
    const run = this.chain.then(() =>
      this.ctx.db.kysely.connection().execute(async () => this.committer.commit(requests, now)),
    );
    this.chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {}
}

/** Runs BatchCommitter on a worker thread; batches are answered in order. */
class WriterThread implements Committer {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(o: Outcome[]): void; reject(e: unknown): void }>();
  private nextId = 1;
  private failed: Error | undefined;

  get dead(): boolean {
    return this.failed !== undefined;
  }

  constructor(file: string) {
    const fromSource = import.meta.url.endsWith(".ts");
    const entry = new URL(`./ingest.thread.${fromSource ? "ts" : "js"}`, import.meta.url);
    this.worker = fromSource
      ? // Running from TypeScript sources (development, tests): load the thread through tsx's loader.
        new Worker(
          `import(${JSON.stringify(
            pathToFileURL(
              createRequire(import.meta.url)
                .resolve("tsx/esm/api")
                .replace(/\.cjs$/, ".mjs"),
            ).href,
          )})
             .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`,
          { eval: true, workerData: { file } },
        )
      : new Worker(entry, { workerData: { file } });
    this.worker.unref();
    this.worker.on("message", (text: string) => {
      const reply = JSON.parse(text) as ThreadReply;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if ("fatal" in reply) waiter.reject(toError(reply.fatal));
      else
        waiter.resolve(
          reply.outcomes.map((o) => ("ok" in o ? { ok: o.ok as IngestResult } : { error: toError(o.error) })),
        );
    });
    const die = (error: Error) => {
      this.failed = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on("error", die);
    this.worker.on("exit", (code) => die(new Error(`webhook writer thread exited (${code})`)));
  }

  commit(requests: IngestRequest[], now: string): Promise<Outcome[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const batch: ThreadBatch = { id, requests, now };
      // As JSON text: a string crosses to the thread far cheaper than a structured clone of the records.
      this.worker.postMessage(JSON.stringify(batch));
    });
  }

  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.postMessage("close");
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}

function toError(e: { message: string; code?: string }): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

// Kept for in-process use and tests of the commit logic itself.
export { BatchCommitter, configureWriterConnection };
