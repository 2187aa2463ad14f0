import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { BeedeskServer } from "../../server.js";
import { createTestDatabase, DIALECTS, type TestDatabase, testConfig } from "../../test/harness.js";
import type { LiveEvent } from "../events.js";
import { createLogger } from "../logger.js";
import type { DomainModule } from "../module.js";
import { defineJob } from "../outbox/job.js";
import { eventPayloads } from "./pg-bridge.js";

const runs: string[] = [];
const testModule: DomainModule = {
  name: "bridge-test",
  jobs: [
    defineJob({
      type: "bridge.test",
      payload: z.object({ value: z.string() }),
      handle: async ({ value }) => {
        runs.push(value);
      },
    }),
  ],
};

describe("NOTIFY payloads", () => {
  const event = (i: number, data: Record<string, unknown> = { conversationId: `c${i}` }): LiveEvent => ({
    type: "message.created",
    audience: "agents",
    data,
  });

  it("carries a turn's events in as few payloads as fit, in order, each under the limit", () => {
    const events = Array.from({ length: 500 }, (_, i) => event(i));
    const payloads = eventPayloads("origin1", events, 7, 2000);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(100);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2000);
    const parsed = payloads.map((p) => JSON.parse(p) as { origin: string; seq: number; events: LiveEvent[] });
    expect(parsed.map((p) => p.seq)).toEqual(parsed.map((_, i) => 7 + i));
    expect(parsed.every((p) => p.origin === "origin1")).toBe(true);
    expect(parsed.flatMap((p) => p.events)).toEqual(events);
  });

  it("sends an event too large for a notification without its data", () => {
    const big = event(1, { text: "ñ".repeat(1500) });
    const payloads = eventPayloads("o", [event(0), big, event(2)], 0, 2000);
    const sent = payloads.flatMap((p) => (JSON.parse(p) as { events: LiveEvent[] }).events);
    expect(sent).toEqual([event(0), { ...big, data: { truncated: true } }, event(2)]);
  });

  it("sends nothing for no events", () => {
    expect(eventPayloads("o", [], 0)).toEqual([]);
  });
});

describe.skipIf(!DIALECTS.includes("postgres"))("two processes on one PostgreSQL database", () => {
  let database: TestDatabase;
  const servers: BeedeskServer[] = [];

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
    await database.cleanup();
    runs.length = 0;
  });

  async function start(role: "web" | "worker") {
    const server = new BeedeskServer(testConfig(), {
      role,
      db: database.reopen(),
      modules: [testModule],
      pgListen: database.pgListen,
      log: createLogger({ logLevel: "silent" }),
      // A very long poll: only a NOTIFY can wake this worker within the test.
      worker: { idleMs: 600_000 },
    });
    servers.push(server);
    await server.prepare();
    server.startBackground();
    return server;
  }

  it("delivers a live event published in one process to subscribers in the other", async () => {
    database = await createTestDatabase("postgres");
    const a = await start("web");
    const b = await start("web");
    const received: LiveEvent[] = [];
    b.ctx.events.subscribe((e) => received.push(e));
    const own: LiveEvent[] = [];
    a.ctx.events.subscribe((e) => own.push(e));
    a.ctx.events.publish({ type: "message.created", audience: "agents", data: { conversationId: "c1" } });
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    expect(received[0]).toEqual({
      type: "message.created",
      audience: "agents",
      data: { conversationId: "c1" },
    });
    // The publisher hears its own event once, not echoed back through PostgreSQL.
    expect(own).toHaveLength(1);
  });

  it("delivers every event a turn publishes, in order, however many", async () => {
    database = await createTestDatabase("postgres");
    const a = await start("web");
    const b = await start("web");
    const received: LiveEvent[] = [];
    b.ctx.events.subscribe((e) => received.push(e));
    const events = Array.from({ length: 400 }, (_, i) => ({
      type: "message.created",
      audience: "agents" as const,
      data: { conversationId: `c${i}`, messageId: `m${i}` },
    }));
    for (const e of events) a.ctx.events.publish(e);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(events.length);
    expect(received).toEqual(events);
  });

  it("wakes the worker process when a web process enqueues a job", async () => {
    database = await createTestDatabase("postgres");
    const web = await start("web");
    await start("worker");
    await new Promise((r) => setTimeout(r, 300)); // let the worker's first (empty) poll finish
    await web.ctx.db.kysely
      .transaction()
      .execute((trx) => web.ctx.outbox.enqueue(trx, { type: "bridge.test", payload: { value: "x" } }));
    web.ctx.outbox.wake();
    await expect.poll(() => runs, { timeout: 10_000 }).toEqual(["x"]);
  });
});
