import type { AppContext } from "../platform/context.js";
import { type IngestRequest, type IngestResult, ingestProgram } from "./ingest.repository.js";
import { runOnPostgres, SqliteRunner } from "./ingest.sql.js";

/** Stores one webhook request's records durably; resolves only after the commit. */
export interface IngestWriter {
  write(req: IngestRequest): Promise<IngestResult>;
}

export function createIngestWriter(ctx: AppContext): IngestWriter {
  const sqlite = ctx.db.sqlite;
  if (ctx.db.dialect === "sqlite" && sqlite) return new GroupCommitWriter(ctx, new SqliteRunner(sqlite));
  return {
    write: (req) => ctx.db.kysely.transaction().execute((trx) => runOnPostgres(trx, ingestProgram(req))),
  };
}

interface Waiting {
  req: IngestRequest;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/** Requests that arrive while one batch commits wait for the next; this bounds a batch's latency. */
const MAX_BATCH = 512;

/**
 * Group commit on SQLite: requests that arrive together are written in ONE transaction (one fsync), each in
 * its own savepoint so a request that fails rolls back alone. Everyone waits for the commit; a failed commit
 * fails them all (5xx, so Meta retries).
 */
class GroupCommitWriter implements IngestWriter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly runner: SqliteRunner,
  ) {}

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
    let outcomes: Array<{ ok: IngestResult } | { error: unknown }> | undefined;
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

  private commit(batch: Waiting[]): Array<{ ok: IngestResult } | { error: unknown }> {
    const runner = this.runner;
    const outcomes: Array<{ ok: IngestResult } | { error: unknown }> = [];
    runner.exec("begin immediate");
    try {
      for (const w of batch) {
        runner.exec("savepoint ingest_request");
        try {
          outcomes.push({ ok: runner.run(ingestProgram(w.req)) });
          runner.exec("release ingest_request");
        } catch (error) {
          runner.exec("rollback to ingest_request");
          runner.exec("release ingest_request");
          outcomes.push({ error });
        }
      }
      runner.exec("commit");
    } catch (error) {
      if (this.ctx.db.sqlite?.inTransaction) runner.exec("rollback");
      throw error;
    }
    return outcomes;
  }
}
