import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateToLatest } from "../platform/db/migrate.js";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../test/harness.js";
import { reserveSendTime } from "./pacing.repository.js";
import { SharedThroughputLimiter } from "./throughput.js";

// Two worker processes sending for one number share its rate through the database: their send times never
// coincide, and together they stay within the rate (plus the burst allowance), whoever asks when.

describeEachDatabase("per-number send pacing shared through the database", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.db.close();
    await database.cleanup();
  });

  /** A process: its own limiter on the shared table; the clock stands still, each wait is recorded. */
  function process(starts: number[], now: () => number) {
    return new SharedThroughputLimiter(
      (key, at, block) => reserveSendTime(database.db.kysely, dialect, key, at, block),
      now,
      async (ms) => {
        starts.push(now() + ms);
      },
    );
  }

  it("gives two processes distinct send times at the number's rate", async () => {
    const now = () => 1_000_000;
    const waits = { a: [] as number[], b: [] as number[] };
    const a = process(waits.a, now);
    const b = process(waits.b, now);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).acquire("106540352242922", 100)),
    );
    // 100/s with a fifth of a second's allowance: 21 go at once (both processes together), the rest 10 ms apart.
    expect(30 - waits.a.length + (30 - waits.b.length)).toBe(21);
    const later = [...waits.a, ...waits.b].sort((x, y) => x - y);
    expect(new Set(later).size).toBe(39);
    for (let i = 1; i < later.length; i++) expect(later[i]! - later[i - 1]!).toBe(10);
    expect(later[0]).toBe(1_000_010);
    // Another number has its own budget.
    const other: number[] = [];
    await process(other, now).acquire("106540352242923", 100);
    expect(other).toEqual([]);
  });
});
