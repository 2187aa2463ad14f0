import type SqliteDatabase from "better-sqlite3";
import type { Kysely } from "kysely";
import { CompiledQuery } from "kysely";
import type { Database } from "../platform/db/schema.js";

// The webhook hot path runs the same logic on both dialects: the logic is a generator that yields SQL
// operations, and a driver answers them — synchronously on SQLite (so a whole batch of requests fits in one
// better-sqlite3 transaction, group commit), asynchronously through a Kysely transaction on PostgreSQL.

/** One statement in both dialects; null means "nothing to do on this dialect". Placeholders are `?`. */
export interface Statement {
  readonly sqlite: string | null;
  readonly postgres: string | null;
}

export function statement(sqlite: string | null, postgres: string | null = sqlite): Statement {
  return { sqlite, postgres: postgres === null ? null : numberPlaceholders(postgres) };
}

/** `?` → `$1, $2…` (our statements never contain a literal question mark). */
function numberPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export type SqlValue = string | number | null;

export interface Op {
  readonly statement: Statement;
  readonly params: readonly SqlValue[];
  /** "get": the first row (or undefined); "run": the number of rows changed. */
  readonly mode: "get" | "run";
}

export type SqlProgram<T> = Generator<Op, T, unknown>;

export function* getRow<T>(s: Statement, params: readonly SqlValue[]): SqlProgram<T | undefined> {
  return (yield { statement: s, params, mode: "get" }) as T | undefined;
}

export function* runSql(s: Statement, params: readonly SqlValue[]): SqlProgram<number> {
  return (yield { statement: s, params, mode: "run" }) as number;
}

/** Runs a program on a better-sqlite3 handle, statement by statement, without ever yielding the thread. */
export class SqliteRunner {
  private readonly prepared = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly handle: SqliteDatabase.Database) {}

  run<T>(program: SqlProgram<T>): T {
    let next = program.next();
    while (!next.done) {
      next = program.next(this.execute(next.value));
    }
    return next.value;
  }

  private execute(op: Op): unknown {
    const text = op.statement.sqlite;
    if (text === null) return op.mode === "run" ? 0 : undefined;
    let stmt = this.prepared.get(text);
    if (!stmt) {
      stmt = this.handle.prepare(text);
      this.prepared.set(text, stmt);
    }
    if (op.mode === "run") return stmt.run(...op.params).changes;
    if (stmt.reader) return stmt.get(...op.params);
    stmt.run(...op.params);
    return undefined;
  }

  /** A statement without parameters, prepared once (BEGIN, SAVEPOINT…). */
  exec(text: string): void {
    let stmt = this.prepared.get(text);
    if (!stmt) {
      stmt = this.handle.prepare(text);
      this.prepared.set(text, stmt);
    }
    stmt.run();
  }
}

/** Runs a program inside a Kysely transaction on PostgreSQL. */
export async function runOnPostgres<T>(trx: Kysely<Database>, program: SqlProgram<T>): Promise<T> {
  let next = program.next();
  while (!next.done) {
    const op = next.value;
    let answer: unknown;
    if (op.statement.postgres !== null) {
      const result = await trx.executeQuery(CompiledQuery.raw(op.statement.postgres, [...op.params]));
      answer = op.mode === "get" ? result.rows[0] : Number(result.numAffectedRows ?? 0n);
    } else {
      answer = op.mode === "run" ? 0 : undefined;
    }
    next = program.next(answer);
  }
  return next.value;
}

/** A pooled node-postgres connection (the PostgreSQL group commit talks to it directly, statements prepared). */
export interface PgClient {
  escapeLiteral(value: string): string;
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{
    rows: Record<string, unknown>[];
    rowCount: number | null;
  }>;
}

const preparedNames = new Map<string, string>();

/** Runs one PostgreSQL statement as a named prepared statement (parsed and planned once per connection). */
export async function queryPg(
  client: PgClient,
  s: Statement,
  params: readonly unknown[],
): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> {
  const text = s.postgres;
  if (text === null) return { rows: [], rowCount: 0 };
  let name = preparedNames.get(text);
  if (!name) {
    name = `ingest_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  const result = await client.query({ name, text, values: [...params] });
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

/** Runs a program on a pooled PostgreSQL connection, inside the caller's transaction. */
export async function runOnClient<T>(client: PgClient, program: SqlProgram<T>): Promise<T> {
  let next = program.next();
  while (!next.done) {
    const op = next.value;
    const result = await queryPg(client, op.statement, op.params);
    next = program.next(op.mode === "get" ? result.rows[0] : result.rowCount);
  }
  return next.value;
}
