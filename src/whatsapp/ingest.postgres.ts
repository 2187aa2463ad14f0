import type pg from "pg";
import type { Histogram } from "prom-client";
import type { AppContext } from "../platform/context.js";
import { isStorageUnavailable } from "../platform/db/unavailable.js";
import { AppError } from "../platform/errors.js";
import { insertJobAndCommit, writeBatch, writeCachedBatch } from "./ingest.batch.js";
import { BEGIN_BATCH } from "./ingest.queries.js";
import {
  createIngestCache,
  type IngestRequest,
  type IngestResult,
  ingestProgram,
  type Learned,
  remember,
} from "./ingest.repository.js";
import { runOnClient } from "./ingest.sql.js";
import { notePressure } from "./ingest.writer.js";

/** Requests that arrive while batches commit wait for the next one; this bounds a batch's latency. */
const MAX_BATCH = 256;
/** Batches committing at once, each on its own pooled connection (the pool also serves pages and jobs). */
const MAX_IN_FLIGHT = 6;
/** While a batch commits, the next starts early only once this many requests wait (fewer, larger commits). */
const EARLY_BATCH = 8;
/** Requests waiting beyond this are refused at once (503: Meta delivers again) instead of queuing for ever. */
const MAX_WAITING = 8192;
/** How long a process that lost its database answers 503 without trying (then the next batch tries again). */
const DOWN_MS = 1000;
/** A pooled connection not obtained in this time means the database is out of reach. */
const CONNECT_MS = 3000;

interface Waiting {
  req: IngestRequest;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

function unavailable(): AppError {
  return new AppError("unavailable", "The database is unavailable; try again later");
}

/**
 * Group commit on PostgreSQL: requests that arrive together are written in ONE transaction (one WAL flush) with
 * a few set-based statements (ingest.batch.ts), and each is acknowledged once that commit is done, as on SQLite.
 * Up to MAX_IN_FLIGHT batches commit at once on separate connections, so a slow one does not hold up the others.
 * If a batch fails for a reason other than the database being gone, its requests are written again one
 * transaction each, so only the request at fault fails. A database out of reach answers 503 at once.
 */
export class PostgresGroupWriter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private inFlight = 0;
  private downUntil = 0;
  private readonly cache = createIngestCache();

  constructor(
    private readonly ctx: AppContext,
    private readonly pool: pg.Pool,
    private readonly batchSize: Histogram,
  ) {}

  write(req: IngestRequest): Promise<IngestResult> {
    if (performance.now() < this.downUntil || this.queue.length >= MAX_WAITING) {
      return Promise.reject(unavailable());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.schedule();
    });
  }

  async close(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    if (this.inFlight > 0 && this.queue.length < EARLY_BATCH) return;
    this.scheduled = true;
    // setImmediate: every request already read from the sockets this turn joins the batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
    this.queue = this.queue.length <= MAX_BATCH ? [] : this.queue.slice(MAX_BATCH);
    if (batch.length === 0) return;
    this.batchSize.observe(batch.length);
    notePressure(batch.length);
    this.inFlight++;
    this.schedule();
    try {
      const outcomes = await this.commit(batch.map((w) => w.req));
      batch.forEach((w, i) => {
        const o = outcomes[i]!;
        if ("ok" in o) w.resolve(o.ok);
        else w.reject(o.error);
      });
    } catch (error) {
      this.ctx.log.error({ err: error, requests: batch.length }, "webhook batch commit failed");
      const down = error instanceof AppError || isStorageUnavailable(error);
      if (down) this.downUntil = performance.now() + DOWN_MS;
      for (const w of batch) w.reject(down ? unavailable() : error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    let timer: NodeJS.Timeout | undefined;
    const connecting = this.pool.connect();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable()), CONNECT_MS);
    });
    try {
      return await Promise.race([connecting, timeout]);
    } catch (error) {
      // A connection that arrives after we gave up goes back to the pool.
      connecting.then((c) => c.release()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async commit(requests: IngestRequest[]): Promise<Array<{ ok: IngestResult } | { error: unknown }>> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      const now = this.ctx.clock.now().toISOString();
      try {
        const results = await writeCachedBatch(client, requests, now, this.cache);
        if (results) return results.map((ok) => ({ ok }));
      } catch (error) {
        // One statement, so nothing was written; a stale cached row (a conversation deleted meanwhile) is the
        // likely cause: the full path below starts without the cache.
        if (isStorageUnavailable(error) && !/^40(001|P01)$/.test(String((error as { code?: unknown }).code)))
          throw error;
        this.forget();
      }
      try {
        const opened = (await client.query(BEGIN_BATCH)) as unknown as Array<{
          rows: { generation?: number }[];
        }>;
        const generation = opened[1]?.rows[0]?.generation;
        const { results, learned, job } = await writeBatch(client, requests, now, this.cache, generation);
        await client.query(insertJobAndCommit(client, job));
        remember(this.cache, learned);
        return results.map((ok) => ({ ok }));
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        if (isStorageUnavailable(error) && !/^40(001|P01)$/.test(String((error as { code?: unknown }).code)))
          throw error;
        // Something stale (a cached row) or one bad request: forget the cache and write each on its own.
        this.forget();
        return await this.oneByOne(client, requests);
      }
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private forget(): void {
    this.cache.contacts.clear();
    this.cache.conversations.clear();
    this.cache.generation = undefined;
  }

  private async oneByOne(
    client: pg.PoolClient,
    requests: IngestRequest[],
  ): Promise<Array<{ ok: IngestResult } | { error: unknown }>> {
    const outcomes: Array<{ ok: IngestResult } | { error: unknown }> = [];
    for (const req of requests) {
      const learned: Learned[] = [];
      try {
        await client.query("begin");
        const ok = await runOnClient(client, ingestProgram(req, { enqueueInbound: true, learned }));
        await client.query("commit");
        remember(this.cache, learned);
        outcomes.push({ ok });
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        if (isStorageUnavailable(error) && !/^40(001|P01)$/.test(String((error as { code?: unknown }).code)))
          throw error;
        outcomes.push({ error });
      }
    }
    return outcomes;
  }
}
