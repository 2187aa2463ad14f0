import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import type { LiveEvent } from "./events.js";
import { PROJECT_ROOT } from "./paths.js";
import { inSharedTransaction, inTransaction, type TxContext } from "./transaction.js";

describeEachDatabase("inTransaction and inSharedTransaction", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect, { worker: false });
  });
  afterEach(async () => t.close());

  const event: LiveEvent = { type: "probe", audience: "agents", data: {} };

  for (const [name, run] of [
    ["inTransaction", inTransaction],
    ["inSharedTransaction", inSharedTransaction],
  ] as const) {
    it(`${name}: writes the job and publishes the event only once committed, and neither when rolled back`, async () => {
      const ctx = t.server.ctx;
      const seen: string[] = [];
      ctx.events.subscribe((e) => seen.push(e.type));
      let wakes = 0;
      ctx.outbox.onWake(() => wakes++);
      const jobs = async () =>
        (
          await sql<{ n: number }>`select count(*) as n from jobs where type = 'probe.job'`.execute(
            ctx.db.kysely,
          )
        ).rows[0]!.n;

      await expect(
        run(ctx, async (tx: TxContext) => {
          await tx.enqueue({ type: "probe.job", payload: {} });
          tx.publish(event);
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(Number(await jobs())).toBe(0);
      expect(seen).toEqual([]);
      expect(wakes).toBe(0);

      await run(ctx, async (tx: TxContext) => {
        await tx.enqueue({ type: "probe.job", payload: {} });
        tx.publish(event);
        expect(seen).toEqual([]);
      });
      expect(Number(await jobs())).toBe(1);
      expect(seen).toEqual(["probe"]);
      expect(wakes).toBe(1);
    });
  }
});

describe("inTransaction on SQLite", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer("sqlite", { worker: false });
  });
  afterEach(async () => t.close());

  it("inTransaction holds SQLite's write lock from its start, so another connection's commit between its read and its write cannot fail it", async () => {
    const ctx = t.server.ctx;
    // The webhook writer thread's stand-in: its own connection to the same file, not waiting for locks.
    const other = t.database.reopen();
    const writer = other.sqlite!;
    writer.pragma("busy_timeout = 0");
    try {
      let writerOutcome = "";
      await inTransaction(ctx, async (tx) => {
        await tx.trx.selectFrom("settings").select("key").limit(1).execute();
        try {
          writer.exec("insert into settings (key, value, updated_at) values ('probe.writer', '1', 'now')");
          writerOutcome = "committed";
        } catch (error) {
          writerOutcome = String((error as { code?: unknown }).code);
        }
        await tx.trx
          .insertInto("settings")
          .values({ key: "probe.request", value: "1", updated_at: "now" })
          .execute();
      });
      // A deferred BEGIN let the writer commit, and this request's write then failed with SQLITE_BUSY_SNAPSHOT.
      expect(writerOutcome).toBe("SQLITE_BUSY");
      const keys = await ctx.db.kysely
        .selectFrom("settings")
        .select("key")
        .where("key", "like", "probe.%")
        .execute();
      expect(keys.map((k) => k.key)).toEqual(["probe.request"]);
    } finally {
      await other.close();
    }
  });
});

/** Every source file, relative to src/. */
function sources(dir = path.join(PROJECT_ROOT, "src")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

it("opens transactions only through platform/transaction.ts (the platform's own plumbing aside)", () => {
  const allowed = new Set([
    "src/platform/transaction.ts",
    "src/platform/db/shared-transaction.ts",
    "src/platform/db/migrate.ts",
    "src/platform/outbox/outbox.worker.ts",
    // The webhook's group commit on its own connection (the ingest hot path).
    "src/whatsapp/ingest.writer.ts",
  ]);
  const offenders = sources()
    .map((file) => path.relative(PROJECT_ROOT, file))
    .filter((file) => !allowed.has(file))
    .filter((file) =>
      /\.transaction\(\)|\.db\.transact\(/.test(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")),
    );
  expect(offenders).toEqual([]);
});

it("gives code that runs in a transaction a TxContext, never a transaction next to an AppContext", () => {
  const both = /\(\s*(?:\w+: Kysely<Database>,\s*\w+: AppContext|\w+: AppContext,\s*\w+: Kysely<Database>)\b/;
  const offenders = sources()
    .filter((file) => both.test(fs.readFileSync(file, "utf8")))
    .map((file) => path.relative(PROJECT_ROOT, file));
  expect(offenders).toEqual([]);
});
