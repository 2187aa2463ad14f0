import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../../test/harness.js";
import { migrateToLatest, pendingMigrations } from "./migrate.js";
import { migrations } from "./migrations/index.js";

describeEachDatabase("migrations", (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.db.close();
    await database.cleanup();
  });

  it("applies every migration once, in order, and reports none pending afterwards", async () => {
    expect(await pendingMigrations(database.db)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });

  // PostgreSQL only: two better-sqlite3 connections in one thread would block each other synchronously.
  it.skipIf(dialect === "sqlite")("migrates once when two processes start together", async () => {
    const other = database.reopen();
    try {
      const [a, b] = await Promise.all([migrateToLatest(database.db), migrateToLatest(other)]);
      expect([...a, ...b].sort()).toEqual(Object.keys(migrations).sort());
    } finally {
      await other.close();
    }
  });
});
