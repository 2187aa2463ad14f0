import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { Config } from "../config.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw better-sqlite3 handle, for the few hot paths that need synchronous batching. */
  readonly sqlite: SqliteDatabase.Database | undefined;
  /** The pg pool, for LISTEN/NOTIFY. */
  readonly pool: pg.Pool | undefined;
  close(): Promise<void>;
}

// bigint (int8) columns are counts and sums here: parse them as numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface OpenOptions {
  /** PostgreSQL schema to use (tests give each run its own). */
  schema?: string;
  poolSize?: number;
}

export function openDatabase(database: Config["database"], options: OpenOptions = {}): Db {
  if (database.kind === "sqlite") return openSqlite(database.file);
  return openPostgres(database.url, options);
}

export function openSqlite(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = new SqliteDatabase(file);
  handle.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before we acknowledge anything.
  handle.pragma("synchronous = FULL");
  handle.pragma("foreign_keys = ON");
  handle.pragma("busy_timeout = 5000");
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  return {
    kysely,
    dialect: "sqlite",
    sqlite: handle,
    pool: undefined,
    close: () => kysely.destroy(),
  };
}

export function openPostgres(url: string, options: OpenOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: "postgres",
    sqlite: undefined,
    pool,
    close: () => kysely.destroy(),
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
