import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../../test/harness.js";
import { migrateToLatest } from "./migrate.js";
import { precompiled } from "./precompiled.js";

describeEachDatabase("precompiled queries", (dialect) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await migrateToLatest(database.db);
  });
  afterEach(async () => {
    await database.db.close();
    await database.cleanup();
  });

  // Arguments in another order than their columns, one used twice, and a fixed value the builder adds.
  const insert = precompiled((db, at: string, key: string, value: string) =>
    db.insertInto("settings").values({ key, value, updated_at: at, updated_by: null }),
  );
  const byPrefix = precompiled((db, prefix: string, after: string) =>
    db
      .selectFrom("settings")
      .select(["key", "value"])
      .where("key", "like", prefix)
      .where("updated_at", ">", after)
      .where("key", "<>", "test.excluded")
      .orderBy("key"),
  );

  it("runs with each call's own values in the right places, whatever order the builder uses them in", async () => {
    const db = database.db.kysely;
    expect(await insert.run(db, "2026-11-25T10:00:00.000Z", "test.a", '"one"')).toBe(1);
    expect(await insert.run(db, "2026-11-25T11:00:00.000Z", "test.b", '"two"')).toBe(1);
    expect(await insert.run(db, "2026-11-25T12:00:00.000Z", "test.excluded", '"three"')).toBe(1);
    expect(await byPrefix.execute(db, "test.%", "2026-11-25T10:30:00.000Z")).toEqual([
      { key: "test.b", value: '"two"' },
    ]);
    expect(await byPrefix.first(db, "test.%", "2026-11-25T09:00:00.000Z")).toEqual({
      key: "test.a",
      value: '"one"',
    });
    expect(await byPrefix.first(db, "nothing.%", "2026-11-25T09:00:00.000Z")).toBeUndefined();
  });

  it("runs inside a transaction on the transaction's connection", async () => {
    await expect(
      database.db.kysely.transaction().execute(async (trx) => {
        await insert.run(trx, "2026-11-25T10:00:00.000Z", "test.rolled-back", '"x"');
        expect(await byPrefix.first(trx, "test.rolled%", "2026-11-25T09:00:00.000Z")).toBeDefined();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(
      await byPrefix.first(database.db.kysely, "test.rolled%", "2026-11-25T09:00:00.000Z"),
    ).toBeUndefined();
  });

  it("refuses a builder that transforms an argument instead of passing it as a parameter", async () => {
    const transformed = precompiled((db, key: string) =>
      db.selectFrom("settings").select("key").where("key", "=", `${key}.suffix`),
    );
    await expect(transformed.first(database.db.kysely, "test")).rejects.toThrow(/transformed/);
  });
});
