import { type Kysely, PostgresAdapter, sql } from "kysely";

// Rate-limit counters shared by every process of a PostgreSQL desk (platform/http/rate-limit.repository.ts).
// SQLite serves one process, which counts in memory: no table there.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create table rate_limits (
      id text primary key,
      hits integer not null,
      reset_at text not null
    )`.execute(db);
  await sql`create index rate_limits_reset_at on rate_limits (reset_at)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop table rate_limits`.execute(db);
}
