import { type Kysely, sql } from "kysely";
import { precompiled } from "../db/precompiled.js";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";

// Finishing jobs: marking them done (only while the worker still holds them) and the attempts log.
const markDone = precompiled((db, result: string | null, now: string, id: string, worker: string) =>
  db
    .updateTable("jobs")
    .set({
      status: "done",
      locked_by: null,
      locked_until: null,
      result,
      last_error: null,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("locked_by", "=", worker)
    .where("status", "=", "running"),
);

export async function completeJob(
  db: Kysely<Database>,
  id: string,
  worker: string,
  result: unknown,
  now: string,
): Promise<boolean> {
  const json = result === undefined ? null : JSON.stringify(result);
  return (await markDone.run(db, json, now, id, worker)) === 1;
}

export interface Completion {
  id: string;
  /** The handler's result (JSON-encoded into the row). */
  result: unknown;
}

/**
 * Marks several of `worker`'s jobs done in one statement, each only if the worker still holds its claim;
 * returns how many were. The worker's completions of the same moment go together: one round trip, not one each.
 */
export async function completeJobs(
  db: Kysely<Database>,
  worker: string,
  jobs: readonly Completion[],
  now: string,
): Promise<number> {
  if (jobs.length === 0) return 0;
  const values = sql.join(
    jobs.map((j) => sql`(${j.id}, ${j.result === undefined ? null : JSON.stringify(j.result)})`),
  );
  const r = await sql`
    with done_jobs (id, result) as (values ${values})
    update jobs set status = 'done', locked_by = null, locked_until = null, last_error = null, updated_at = ${now},
      result = (select d.result from done_jobs d where d.id = jobs.id)
    where id in (select d.id from done_jobs d) and locked_by = ${worker} and status = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * PostgreSQL: completeJobs and recordAttempts in ONE statement, so it needs no transaction around it (one round
 * trip where begin, update, insert and commit were four; on PostgreSQL the round trips are the worker's main
 * cost). Each job is marked done only if `worker` still holds it; every attempt is recorded, as before.
 */
export async function completeAndRecord(
  db: Kysely<Database>,
  worker: string,
  jobs: readonly (Completion & { attempt: AttemptRecord })[],
  now: string,
): Promise<number> {
  if (jobs.length === 0) return 0;
  const values = sql.join(
    jobs.map(
      (j) =>
        sql`(${j.id}, ${j.result === undefined ? null : JSON.stringify(j.result)}, ${newId()}, ${j.attempt.attempt}::integer, ${j.attempt.startedAt}, ${j.attempt.finishedAt})`,
    ),
  );
  const { rows } = await sql<{ n: number }>`
    with done_jobs (id, result, attempt_id, attempt, started_at, finished_at) as (values ${values}),
      marked as (
        update jobs set status = 'done', locked_by = null, locked_until = null, last_error = null,
          updated_at = ${now}, result = d.result
        from done_jobs d where jobs.id = d.id and jobs.locked_by = ${worker} and jobs.status = 'running'
        returning jobs.id),
      recorded as (
        insert into job_attempts (id, job_id, attempt, worker, started_at, finished_at, outcome, error)
        select attempt_id, id, attempt, ${worker}, started_at, finished_at, 'ok', null from done_jobs)
    select count(*)::integer as n from marked`.execute(db);
  return rows[0]?.n ?? 0;
}

const insertAttempt = precompiled(
  (
    db,
    id: string,
    jobId: string,
    attempt: number,
    worker: string,
    startedAt: string,
    finishedAt: string,
    outcome: string,
    error: string | null,
  ) =>
    db.insertInto("job_attempts").values({
      id,
      job_id: jobId,
      attempt,
      worker,
      started_at: startedAt,
      finished_at: finishedAt,
      outcome: outcome as "ok" | "retry" | "dead",
      error,
    }),
);

export interface AttemptRecord {
  jobId: string;
  attempt: number;
  worker: string;
  startedAt: string;
  finishedAt: string;
  outcome: "ok" | "retry" | "dead";
  error: string | null;
}

export async function recordAttempt(db: Kysely<Database>, attempt: AttemptRecord): Promise<void> {
  await insertAttempt.run(
    db,
    newId(),
    attempt.jobId,
    attempt.attempt,
    attempt.worker,
    attempt.startedAt,
    attempt.finishedAt,
    attempt.outcome,
    attempt.error?.slice(0, 2000) ?? null,
  );
}

/** Several attempts in one INSERT (the worker's completions of the same moment). */
export async function recordAttempts(
  db: Kysely<Database>,
  attempts: readonly AttemptRecord[],
): Promise<void> {
  if (attempts.length === 0) return;
  await db
    .insertInto("job_attempts")
    .values(
      attempts.map((a) => ({
        id: newId(),
        job_id: a.jobId,
        attempt: a.attempt,
        worker: a.worker,
        started_at: a.startedAt,
        finished_at: a.finishedAt,
        outcome: a.outcome,
        error: a.error?.slice(0, 2000) ?? null,
      })),
    )
    .execute();
}

export async function listAttempts(db: Kysely<Database>, jobId: string) {
  return db
    .selectFrom("job_attempts")
    .select(["attempt", "worker", "outcome", "error", "started_at", "finished_at"])
    .where("job_id", "=", jobId)
    .orderBy("attempt")
    .execute();
}
