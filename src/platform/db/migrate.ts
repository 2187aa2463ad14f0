import { type Kysely, sql } from "kysely";
import type { Db } from "./database.js";
import { migrations } from "./migrations/index.js";

/**
 * Applies the timestamped migrations in order, all pending ones in one transaction, under a lock so that
 * several processes starting together migrate once. (Kysely's Migrator introspects every schema of a
 * PostgreSQL database, which fails when another schema is being dropped at the same moment.)
 */
const TABLE = "beedesk_migrations";

/** The bookkeeping table is not part of the app's Database type. */
type Bookkeeping = Kysely<{ beedesk_migrations: { name: string; applied_at: string } }>;
const bookkeeping = (db: unknown) => db as Bookkeeping;

async function ensureTable(db: Bookkeeping): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("applied_at", "text", (c) => c.notNull())
    .execute();
}

async function appliedNames(db: Bookkeeping): Promise<Set<string>> {
  const rows = await db.selectFrom(TABLE).select("name").execute();
  return new Set(rows.map((r) => r.name));
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return db.kysely.transaction().execute(async (trx) => {
    // Take the write lock first, so two processes starting together queue instead of racing.
    if (db.dialect === "postgres")
      await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
    await ensureTable(bookkeeping(trx));
    // SQLite: a write statement up front turns the deferred transaction into a writer now (waiting on
    // busy_timeout), instead of failing with SQLITE_BUSY when upgrading from a read later.
    if (db.dialect === "sqlite") await sql`update beedesk_migrations set name = name where 0`.execute(trx);
    const applied = await appliedNames(bookkeeping(trx));
    const done: string[] = [];
    for (const name of Object.keys(migrations).sort()) {
      if (applied.has(name)) continue;
      try {
        await migrations[name]!.up(trx);
      } catch (error) {
        throw new Error(
          `Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
      await bookkeeping(trx)
        .insertInto(TABLE)
        .values({ name, applied_at: new Date().toISOString() })
        .execute();
      done.push(name);
    }
    return done;
  });
}

/** Names of migrations not yet applied (empty = current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  let applied: Set<string>;
  try {
    applied = await appliedNames(bookkeeping(db.kysely));
  } catch {
    applied = new Set(); // no bookkeeping table yet: nothing applied
  }
  return Object.keys(migrations)
    .sort()
    .filter((name) => !applied.has(name));
}
