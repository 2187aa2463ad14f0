import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Dialect } from "../db/database.js";
import { precompiled } from "../db/precompiled.js";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { JobsTable } from "./outbox.tables.js";

export interface NewJob {
  type: string;
  payload: unknown;
  runAt?: string;
  /** A job with the same key is enqueued once; later enqueues are ignored. */
  dedupeKey?: string;
  maxAttempts?: number;
  /** Claim order among due jobs (PRIORITY.normal unless said). */
  priority?: number;
}

/**
 * Due jobs are claimed by priority, then by due time. `urgent` is for work someone waits on and that is quick to
 * do (a WhatsApp send): under a backlog of inbound messages it is claimed before them, not after.
 */
export const PRIORITY = { urgent: 0, normal: 1 } as const;

export interface Job {
  id: string;
  type: string;
  payload: unknown;
  status: JobsTable["status"];
  priority: number;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  result: string | null;
}

function rowToJob(
  row: Pick<
    JobsTable,
    | "id"
    | "type"
    | "payload"
    | "status"
    | "priority"
    | "attempts"
    | "max_attempts"
    | "run_at"
    | "last_error"
    | "result"
  >,
): Job {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload),
    status: row.status,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    result: row.result,
  };
}

const JOB_COLUMNS = [
  "id",
  "type",
  "payload",
  "status",
  "priority",
  "attempts",
  "max_attempts",
  "run_at",
  "last_error",
  "result",
] as const;

/** Write a job row; call inside the transaction that makes the state change it follows. */
export async function insertJob(db: Kysely<Database>, job: NewJob, now: string): Promise<string> {
  const id = newId();
  if (job.dedupeKey) {
    const inserted = await db
      .insertInto("jobs")
      .values({
        id,
        type: job.type,
        payload: JSON.stringify(job.payload),
        status: "pending",
        dedupe_key: job.dedupeKey,
        run_at: job.runAt ?? now,
        priority: job.priority ?? PRIORITY.normal,
        attempts: 0,
        max_attempts: job.maxAttempts ?? 8,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    return inserted?.id ?? "";
  }
  await insertPlainJob.run(
    db,
    id,
    job.type,
    JSON.stringify(job.payload),
    job.runAt ?? now,
    job.priority ?? PRIORITY.normal,
    job.maxAttempts ?? 8,
    now,
  );
  return id;
}

const insertPlainJob = precompiled(
  (
    db,
    id: string,
    type: string,
    payload: string,
    runAt: string,
    priority: number,
    maxAttempts: number,
    now: string,
  ) =>
    db.insertInto("jobs").values({
      id,
      type,
      payload,
      status: "pending",
      dedupe_key: null,
      run_at: runAt,
      priority,
      attempts: 0,
      max_attempts: maxAttempts,
      created_at: now,
      updated_at: now,
    }),
);

/**
 * Claim up to `limit` jobs for `worker`: first running jobs whose lease expired (their worker died), then due
 * pending jobs by priority and due time (each read from its own partial index, so a long backlog costs a claim
 * nothing). PostgreSQL uses FOR UPDATE SKIP LOCKED; SQLite has a single writer.
 */
export async function claimJobs(
  db: Kysely<Database>,
  dialect: Dialect,
  worker: string,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<Job[]> {
  const claim = (
    pick: (eb: ExpressionBuilder<Database, "jobs">) => SelectQueryBuilder<Database, "jobs", { id: string }>,
  ) =>
    db
      .updateTable("jobs")
      .set((eb) => ({
        status: "running",
        locked_by: worker,
        locked_until: leaseUntil,
        attempts: eb("attempts", "+", 1),
        updated_at: now,
      }))
      .where("id", "in", (eb) => {
        const ids = pick(eb);
        return dialect === "postgres" ? ids.forUpdate().skipLocked() : ids;
      })
      .returning(JOB_COLUMNS)
      .execute();
  const expired = await claim((eb) =>
    eb
      .selectFrom("jobs")
      .select("id")
      .where("status", "=", "running")
      .where("locked_until", "<", now)
      .orderBy("locked_until")
      .limit(limit),
  );
  const rest = limit - expired.length;
  const due =
    rest > 0
      ? await claim((eb) =>
          eb
            .selectFrom("jobs")
            .select("id")
            .where("status", "=", "pending")
            .where("run_at", "<=", now)
            .orderBy("priority")
            .orderBy("run_at")
            .limit(rest),
        )
      : [];
  // In claim order: RETURNING keeps none.
  const rows = [...expired, ...due].sort(
    (a, b) => a.priority - b.priority || a.run_at.localeCompare(b.run_at),
  );
  return rows.map(rowToJob);
}

/**
 * Extends the lease of the jobs `worker` is still running (its heartbeat), so a live worker's slow job is never
 * taken back while a dead worker's jobs are, one short lease after it died.
 */
export async function renewLeases(
  db: Kysely<Database>,
  dialect: Dialect,
  worker: string,
  ids: string[],
  leaseUntil: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  // On PostgreSQL a row another statement holds (the worker's own completion, most likely) is skipped, not
  // waited for: the heartbeat locking its rows in one order while a completion locked them in another was a
  // deadlock, which failed the completion and ran its jobs again. A skipped job is being finished, or its lease
  // is renewed on the next beat, a third of a lease later.
  const r = await db
    .updateTable("jobs")
    .set({ locked_until: leaseUntil })
    .where("id", "in", (eb) => {
      const held = eb
        .selectFrom("jobs")
        .select("id")
        .where("id", "in", ids)
        .where("locked_by", "=", worker)
        .where("status", "=", "running");
      return dialect === "postgres" ? held.forUpdate().skipLocked() : held;
    })
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function failJob(
  db: Kysely<Database>,
  id: string,
  worker: string,
  error: string,
  retryAt: string | undefined,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable("jobs")
    .set({
      status: retryAt ? "pending" : "dead",
      run_at: retryAt ?? sql<string>`run_at`,
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
      updated_at: now,
    })
    .where("id", "=", id)
    .where("locked_by", "=", worker)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findJob(db: Kysely<Database>, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom("jobs").select(JOB_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? rowToJob(row) : undefined;
}

/** Counts by status, for /metrics. */
export async function countJobsByStatus(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("jobs")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "in", ["pending", "running", "dead"])
    .groupBy("status")
    .execute();
  const counts: Record<string, number> = { pending: 0, running: 0, dead: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** The most recent job of a type (scheduled work's last result), with when it last changed. */
export async function latestJobOfType(
  db: Kysely<Database>,
  type: string,
): Promise<(Job & { updatedAt: string }) | undefined> {
  const row = await db
    .selectFrom("jobs")
    .select([...JOB_COLUMNS, "updated_at"])
    .where("type", "=", type)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { ...rowToJob(row), updatedAt: row.updated_at } : undefined;
}
