import type SqliteDatabase from "better-sqlite3";
import { contactGeneration } from "./ingest.queries.js";
import {
  appendInbound,
  createIngestCache,
  enqueueInbound,
  type InboundRef,
  type IngestRequest,
  type IngestResult,
  inboundRef,
  ingestProgram,
  isListened,
  type Learned,
  remember,
} from "./ingest.repository.js";
import { getRow, SqliteRunner } from "./ingest.sql.js";

/** Messages one inbound job may collect while it waits for the worker. */
const MAX_INBOUND_PER_JOB = 200;

export type Outcome = { ok: IngestResult } | { error: unknown };

/**
 * Writes a batch of webhook requests in ONE SQLite transaction (one fsync), with one whatsapp.inbound job for
 * all their new messages — or adds them to the previous job while the worker has not claimed it. If a
 * request's writes throw, the batch is rolled back and written again with a savepoint per request, so only
 * that request fails. Synchronous: it runs on the connection it is given, in whichever thread owns it.
 */
export class BatchCommitter {
  private readonly runner: SqliteRunner;
  private readonly cache = createIngestCache();
  private openInbound: { id: string; messages: InboundRef[] } | undefined;

  constructor(private readonly handle: SqliteDatabase.Database) {
    this.runner = new SqliteRunner(handle);
  }

  commit(requests: IngestRequest[], now: string): Outcome[] {
    try {
      return this.transaction(requests, now, false);
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error;
      // Something stale (a cached row) or one bad request: forget the cache and isolate each request.
      this.cache.contacts.clear();
      this.cache.conversations.clear();
      return this.transaction(requests, now, true);
    }
  }

  private transaction(requests: IngestRequest[], now: string, isolate: boolean): Outcome[] {
    const runner = this.runner;
    const outcomes: Outcome[] = [];
    const learned: Learned[] = [];
    runner.exec("begin immediate");
    try {
      const generation = runner.run(getRow<{ generation: number }>(contactGeneration, []))?.generation;
      if (generation !== this.cache.generation) {
        // Contacts lost their identity (erasure, retention) since the last batch: forget every cached one.
        this.cache.contacts.clear();
        this.cache.conversations.clear();
        this.cache.generation = generation;
      }
      for (const req of requests) {
        if (isolate) runner.exec("savepoint ingest_request");
        const mark = learned.length;
        try {
          outcomes.push({
            ok: runner.run(ingestProgram(req, { enqueueInbound: false, cache: this.cache, learned })),
          });
          if (isolate) runner.exec("release ingest_request");
        } catch (error) {
          if (!isolate) throw new RequestFailed(error);
          // Some errors (a full disk) make SQLite roll the whole transaction back: then the batch fails with
          // that cause, not with the missing savepoint.
          if (!this.handle.inTransaction) throw error;
          runner.exec("rollback to ingest_request");
          runner.exec("release ingest_request");
          learned.length = mark;
          outcomes.push({ error });
        }
      }
      const added = outcomes.flatMap((o) => ("ok" in o ? o.ok.newMessages.filter(isListened) : []));
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
          const first = outcomes.find((o) => "ok" in o);
          if (first && "ok" in first) first.ok.wakeWorker = true;
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

class RequestFailed extends Error {
  constructor(readonly original: unknown) {
    super("a request in the batch failed");
  }
}

/** Pragmas for a writer's own connection to the database file. */
export function configureWriterConnection(handle: SqliteDatabase.Database): void {
  handle.pragma("journal_mode = WAL");
  // FULL: the commit is on disk before any request of the batch is acknowledged.
  handle.pragma("synchronous = FULL");
  handle.pragma("foreign_keys = ON");
  handle.pragma("cache_size = -32768");
}
