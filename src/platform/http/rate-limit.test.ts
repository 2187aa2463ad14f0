import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness.js";
import { migrateToLatest } from "../db/migrate.js";
import { AppError } from "../errors.js";
import { MemoryRateLimitStore, type RateLimit, RateLimiter } from "./rate-limit.js";
import { DatabaseRateLimitStore } from "./rate-limit.repository.js";

const QUARTER_HOUR: RateLimit = { bucket: "mail", max: 3, windowMs: 15 * 60_000 };
const MINUTE: RateLimit = { bucket: "webhook", max: 100, windowMs: 60_000 };

/** How many of `n` hits pass. */
async function passing(limiter: RateLimiter, limit: RateLimit, key: string, n: number): Promise<number> {
  let passed = 0;
  for (let i = 0; i < n; i++) {
    try {
      await limiter.hit(limit, key);
      passed++;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "rate_limited")) throw error;
    }
  }
  return passed;
}

function limiterTests(
  name: string,
  makeStore: () => Promise<{
    store: MemoryRateLimitStore | DatabaseRateLimitStore;
    done?: () => Promise<void>;
  }>,
) {
  describe(name, () => {
    let now = Date.parse("2026-11-25T10:00:00Z");
    let limiter: RateLimiter;
    let done: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const made = await makeStore();
      done = made.done;
      limiter = new RateLimiter(made.store, new MemoryRateLimitStore(), () => now);
    });
    afterAll(async () => done?.());

    it("keeps a 15-minute window although a 1-minute limiter sweeps in between", async () => {
      await limiter.reset();
      expect(await passing(limiter, QUARTER_HOUR, "a@example.com", 3)).toBe(3);
      now += 61_000;
      await limiter.hit(MINUTE, "203.0.113.7");
      expect(await passing(limiter, QUARTER_HOUR, "a@example.com", 3)).toBe(0);
      now += 61_000;
      await limiter.hit(MINUTE, "203.0.113.7");
      expect(await passing(limiter, QUARTER_HOUR, "a@example.com", 3)).toBe(0);
      now += 15 * 60_000;
      expect(await passing(limiter, QUARTER_HOUR, "a@example.com", 4)).toBe(3);
    });

    it("says when to retry, counting from the window's first hit", async () => {
      await limiter.reset();
      await passing(limiter, QUARTER_HOUR, "b@example.com", 3);
      now += 5 * 60_000;
      const error = await limiter.hit(QUARTER_HOUR, "b@example.com").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toEqual({ retryAfterSeconds: 600 });
    });

    it("counts keys and buckets apart", async () => {
      await limiter.reset();
      expect(await passing(limiter, QUARTER_HOUR, "c@example.com", 5)).toBe(3);
      expect(await passing(limiter, QUARTER_HOUR, "d@example.com", 5)).toBe(3);
      expect(await passing(limiter, { ...QUARTER_HOUR, bucket: "other" }, "c@example.com", 5)).toBe(3);
    });
  });
}

limiterTests("RateLimiter in memory", async () => ({ store: new MemoryRateLimitStore() }));

describe.skipIf(!process.env.TEST_DATABASE_URL)("RateLimiter counting in PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.db.close();
    await database.cleanup();
  });

  limiterTests("one process", async () => ({ store: new DatabaseRateLimitStore(database.db.kysely) }));

  it("holds one limit across processes, also when they hit at the same moment", async () => {
    const now = Date.parse("2026-11-25T10:00:00Z");
    const others = [database.reopen(), database.reopen()];
    try {
      const limiters = [database.db, ...others].map(
        (db) => new RateLimiter(new DatabaseRateLimitStore(db.kysely), new MemoryRateLimitStore(), () => now),
      );
      const limit: RateLimit = { bucket: "sign-in", max: 10, windowMs: 60_000 };
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => limiters[i % 3]!.hit(limit, "198.51.100.4")),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });
});
