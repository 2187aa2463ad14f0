import type { Kysely } from "kysely";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { AppContext } from "./context.js";
import type { Dialect } from "./db/database.js";
import type { Database } from "./db/schema.js";
import { immediateTransaction, type TransactionOptions } from "./db/shared-transaction.js";
import type { LiveEvent } from "./events.js";
import type { Logger } from "./logger.js";
import type { NewJob } from "./outbox/outbox.repository.js";
import type { SecretBox } from "./secrets.js";

/**
 * What code running inside a transaction receives: the transaction and the parts of the process that do not
 * reach the database. There is deliberately no `db`: on SQLite the transaction holds the only connection, so
 * a read through `ctx.db` inside it would wait for itself (a deadlock). Write a function that runs in a
 * transaction as `f(tx: TxContext, …)`, never `f(trx, ctx: AppContext, …)`, and that mistake cannot compile.
 */
export interface TxContext {
  readonly trx: Kysely<Database>;
  readonly dialect: Dialect;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly secrets: SecretBox;
  /** Write a job row in this transaction; the worker is woken once the transaction has committed. */
  enqueue(job: NewJob): Promise<string>;
  /** Publish a live event once the transaction has committed (never for work that was rolled back). */
  publish(event: LiveEvent): void;
}

class Tx implements TxContext {
  readonly dialect: Dialect;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly secrets: SecretBox;
  enqueued = false;
  readonly events: LiveEvent[] = [];

  constructor(
    private readonly ctx: AppContext,
    readonly trx: Kysely<Database>,
  ) {
    this.dialect = ctx.db.dialect;
    this.config = ctx.config;
    this.clock = ctx.clock;
    this.log = ctx.log;
    this.secrets = ctx.secrets;
  }

  enqueue(job: NewJob): Promise<string> {
    this.enqueued = true;
    return this.ctx.outbox.enqueue(this.trx, job);
  }

  publish(event: LiveEvent): void {
    this.events.push(event);
  }

  /** After the commit: wake the worker for the jobs written, then tell the browsers. */
  committed(): void {
    if (this.enqueued) this.ctx.outbox.wake();
    for (const event of this.events) this.ctx.events.publish(event);
  }
}

/**
 * A request's change, in a transaction of its own. The transaction rule: requests use this; background work
 * (jobs, listeners, schedules) uses `inSharedTransaction`, whose commit SQLite shares with the work of the same
 * moment. Either way the work gets a TxContext, and must await nothing but queries on `tx.trx`.
 */
export async function inTransaction<T>(ctx: AppContext, work: (tx: TxContext) => Promise<T>): Promise<T> {
  let tx: Tx | undefined;
  const run = (trx: Kysely<Database>) => {
    tx = new Tx(ctx, trx);
    return work(tx);
  };
  const result =
    ctx.db.dialect === "sqlite"
      ? await immediateTransaction(ctx.db.kysely, run)
      : await ctx.db.kysely.transaction().execute(run);
  tx?.committed();
  return result;
}

/** Background work through `ctx.db.transact` (platform/db/shared-transaction.ts), with a TxContext. */
export async function inSharedTransaction<T>(
  ctx: AppContext,
  work: (tx: TxContext) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  let tx: Tx | undefined;
  const result = await ctx.db.transact((trx) => {
    tx = new Tx(ctx, trx);
    return work(tx);
  }, options);
  tx?.committed();
  return result;
}
