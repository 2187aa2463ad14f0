import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDialectConfig, sql } from "kysely";
import pg from "pg";
import type { Config } from "../config.js";
import { preparePrivateSqliteFile } from "../private-files.js";
import type { Database } from "./schema.js";
import {
  ownTransactions,
  type RunTransaction,
  SQLITE_BUSY_TIMEOUT_MS,
  sharedTransactions,
} from "./shared-transaction.js";

export type Dialect = "sqlite" | "postgres";

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw better-sqlite3 handle, for the few hot paths that need synchronous batching. */
  readonly sqlite: SqliteDatabase.Database | undefined;
  /** The pg pool, for LISTEN/NOTIFY. */
  readonly pool: pg.Pool | undefined;
  /**
   * Runs background work in a transaction that may share its commit with the other work of the same moment
   * (SQLite: one durable commit instead of many; PostgreSQL: a transaction of its own). See shared-transaction.ts.
   */
  readonly transact: RunTransaction;
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
  if (file !== ":memory:") preparePrivateSqliteFile(file);
  const handle = new SqliteDatabase(file);
  handle.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before we acknowledge anything.
  handle.pragma("synchronous = FULL");
  handle.pragma("foreign_keys = ON");
  handle.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(handle) }),
  });
  return {
    kysely,
    dialect: "sqlite",
    sqlite: handle,
    pool: undefined,
    transact: sharedTransactions(kysely),
    close: () => kysely.destroy(),
  };
}

/** Prepared statements kept per SQL text; the limit only bounds a pathological stream of distinct queries. */
const STATEMENT_CACHE_LIMIT = 2000;

/**
 * Kysely's SQLite driver prepares every query it runs; preparing costs more than running most of ours. The
 * driver sees this wrapper as the database and gets a statement prepared once per distinct SQL text. Reusing
 * one is safe: Kysely runs one query at a time on its single connection (a streamed select holds it).
 */
function withStatementCache(handle: SqliteDatabase.Database): SqliteDialectConfig["database"] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string) {
      let stmt = statements.get(text);
      if (!stmt) {
        if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
        stmt = handle.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
    close() {
      statements.clear();
      handle.close();
    },
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
    transact: ownTransactions(kysely),
    close: () => kysely.destroy(),
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
