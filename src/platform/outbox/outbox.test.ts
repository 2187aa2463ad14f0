import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import {
  createTestDatabase,
  describeEachDatabase,
  TestClock,
  type TestDatabase,
  testConfig,
} from "../../test/harness.js";
import type { AppContext } from "../context.js";
import { createContext } from "../context-factory.js";
import { migrateToLatest } from "../db/migrate.js";
import { createLogger } from "../logger.js";
import { defaultBackoffMs, defineJob, PermanentJobError, RetryJobError } from "./job.js";
import { listAttempts } from "./outbox.completions.js";
import { findJob } from "./outbox.repository.js";
import { OutboxWorker } from "./outbox.worker.js";

describeEachDatabase("outbox", (dialect) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let clock: TestClock;
  const runs: string[] = [];
  let failuresLeft = 0;

  const record = defineJob({
    type: "test.record",
    payload: z.object({ value: z.string() }),
    handle: async ({ value }) => {
      runs.push(value);
      return { recorded: value };
    },
  });
  const flaky = defineJob({
    type: "test.flaky",
    payload: z.object({ value: z.string() }),
    maxAttempts: 3,
    backoffMs: () => 1000,
    handle: async ({ value }) => {
      if (failuresLeft-- > 0) throw new Error("transient failure");
      runs.push(value);
    },
  });
  const permanent = defineJob({
    type: "test.permanent",
    payload: z.object({}),
    handle: async () => {
      throw new PermanentJobError("recipient is undeliverable");
    },
  });
  const rateLimited = defineJob({
    type: "test.rate-limited",
    payload: z.object({}),
    handle: async () => {
      throw new RetryJobError("pair rate limit", 16_000);
    },
  });
  const definitions = [record, flaky, permanent, rateLimited];

  beforeEach(async () => {
    runs.length = 0;
    failuresLeft = 0;
    database = await createTestDatabase(dialect);
    clock = new TestClock();
    ctx = createContext(testConfig(), { db: database.db, clock, log: createLogger({ logLevel: "silent" }) });
    await migrateToLatest(ctx.db);
  });

  afterEach(async () => {
    await ctx.db.close();
    await database.cleanup();
  });

  async function enqueue(type: string, payload: unknown, dedupeKey?: string) {
    return ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.outbox.enqueue(trx, { type, payload, dedupeKey }));
  }

  it("runs a job written in a transaction once, and records the attempt and result", async () => {
    const id = await enqueue("test.record", { value: "a" });
    const worker = new OutboxWorker(ctx, definitions);
    await worker.drain();
    await worker.drain();
    expect(runs).toEqual(["a"]);
    const job = await findJob(ctx.db.kysely, id);
    expect(job?.status).toBe("done");
    expect(JSON.parse(job?.result ?? "null")).toEqual({ recorded: "a" });
    expect((await listAttempts(ctx.db.kysely, id)).map((a) => a.outcome)).toEqual(["ok"]);
  });

  it("records each of many jobs finished in the same moment with its own result and one attempt", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueue("test.record", { value: `v${i}` }));
    await new OutboxWorker(ctx, definitions, { concurrency: 30 }).drain();
    for (const [i, id] of ids.entries()) {
      const job = await findJob(ctx.db.kysely, id);
      expect(job?.status).toBe("done");
      expect(JSON.parse(job?.result ?? "null")).toEqual({ recorded: `v${i}` });
      expect((await listAttempts(ctx.db.kysely, id)).map((a) => a.outcome)).toEqual(["ok"]);
    }
  });

  it("loses the job when the enqueuing transaction rolls back", async () => {
    await expect(
      ctx.db.kysely.transaction().execute(async (trx) => {
        await ctx.outbox.enqueue(trx, { type: "test.record", payload: { value: "never" } });
        throw new Error("state change failed");
      }),
    ).rejects.toThrow("state change failed");
    await new OutboxWorker(ctx, definitions).drain();
    expect(runs).toEqual([]);
  });

  it("enqueues a job with a dedupe key once", async () => {
    await enqueue("test.record", { value: "slot" }, "slot-1");
    expect(await enqueue("test.record", { value: "slot" }, "slot-1")).toBe("");
    await new OutboxWorker(ctx, definitions).drain();
    expect(runs).toEqual(["slot"]);
  });

  it("retries a transient failure after its backoff, then succeeds", async () => {
    failuresLeft = 1;
    const id = await enqueue("test.flaky", { value: "b" });
    const worker = new OutboxWorker(ctx, definitions);
    await worker.drain();
    expect(runs).toEqual([]);
    expect((await findJob(ctx.db.kysely, id))?.status).toBe("pending");
    expect((await findJob(ctx.db.kysely, id))?.lastError).toBe("transient failure");
    clock.advance(999);
    await worker.drain();
    expect(runs).toEqual([]);
    clock.advance(1);
    await worker.drain();
    expect(runs).toEqual(["b"]);
    expect((await listAttempts(ctx.db.kysely, id)).map((a) => a.outcome)).toEqual(["retry", "ok"]);
  });

  it("marks a job dead with its last error when attempts run out", async () => {
    failuresLeft = 10;
    const id = await enqueue("test.flaky", { value: "c" });
    const worker = new OutboxWorker(ctx, definitions);
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      clock.advance(1000);
    }
    const job = await findJob(ctx.db.kysely, id);
    expect(job?.status).toBe("dead");
    expect(job?.attempts).toBe(3);
    expect(job?.lastError).toBe("transient failure");
    expect((await listAttempts(ctx.db.kysely, id)).map((a) => a.outcome)).toEqual(["retry", "retry", "dead"]);
  });

  it("does not retry a permanent failure", async () => {
    const id = await enqueue("test.permanent", {});
    await new OutboxWorker(ctx, definitions).drain();
    const job = await findJob(ctx.db.kysely, id);
    expect(job?.status).toBe("dead");
    expect(job?.attempts).toBe(1);
    expect(job?.lastError).toBe("recipient is undeliverable");
  });

  it("honours the delay a handler asks for", async () => {
    const id = await enqueue("test.rate-limited", {});
    await new OutboxWorker(ctx, definitions).drain();
    const job = await findJob(ctx.db.kysely, id);
    expect(Date.parse(job!.runAt) - clock.now().getTime()).toBe(16_000);
  });

  it("kills a job whose payload does not match its schema, or whose type has no handler", async () => {
    const bad = await enqueue("test.record", { value: 42 });
    const unknown = await enqueue("test.nobody", {});
    await new OutboxWorker(ctx, definitions).drain();
    expect((await findJob(ctx.db.kysely, bad))?.lastError).toMatch(/invalid payload/);
    expect((await findJob(ctx.db.kysely, unknown))?.lastError).toMatch(/no handler/);
    expect(runs).toEqual([]);
  });

  it("takes back a job whose worker died once its lease expires", async () => {
    const id = await enqueue("test.record", { value: "d" });
    // A worker claims the job and dies before finishing: simulate by claiming with a handler that never runs.
    const { claimJobs } = await import("./outbox.repository.js");
    const now = clock.now();
    await claimJobs(
      ctx.db.kysely,
      ctx.db.dialect,
      "dead-worker",
      now.toISOString(),
      new Date(now.getTime() + 60_000).toISOString(),
      10,
    );
    const worker = new OutboxWorker(ctx, definitions);
    await worker.drain();
    expect(runs).toEqual([]);
    clock.advance(60_001);
    await worker.drain();
    expect(runs).toEqual(["d"]);
    expect((await findJob(ctx.db.kysely, id))?.attempts).toBe(2);
  });

  it("runs each of many jobs exactly once with two workers racing on separate connections", async () => {
    const n = 60;
    for (let i = 0; i < n; i++) await enqueue("test.record", { value: `job-${i}` });
    const other = database.reopen();
    const ctx2 = { ...ctx, db: other };
    const w1 = new OutboxWorker(ctx, definitions, { concurrency: 4 });
    const w2 = new OutboxWorker(ctx2, definitions, { concurrency: 4 });
    try {
      await Promise.all([w1.drain(), w2.drain(), w1.drain(), w2.drain()]);
    } finally {
      await other.close();
    }
    expect(runs).toHaveLength(n);
    expect(new Set(runs).size).toBe(n);
  });
});

it("backs off exponentially with jitter, capped at ten minutes", () => {
  expect(defaultBackoffMs(1, () => 0.5)).toBe(1000);
  expect(defaultBackoffMs(4, () => 0.5)).toBe(8000);
  expect(defaultBackoffMs(4, () => 0)).toBe(6400);
  expect(defaultBackoffMs(4, () => 1)).toBe(9600);
  expect(defaultBackoffMs(30, () => 0.5)).toBe(600_000);
});
