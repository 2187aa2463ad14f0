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
import { defineJob } from "./job.js";
import { claimJobs, findJob, type NewJob, PRIORITY, renewLeases } from "./outbox.repository.js";
import { OutboxWorker } from "./outbox.worker.js";

describeEachDatabase("outbox claim order", (dialect) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let clock: TestClock;
  const runs: string[] = [];

  const record = defineJob({
    type: "test.record",
    payload: z.object({ value: z.string() }),
    handle: async ({ value }) => {
      runs.push(value);
    },
  });

  beforeEach(async () => {
    runs.length = 0;
    database = await createTestDatabase(dialect);
    clock = new TestClock();
    ctx = createContext(testConfig(), { db: database.db, clock, log: createLogger({ logLevel: "silent" }) });
    await migrateToLatest(ctx.db);
  });

  afterEach(async () => {
    await ctx.db.close();
    await database.cleanup();
  });

  async function enqueue(value: string, extra: Partial<NewJob> = {}) {
    const id = await ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.outbox.enqueue(trx, { type: "test.record", payload: { value }, ...extra }));
    clock.advance(1000);
    return id;
  }

  function claim(worker: string, limit: number, leaseMs = 15_000) {
    const now = clock.now();
    return claimJobs(
      ctx.db.kysely,
      ctx.db.dialect,
      worker,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
      limit,
    );
  }

  it("under an inbound backlog, claims a queued send before the older inbound jobs", async () => {
    for (let i = 0; i < 5; i++) await enqueue(`inbound-${i}`);
    const send = await enqueue("send", { priority: PRIORITY.urgent });
    const claimed = await claim("w1", 3);
    expect(claimed.map((j) => j.payload)).toEqual([
      { value: "send" },
      { value: "inbound-0" },
      { value: "inbound-1" },
    ]);
    expect((await findJob(ctx.db.kysely, send))?.status).toBe("running");
  });

  it("runs the urgent job first on a worker whose slots the backlog would fill", async () => {
    for (let i = 0; i < 4; i++) await enqueue(`inbound-${i}`);
    await enqueue("send", { priority: PRIORITY.urgent });
    await new OutboxWorker(ctx, [record], { concurrency: 1 }).drain();
    expect(runs).toEqual(["send", "inbound-0", "inbound-1", "inbound-2", "inbound-3"]);
  });

  it("leaves a job due later alone whatever its priority, and takes back an expired lease first", async () => {
    const later = new Date(clock.now().getTime() + 60_000).toISOString();
    await enqueue("later", { priority: PRIORITY.urgent, runAt: later });
    const orphan = await enqueue("orphan");
    await claim("dead-worker", 1, 500);
    await enqueue("due");
    const claimed = await claim("w2", 5);
    expect(claimed.map((j) => j.payload)).toEqual([{ value: "orphan" }, { value: "due" }]);
    expect((await findJob(ctx.db.kysely, orphan))?.attempts).toBe(2);
  });

  it("renews only the leases the worker still holds", async () => {
    const mine = await enqueue("mine");
    await claim("w1", 1);
    const theirs = await enqueue("theirs");
    await claim("w2", 1);
    const until = new Date(clock.now().getTime() + 99_000).toISOString();
    expect(await renewLeases(ctx.db.kysely, ctx.db.dialect, "w1", [mine, theirs], until)).toBe(1);
  });

  it.runIf(dialect === "postgres")(
    "renews leases without waiting for a row another transaction holds (the worker's own completion)",
    async () => {
      const busy = await enqueue("busy");
      const idle = await enqueue("idle");
      await claim("w1", 2);
      const other = database.reopen();
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = other.kysely.transaction().execute(async (trx) => {
        await trx.updateTable("jobs").set({ last_error: null }).where("id", "=", busy).execute();
        locked();
        await released;
      });
      try {
        await isLocked;
        const until = new Date(clock.now().getTime() + 99_000).toISOString();
        // Waiting here, as the heartbeat did, while the holder waited for a row the heartbeat held was a deadlock.
        expect(await renewLeases(ctx.db.kysely, ctx.db.dialect, "w1", [busy, idle], until)).toBe(1);
        expect((await findJob(ctx.db.kysely, idle))?.status).toBe("running");
      } finally {
        release();
        await holder;
        await other.close();
      }
    },
  );
});
