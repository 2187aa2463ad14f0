import SqliteDatabase from "better-sqlite3";
import { Histogram } from "prom-client";
import type { AppContext } from "../platform/context.js";
import {
  appendInbound,
  createIngestCache,
  enqueueInbound,
  type InboundRef,
  type IngestRequest,
  type IngestResult,
  inboundRef,
  ingestProgram,
  type Learned,
  remember,
} from "./ingest.repository.js";
import { runOnPostgres, SqliteRunner } from "./ingest.sql.js";

/** A flush this big means Meta is delivering faster than a trickle: background work should step aside. */
const PRESSURE_BATCH = 8;
let pressureAt = -Infinity;

/**
 * True while webhooks arrive in bulk (a large group commit in the last 10 ms). Background work that would
 * share the event loop (the inbound listeners) slows down then: acknowledging Meta in time comes first, and
 * what is stored is durable, so the listeners catch up when the burst ends.
 */
export function receiverUnderPressure(): boolean {
  return performance.now() - pressureAt < 10;
}

/** Stores one webhook request's records durably; resolves only after the commit. */
export interface IngestWriter {
  write(req: IngestRequest): Promise<IngestResult>;
  close(): void;
}

export function createIngestWriter(ctx: AppContext): IngestWriter {
  const sqlite = ctx.db.sqlite;
  if (ctx.db.dialect === "sqlite" && sqlite) return new GroupCommitWriter(ctx, sqlite);
  return {
    write: (req) =>
      ctx.db.kysely
        .transaction()
        .execute((trx) => runOnPostgres(trx, ingestProgram(req, { enqueueInbound: true }))),
    close: () => undefined,
  };
}

interface Waiting {
  req: IngestRequest;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/** Requests that arrive while one batch commits wait for the next; this bounds a batch's latency. */
const MAX_BATCH = 512;
/** Messages one inbound job may collect while it waits for the worker. */
const MAX_INBOUND_PER_JOB = 200;
/** How long a batch keeps retrying while another connection holds SQLite's write lock. */
const BUSY_GIVE_UP_MS = 5000;

type Outcome = { ok: IngestResult } | { error: unknown };

/**
 * Group commit on SQLite: requests that arrive together are written in ONE transaction (one fsync) with one
 * whatsapp.inbound job for all their new messages; everyone waits for the commit, and a failed commit fails
 * them all (5xx, so Meta retries). If a request's writes throw, the batch is rolled back and written again
 * with a savepoint per request, so only the failing request gets an error.
 *
 * The writer has its OWN connection to the database file, used only synchronously (a whole transaction runs
 * in one turn of the event loop). Background work on the shared Kysely connection (outbox jobs, policy
 * replies) therefore never queues ahead of an acknowledgement; SQLite's write lock arbitrates, and a batch that
 * finds it taken (a Kysely transaction open across an await) simply tries again on the next turn.
 */
class GroupCommitWriter implements IngestWriter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private flushing = false;
  private readonly cache = createIngestCache();
  /** The last inbound job written, while the worker may not have claimed it: new messages join it. */
  private openInbound: { id: string; messages: InboundRef[] } | undefined;
  private readonly batchSize: Histogram;
  private readonly runner: SqliteRunner;
  private readonly handle: SqliteDatabase.Database;
  /** Whether `handle` is the shared connection (in-memory databases cannot be opened twice). */
  private readonly shared: boolean;

  constructor(
    private readonly ctx: AppContext,
    main: SqliteDatabase.Database,
  ) {
    this.shared = main.memory;
    if (this.shared) {
      this.handle = main;
    } else {
      // timeout 0: never block the thread waiting for the lock (its holder may be this very thread).
      this.handle = new SqliteDatabase(main.name, { timeout: 0 });
      this.handle.pragma("journal_mode = WAL");
      this.handle.pragma("synchronous = FULL");
      this.handle.pragma("foreign_keys = ON");
      this.handle.pragma("cache_size = -32768");
    }
    this.runner = new SqliteRunner(this.handle);
    this.batchSize = new Histogram({
      name: "beedesk_webhook_batch_requests",
      help: "Webhook requests written per SQLite group commit",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers: [ctx.metrics.registry],
    });
  }

