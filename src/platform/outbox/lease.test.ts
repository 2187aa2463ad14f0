import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
  testConfig,
} from "../../test/harness.js";
import type { AppContext } from "../context.js";
import { createContext } from "../context-factory.js";
import type { Db } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { createLogger } from "../logger.js";
import { defineJob } from "./job.js";
import { claimJobs, findJob } from "./outbox.repository.js";
import { OutboxWorker } from "./outbox.worker.js";

// Real time on purpose: the heartbeat is a timer. Leases are about a second so the test stays short; the slow job
// lasts well over two leases, and the heartbeat (every 400 ms) has 800 ms of slack on a busy machine.
const LEASE_MS = 1200;
describeEachDatabase("outbox leases", (dialect) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let other: Db;
  const runs: string[] = [];

  const slow = defineJob({
    type: "test.slow",
    payload: z.object({ value: z.string(), ms: z.number() }),
    handle: async ({ value, ms }) => {
      runs.push(value);
      await new Promise((r) => setTimeout(r, ms));
      return { done: value };
    },
  });

  beforeEach(async () => {
    runs.length = 0;
    database = await createTestDatabase(dialect);
    ctx = createContext(testConfig(), { db: database.db, log: createLogger({ logLevel: "silent" }) });
    await migrateToLatest(ctx.db);
    other = database.reopen();
  });

  afterEach(async () => {
    await other.close();
    await ctx.db.close();
    await database.cleanup();
  });

  async function enqueue(value: string, ms: number) {
    return ctx.db.kysely
      .transaction()
      .execute((trx) => ctx.outbox.enqueue(trx, { type: "test.slow", payload: { value, ms } }));
  }

  it("keeps a running job's lease alive, so a job slower than the lease is not taken by another worker", async () => {
    const id = await enqueue("long", 3 * LEASE_MS);
    const owner = new OutboxWorker(ctx, [slow], { leaseMs: LEASE_MS, idleMs: 50 });
    const rival = new OutboxWorker({ ...ctx, db: other }, [slow], { leaseMs: LEASE_MS, idleMs: 50 });
    owner.start();
    try {
      while ((await findJob(ctx.db.kysely, id))?.status !== "running") await sleep(10);
      rival.start();
      while ((await findJob(ctx.db.kysely, id))?.status === "running") await sleep(50);
    } finally {
      await owner.stop();
      await rival.stop();
    }
    expect(runs).toEqual(["long"]);
    const job = await findJob(ctx.db.kysely, id);
    expect(job?.status).toBe("done");
    expect(job?.attempts).toBe(1);
  });

  it("takes back the job of a worker that died one short lease later", async () => {
    const id = await enqueue("orphan", 0);
    const now = Date.now();
    // A worker claims the job and dies (kill -9): nothing renews its lease.
    await claimJobs(
      ctx.db.kysely,
      ctx.db.dialect,
      "dead-worker",
      new Date(now).toISOString(),
      new Date(now + LEASE_MS).toISOString(),
      10,
    );
    const worker = new OutboxWorker(ctx, [slow], { leaseMs: LEASE_MS, idleMs: 50 });
    worker.start();
    const started = Date.now();
    try {
      while ((await findJob(ctx.db.kysely, id))?.status !== "done") {
        if (Date.now() - started > 10_000) throw new Error("the orphaned job was never taken back");
        await sleep(25);
      }
    } finally {
      await worker.stop();
    }
    expect(runs).toEqual(["orphan"]);
    expect((await findJob(ctx.db.kysely, id))?.attempts).toBe(2);
  });
});

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
