import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

/** How long a SQLite connection waits for a lock before SQLITE_BUSY (set on every connection beedesk opens). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Work that writes in a transaction of its own, but may share the commit with other work of the same moment.
 * It must await nothing but queries on the `trx` it is given (no network, no timers): the transaction stays
 * open while it runs.
 */
export type TransactionWork<T> = (trx: Kysely<Database>) => Promise<T>;

export interface TransactionOptions {
  /**
   * Commit on the next turn of the event loop instead of waiting for the next shared commit (for records whose
   * delay widens a window that matters, such as a sent message's wamid).
   */
  urgent?: boolean;
}

export type RunTransaction = <T>(work: TransactionWork<T>, options?: TransactionOptions) => Promise<T>;

interface Queued {
  work: TransactionWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Units of work one shared transaction takes at most; the rest wait for the next. */
const MAX_SHARED = 256;
/**
 * Under load, shared commits start at most this often (like PostgreSQL's commit_delay): work arriving in the
 * meantime waits up to this long and joins the next one. Idle, work starts on the next turn of the event loop.
 */
const MIN_INTERVAL_MS = 8;

/**
 * SQLite commits one transaction at a time, and a durable commit (synchronous=FULL) costs an fsync. Background
 * work (the outbox worker, the policy) makes many small transactions at once under load; this runs all the
 * work queued in one turn of the event loop in ONE transaction, each unit inside its own savepoint: a unit that
 * throws is rolled back alone and its caller gets the error; the others commit together, and each caller's
 * promise settles only after that commit. Results are visible to a caller exactly when they are durable.
 */
export function sharedTransactions(kysely: Kysely<Database>): RunTransaction {
  let queue: Queued[] = [];
  let scheduled: "no" | "timer" | "immediate" = "no";
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = -Infinity;

  async function flush(): Promise<void> {
    scheduled = "no";
    timer = undefined;
    lastFlush = performance.now();
    const batch = queue.length <= MAX_SHARED ? queue : queue.slice(0, MAX_SHARED);
    queue = queue.length <= MAX_SHARED ? [] : queue.slice(MAX_SHARED);
    if (queue.length > 0) schedule();
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await kysely.connection().execute(async (trx) => {
        await beginImmediate(trx);
        try {
          for (const unit of batch) {
            if (batch.length > 1) await sql`savepoint shared_unit`.execute(trx);
            try {
              const value = await unit.work(trx);
              if (batch.length > 1) await sql`release shared_unit`.execute(trx);
              outcomes.push({ ok: true, value });
            } catch (error) {
              if (batch.length === 1) throw error;
              try {
                await sql`rollback to shared_unit`.execute(trx);
                await sql`release shared_unit`.execute(trx);
              } catch {
                // SQLite rolled the whole transaction back (a full disk, say): every unit fails with the cause.
                throw error;
              }
              outcomes.push({ ok: false, error });
            }
          }
          await sql`commit`.execute(trx);
        } catch (error) {
          await sql`rollback`.execute(trx).catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      // The commit (or the only unit, or a rollback to a savepoint) failed: nothing of the batch was kept.
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  function schedule(urgent = false): void {
    if (scheduled === "immediate" || (scheduled === "timer" && !urgent)) return;
    const wait = lastFlush + MIN_INTERVAL_MS - performance.now();
    if (urgent || wait <= 0 || queue.length >= MAX_SHARED) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      scheduled = "immediate";
      // setImmediate: every unit queued by the callbacks of this turn joins the same transaction.
      setImmediate(() => void flush());
    } else {
      scheduled = "timer";
      timer = setTimeout(() => void flush(), wait);
    }
  }

  return <T>(work: TransactionWork<T>, options?: TransactionOptions): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      schedule(options?.urgent === true);
    });
}

/** Tries for the write lock without blocking the thread this many times, 1 ms apart, then waits for it. */
const LOCK_TRIES = 50;

/**
 * BEGIN IMMEDIATE takes the write lock first, so a write after a read cannot fail because the webhook writer
 * thread committed in between. While that thread holds the lock (its fsync), SQLite's busy handler would put
 * this whole thread to sleep; instead the lock is tried without waiting and, when busy, tried again after the
 * event loop has had a turn (webhooks keep being read meanwhile). Queries of others wait their turn: this
 * holds Kysely's connection.
 */
async function beginImmediate(trx: Kysely<Database>): Promise<void> {
  for (let attempt = 1; attempt < LOCK_TRIES; attempt++) {
    await sql`pragma busy_timeout = 0`.execute(trx);
    try {
      await sql`begin immediate`.execute(trx);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY") throw error;
    } finally {
      await sql.raw(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`).execute(trx);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await sql`begin immediate`.execute(trx);
}

/**
 * A request's own SQLite transaction, begun IMMEDIATE. A deferred BEGIN reads from a snapshot and upgrades to
 * the write lock on its first write; if the webhook writer thread committed in between, that upgrade fails at
 * once with SQLITE_BUSY_SNAPSHOT (no busy wait helps), and an agent's send meeting a webhook batch answered 503.
 */
export async function immediateTransaction<T>(
  kysely: Kysely<Database>,
  work: TransactionWork<T>,
): Promise<T> {
  return kysely.connection().execute(async (trx) => {
    await beginImmediate(trx);
    try {
      const value = await work(trx);
      await sql`commit`.execute(trx);
      return value;
    } catch (error) {
      await sql`rollback`.execute(trx).catch(() => undefined);
      throw error;
    }
  });
}

/** PostgreSQL groups concurrent commits itself: each unit simply gets its own transaction. */
export function ownTransactions(kysely: Kysely<Database>): RunTransaction {
  return (work) => kysely.transaction().execute(work);
}
