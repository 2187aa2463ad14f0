import { Histogram } from "prom-client";
import type { AppContext } from "../platform/context.js";
import {
  createIngestCache,
  enqueueInbound,
  type IngestRequest,
  type IngestResult,
  ingestProgram,
  type Learned,
  remember,
} from "./ingest.repository.js";
import { runOnPostgres, SqliteRunner } from "./ingest.sql.js";

/** Stores one webhook request's records durably; resolves only after the commit. */
export interface IngestWriter {
  write(req: IngestRequest): Promise<IngestResult>;
}

export function createIngestWriter(ctx: AppContext): IngestWriter {
  const sqlite = ctx.db.sqlite;
  if (ctx.db.dialect === "sqlite" && sqlite) return new GroupCommitWriter(ctx, new SqliteRunner(sqlite));
  return {
    write: (req) =>
      ctx.db.kysely
        .transaction()
        .execute((trx) => runOnPostgres(trx, ingestProgram(req, { enqueueInbound: true }))),
  };
}

interface Waiting {
  req: IngestRequest;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/** Requests that arrive while one batch commits wait for the next; this bounds a batch's latency. */
const MAX_BATCH = 512;

type Outcome = { ok: IngestResult } | { error: unknown };

/**
 * Group commit on SQLite: requests that arrive together are written in ONE transaction (one fsync) with one
 * whatsapp.inbound job for all their new messages. Everyone waits for the commit; a failed commit fails them
 * all (5xx, so Meta retries). If a request's writes throw, the batch is rolled back and written again with a
 * savepoint per request, so only the failing request gets an error.
 */
class GroupCommitWriter implements IngestWriter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private flushing = false;
  private readonly cache = createIngestCache();
  private readonly batchSize: Histogram;

  constructor(
    private readonly ctx: AppContext,
    private readonly runner: SqliteRunner,
  ) {
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
    let outcomes: Outcome[] | undefined;
    try {
      // Holding Kysely's connection guarantees no Kysely transaction is open on the shared handle.
      outcomes = await this.ctx.db.kysely.connection().execute(async () => this.commit(batch));
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
      if (added.length > 0) runner.run(enqueueInbound(added, now));
      runner.exec("commit");
    } catch (error) {
      if (this.ctx.db.sqlite?.inTransaction) runner.exec("rollback");
      throw error;
    }
    remember(this.cache, learned);
    return outcomes;
  }
}

class RequestFailed extends Error {
  constructor(readonly original: unknown) {
    super("a request in the batch failed");
  }
}