  write(req: IngestRequest): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.schedule();
    });
  }

  close(): void {
    if (!this.shared && this.handle.open) this.handle.close();
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate: every request already read from the sockets this turn joins the batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
    this.queue = this.queue.length <= MAX_BATCH ? [] : this.queue.slice(MAX_BATCH);
    this.batchSize.observe(batch.length);
    if (batch.length >= PRESSURE_BATCH) pressureAt = performance.now();
    let outcomes: Outcome[] | undefined;
    try {
      outcomes = this.shared
        ? await this.ctx.db.kysely.connection().execute(async () => this.commit(batch))
        : await this.commitWhenFree(batch);
    } catch (error) {
      this.ctx.log.error({ err: error, requests: batch.length }, "webhook batch commit failed");
      for (const w of batch) w.reject(error);
    } finally {
      this.flushing = false;
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

  private async commitWhenFree(batch: Waiting[]): Promise<Outcome[]> {
    const started = Date.now();
    for (let tries = 0; ; tries++) {
      try {
        return this.commit(batch);
      } catch (error) {
        if (!isBusy(error) || Date.now() - started > BUSY_GIVE_UP_MS) throw error;
        await new Promise((resolve) => (tries < 20 ? setImmediate(resolve) : setTimeout(resolve, 2)));
      }
    }
  }

  private commit(batch: Waiting[]): Outcome[] {
    try {
      return this.transaction(batch, false);
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error;
      // Something stale (a cached row) or one bad request: forget the cache and isolate each request.
      this.cache.contacts.clear();
      this.cache.conversations.clear();
      return this.transaction(batch, true);
    }
  }

  private transaction(batch: Waiting[], isolate: boolean): Outcome[] {
    const runner = this.runner;
    const outcomes: Outcome[] = [];
    const learned: Learned[] = [];
    const now = this.ctx.clock.now().toISOString();
    runner.exec("begin immediate");
    try {
      for (const w of batch) {
        if (isolate) runner.exec("savepoint ingest_request");
        const mark = learned.length;
        try {
          outcomes.push({
            ok: runner.run(ingestProgram(w.req, { enqueueInbound: false, cache: this.cache, learned })),
          });
          if (isolate) runner.exec("release ingest_request");
        } catch (error) {
          if (!isolate) throw new RequestFailed(error);
          runner.exec("rollback to ingest_request");
          runner.exec("release ingest_request");
          learned.length = mark;
          outcomes.push({ error });
        }
      }
      const added = outcomes.flatMap((o) => ("ok" in o ? o.ok.newMessages : []));
      let inbound = this.openInbound;
      if (added.length > 0) {
        // One job per worker pass rather than per batch: each job costs the worker two commits of its own.
        const joined = inbound ? [...inbound.messages, ...added.map(inboundRef)] : [];
        if (
          inbound &&
          joined.length <= MAX_INBOUND_PER_JOB &&
          runner.run(appendInbound(inbound.id, joined, now))
        ) {
          inbound = { id: inbound.id, messages: joined };
        } else {
          inbound = { id: runner.run(enqueueInbound(added, now)), messages: added.map(inboundRef) };
        }
      }
      runner.exec("commit");
      this.openInbound = inbound;
    } catch (error) {
      this.openInbound = undefined;
      if (this.handle.inTransaction) runner.exec("rollback");
      throw error;
    }
    remember(this.cache, learned);
    return outcomes;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "SQLITE_BUSY_SNAPSHOT";
}

class RequestFailed extends Error {
  constructor(readonly original: unknown) {
    super("a request in the batch failed");
  }
}
