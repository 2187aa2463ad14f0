import { type MigrationResultSet, Migrator, sql } from "kysely";
import type { Db } from "./database.js";
import { migrations } from "./migrations/index.js";

async function migrator(db: Db): Promise<Migrator> {
  // On PostgreSQL, Kysely looks for its bookkeeping tables across every schema unless told which one;
  // pin them to the connection's schema so databases sharing a server (test schemas) never see each other's.
  const schema =
    db.dialect === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "?"} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty = current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
