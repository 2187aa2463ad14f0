import { sql } from "kysely";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../../test/harness.js";
import { migrateToLatest } from "./migrate.js";

describeEachDatabase("transactions shared by background work", (dialect) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await migrateToLatest(database.db);
  });
  afterEach(async () => {
    await database.db.close();
    await database.cleanup();
  });

  const setting = (key: string) => (trx: TestDatabase["db"]["kysely"]) =>
    trx
      .insertInto("settings")
      .values({ key, value: "{}", updated_at: "2026-11-25T10:00:00.000Z", updated_by: null })
      .execute();

  async function keys(): Promise<string[]> {
    const rows = await database.db.kysely
      .selectFrom("settings")
      .select("key")
      .where("key", "like", "test.%")
      .orderBy("key")
      .execute();
    return rows.map((r) => r.key);
  }

  it("rolls back only the unit that throws; its caller gets the error and the others commit", async () => {
    const { transact } = database.db;
    const results = await Promise.allSettled([
      transact(setting("test.a")),
      transact(async (trx) => {
        await setting("test.b")(trx);
        throw new Error("unit b failed");
      }),
      transact(async (trx) => {
        await setting("test.c")(trx);
        return "c done";
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: "unit b failed" });
    expect((results[2] as PromiseFulfilledResult<string>).value).toBe("c done");
    expect(await keys()).toEqual(["test.a", "test.c"]);
  });

  it("keeps a unit's rollback from undoing another unit's writes to the same table", async () => {
    const { transact } = database.db;
    await Promise.allSettled([
      transact(setting("test.a")),
      // The same key again: a constraint error inside this unit only.
      transact(setting("test.a")),
      transact(setting("test.b")),
    ]);
    expect(await keys()).toEqual(["test.a", "test.b"]);
  });

  if (dialect === "sqlite") {
    it("commits the work queued in one turn of the event loop once (one durable commit, not one each)", async () => {
      const other = database.reopen();
      const version = async () =>
        (await sql<{ data_version: number }>`pragma data_version`.execute(other.kysely)).rows[0]!
          .data_version;
      try {
        const before = await version();
        await Promise.all(Array.from({ length: 10 }, (_, i) => database.db.transact(setting(`test.${i}`))));
        // data_version moves once per commit made by another connection.
        expect((await version()) - before).toBe(1);
        expect(await keys()).toHaveLength(10);
      } finally {
        await other.close();
      }
    });

    it("commits urgent work on the next turn, taking along the work waiting for the next shared commit", async () => {
      const { transact } = database.db;
      // A frozen clock and timers that never fire: only an urgent unit can get the waiting work committed.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
      try {
        await transact(setting("test.pace"));
        const patient = transact(setting("test.patient"));
        const urgent = transact(setting("test.urgent"), { urgent: true });
        await Promise.all([patient, urgent]);
        expect(await keys()).toEqual(["test.pace", "test.patient", "test.urgent"]);
      } finally {
        vi.useRealTimers();
      }
    });

    it("answers each caller only once its work is committed and visible to other connections", async () => {
      const other = database.reopen();
      try {
        await database.db.transact(setting("test.visible"));
        const row = await other.kysely
          .selectFrom("settings")
          .select("key")
          .where("key", "=", "test.visible")
          .executeTakeFirst();
        expect(row?.key).toBe("test.visible");
      } finally {
        await other.close();
      }
    });
  }
});
