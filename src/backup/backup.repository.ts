import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { COUNTED_TABLES } from "./backup-manifest.js";
import { connectionArgs, runTool } from "./pg-tools.js";

// The database side of a backup. Not the app's Kysely handle: a backup reads through a connection of its own
// (a snapshot that must not move) and writes files, never the live database.

export interface SnapshotFacts {
  migrations: string[];
  counts: Record<string, number>;
}

/**
 * Copies a live SQLite database to `dest` with the online backup API. The source connection holds one read
 * transaction for the whole copy: in WAL mode writers carry on, and the copy is that one consistent moment
 * (without it, every commit by the server would restart the copy from its first page).
 */
export async function snapshotSqlite(
  sourceFile: string,
  dest: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const source = new SqliteDatabase(sourceFile, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 10000");
    source.exec("begin");
    source.prepare("select count(*) from sqlite_master").get();
    await source.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress(totalPages ? 1 - remainingPages / totalPages : 1);
        return 4096;
      },
    });
    source.exec("commit");
  } finally {
    source.close();
  }
  // One self-contained file: no WAL beside it.
  const copy = new SqliteDatabase(dest);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
}

/** Migrations and row counts of a SQLite file; `check` also runs SQLite's quick_check. */
export function sqliteFacts(file: string, options: { check?: boolean } = {}): SnapshotFacts {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    if (options.check) {
      const result = db.pragma("quick_check", { simple: true });
      if (result !== "ok") throw new Error(`the database fails SQLite's check: ${String(result)}`);
    }
    const tables = new Set(
      (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const migrations = tables.has("beedesk_migrations")
      ? (db.prepare("select name from beedesk_migrations order by name").all() as { name: string }[]).map(
          (r) => r.name,
        )
      : [];
    const counts: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      if (!tables.has(table)) continue;
      counts[table] = (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
    }
    return { migrations, counts };
  } finally {
    db.close();
  }
}

async function pgClient(url: string, schema: string | undefined): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  await client.connect();
  return client;
}

async function pgFacts(client: pg.Client): Promise<SnapshotFacts> {
  const regclass = async (table: string) =>
    (await client.query<{ t: string | null }>("select to_regclass($1)::text as t", [table])).rows[0]?.t ??
    null;
  const migrations =
    (await regclass("beedesk_migrations")) === null
      ? []
      : (await client.query<{ name: string }>("select name from beedesk_migrations order by name")).rows.map(
          (r) => r.name,
        );
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    if ((await regclass(table)) === null) continue;
    counts[table] = Number(
      (await client.query<{ n: string }>(`select count(*) as n from "${table}"`)).rows[0]?.n,
    );
  }
  return { migrations, counts };
}

/**
 * pg_dump (custom format) of the database, and its migrations and counts from the very snapshot the dump
 * reads (an exported snapshot shared with pg_dump).
 */
export async function dumpPostgres(url: string, dest: string, schema?: string): Promise<SnapshotFacts> {
  const client = await pgClient(url, schema);
  try {
    await client.query("begin isolation level repeatable read read only");
    const snapshot = (await client.query<{ s: string }>("select pg_export_snapshot() as s")).rows[0]?.s ?? "";
    const facts = await pgFacts(client);
    const { dbname, env } = connectionArgs(url);
    await runTool(
      "pg_dump",
      [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        `--snapshot=${snapshot}`,
        `--file=${dest}`,
        ...(schema ? [`--schema=${schema}`] : []),
        `--dbname=${dbname}`,
      ],
      env,
    );
    await client.query("commit");
    return facts;
  } finally {
    await client.end();
  }
}

/** True when the database (or schema) already holds beedesk tables. */
export async function postgresHasBeedesk(url: string, schema?: string): Promise<boolean> {
  const client = await pgClient(url, schema);
  try {
    const row = (
      await client.query<{ t: string | null }>("select to_regclass('beedesk_migrations')::text as t")
    ).rows[0];
    return Boolean(row?.t);
  } finally {
    await client.end();
  }
}

/**
 * Extensions beedesk's schema may use, installed database-wide (in `public`) by the migrations where they can
 * be: a dump holds the schema's objects but not the database's extensions, so a restore into a fresh database
 * installs them first (btree_gin: the messages' search index over conversation and words).
 */
const SCHEMA_EXTENSIONS = ["btree_gin"];

async function installExtensions(url: string): Promise<void> {
  const client = await pgClient(url, undefined);
  try {
    for (const name of SCHEMA_EXTENSIONS) {
      const available = await client.query("select 1 from pg_available_extensions where name = $1", [name]);
      if (available.rowCount === 0) continue;
      await client.query(`create extension if not exists ${name} with schema public`);
    }
  } catch {
    // No right to create it here: pg_restore then says which index needs it (see restorePostgres).
  } finally {
    await client.end();
  }
}

/** pg_restore of a custom-format dump, all or nothing (one transaction, stop at the first error). */
export async function restorePostgres(url: string, dump: string): Promise<void> {
  await installExtensions(url);
  const { dbname, env } = connectionArgs(url);
  try {
    await runTool(
      "pg_restore",
      [
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        `--dbname=${dbname}`,
        dump,
      ],
      env,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes("operator class")) throw error;
    throw new Error(
      `${message}\nThe backup's search index needs the btree_gin extension (PostgreSQL's contrib package): ` +
        "install it in this database (create extension btree_gin with schema public) and restore again.",
    );
  }
}

export async function postgresFacts(url: string, schema?: string): Promise<SnapshotFacts> {
  const client = await pgClient(url, schema);
  try {
    return await pgFacts(client);
  } finally {
    await client.end();
  }
}
