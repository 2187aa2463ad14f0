import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "../platform/db/database.js";
import { createLogger } from "../platform/logger.js";
import { PROJECT_ROOT } from "../platform/paths.js";
import { BeedeskServer } from "../server.js";
import { OWNER, tempDir, testConfig } from "../test/harness.js";
import { buildTextPayload, FIXTURE, wamid } from "./fixtures.js";
import { signBody } from "./signature.js";
import { ACCESS_TOKEN, APP_SECRET, postWebhook, VERIFY_TOKEN, whatsappEnv } from "./test-support.js";

// The webhook must never answer 200 for a message it could not keep: on a full or read-only disk it answers 503
// (Meta delivers again, for hours) and keeps nothing, and the next delivery once the disk is back is stored.
// SQLite is made unwritable for real, reversibly, on the connection the webhook commits on: max_page_count
// (the database may not grow: SQLITE_FULL, what a full disk gives) and query_only (SQLITE_READONLY). An
// in-memory database makes that connection the process's own, the same group-commit code as the writer thread.
describe("webhook on a full or read-only disk [sqlite]", () => {
  let server: BeedeskServer;
  let n = 0;

  beforeEach(async () => {
    server = new BeedeskServer(
      testConfig({
        ...whatsappEnv(),
        BEEDESK_ADMIN_EMAIL: OWNER.email,
        BEEDESK_ADMIN_PASSWORD: OWNER.password,
      }),
      {
        db: openSqlite(":memory:"),
        log: createLogger({ logLevel: "silent" }),
        worker: false,
      },
    );
    await server.prepare();
  });
  afterEach(async () => server.stop());

  const handle = () => server.ctx.db.sqlite!;
  const count = (sql: string, ...params: unknown[]) =>
    handle()
      .prepare(sql)
      .pluck()
      .get(...params) as number;

  /** A new contact's message, large enough (≈ 40 KB with its raw JSON) to need new database pages. */
  function newContactMessage() {
    n++;
    const from = `3461000${String(n).padStart(4, "0")}`;
    const id = wamid(`disk${n}`);
    const text = `Hola, el módulo falla al guardar: ${"Warning: Invalid argument supplied for foreach() ".repeat(400)}`;
    return { from, id, payload: buildTextPayload({ from, wamid: id, text }) };
  }

  function rowsFor(m: { from: string; id: string }) {
    return {
      messages: count("select count(*) from messages where wamid = ?", m.id),
      contacts: count("select count(*) from contacts where wa_id = ?", m.from),
      conversations: count(
        "select count(*) from conversations v join contacts c on c.id = v.contact_id where c.wa_id = ?",
        m.from,
      ),
    };
  }

  async function expectUnavailable(m: ReturnType<typeof newContactMessage>) {
    const jobsBefore = count("select count(*) from jobs");
    const res = await postWebhook(server, m.payload);
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBeDefined();
    expect(res.json()).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
    expect(rowsFor(m)).toEqual({ messages: 0, contacts: 0, conversations: 0 });
    expect(count("select count(*) from jobs")).toBe(jobsBefore);
  }

  async function expectStoredOnRedelivery(m: ReturnType<typeof newContactMessage>) {
    const res = await postWebhook(server, m.payload);
    expect(res.statusCode).toBe(200);
    expect(rowsFor(m)).toEqual({ messages: 1, contacts: 1, conversations: 1 });
    const inbound = handle()
      .prepare("select payload from jobs where type = 'whatsapp.inbound'")
      .pluck()
      .all() as string[];
    const messageId = handle().prepare("select id from messages where wamid = ?").pluck().get(m.id) as string;
    expect(inbound.some((p) => p.includes(messageId))).toBe(true);
  }

  it("answers 503 and keeps nothing while the disk is full, then stores Meta's next delivery", async () => {
    const db = handle();
    db.exec("vacuum"); // no free pages left inside the file: any growth needs the disk
    const pages = db.pragma("page_count", { simple: true }) as number;
    expect(db.pragma(`max_page_count = ${pages}`, { simple: true })).toBe(pages);
    const first = newContactMessage();
    const second = newContactMessage();
    try {
      await expectUnavailable(first);
      // Several deliveries at once share one group commit: all refused together, none half-kept.
      const both = await Promise.all([
        postWebhook(server, first.payload),
        postWebhook(server, second.payload),
      ]);
      expect(both.map((r) => r.statusCode)).toEqual([503, 503]);
      expect(rowsFor(second)).toEqual({ messages: 0, contacts: 0, conversations: 0 });
    } finally {
      db.pragma("max_page_count = 1073741823");
    }
    await expectStoredOnRedelivery(first);
    await expectStoredOnRedelivery(second);
  });

  it("answers 503 and keeps nothing while the database is read-only, then stores Meta's next delivery", async () => {
    const db = handle();
    const m = newContactMessage();
    db.pragma("query_only = ON");
    try {
      await expectUnavailable(m);
    } finally {
      db.pragma("query_only = OFF");
    }
    await expectStoredOnRedelivery(m);
  });
});

// The same through the real writer thread and a real file system: a `beedesk serve` child process whose file size
// limit (RLIMIT_FSIZE, set from outside with util-linux's prlimit) stops the database's WAL from growing — the
// kernel answers EFBIG exactly where a full disk answers ENOSPC — and is lifted again.
const PRLIMIT = ["/usr/bin/prlimit", "/bin/prlimit"].find((p) => fs.existsSync(p));

describe.skipIf(!PRLIMIT)(
  "webhook when the file system refuses to grow the database [sqlite, child process]",
  () => {
    const dataDir = tempDir("beedesk-diskfull-");
    const file = path.join(dataDir, "beedesk.sqlite");
    let child: ChildProcess;
    let url = "";

    beforeAll(async () => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      await new Promise((r) => server.close(r));
      url = `http://127.0.0.1:${port}`;
      // --role web: no outbox worker, so the webhook is the only writer while the limit is on.
      child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", "--role", "web"], {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          DATABASE_URL: "",
          BEEDESK_DATA_DIR: dataDir,
          LOG_LEVEL: "fatal",
          NODE_ENV: "development",
          BEEDESK_SIMULATOR: "off",
          WHATSAPP_GRAPH_URL: "http://127.0.0.1:9",
          WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
          WHATSAPP_APP_SECRET: APP_SECRET,
          WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
          WHATSAPP_PRESALES_PHONE_NUMBER_ID: FIXTURE.presales.phoneNumberId,
          WHATSAPP_PRESALES_NUMBER: "+34 911 000 001",
          BEEDESK_ADMIN_EMAIL: OWNER.email,
          BEEDESK_ADMIN_PASSWORD: OWNER.password,
        },
      });
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`beedesk exited with ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error("beedesk was not ready in 60 s");
        try {
          if ((await fetch(`${url}/readyz`)).ok) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 90_000);

    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const fileSizeLimit = (limit: string) =>
      execFileSync(PRLIMIT!, ["--pid", String(child.pid), `--fsize=${limit}`], { stdio: "ignore" });

    async function post(i: number): Promise<Response> {
      const body = JSON.stringify(
        buildTextPayload({
          from: `3464000${i}`,
          wamid: wamid(`efbig${i}`),
          text: "Hola",
          timestamp: new Date(),
        }),
      );
      return fetch(`${url}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body, APP_SECRET) },
        body,
      });
    }

    function stored(i: number): number {
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        return db
          .prepare("select count(*) from messages where wamid = ?")
          .pluck()
          .get(wamid(`efbig${i}`)) as number;
      } finally {
        db.close();
      }
    }

    async function walEmptyAndQuiet(): Promise<void> {
      const wal = `${file}-wal`;
      for (let attempt = 0; attempt < 50; attempt++) {
        const db = new SqliteDatabase(file);
        try {
          db.pragma("wal_checkpoint(TRUNCATE)");
        } finally {
          db.close();
        }
        await new Promise((r) => setTimeout(r, 200));
        if (fs.statSync(wal).size === 0) return;
      }
      throw new Error("the server kept writing: the WAL never stayed empty for 200 ms");
    }

    it("answers 503 while no file may grow, keeps nothing, and stores the redelivery once the limit is lifted", async () => {
      expect((await post(1)).status).toBe(200);
      // Empty the WAL so that the next commit has to grow it. The server may still be writing after the first
      // webhook (the time of the latest webhook is noted in the background): empty it until it stays empty.
      await walEmptyAndQuiet();
      fileSizeLimit("0:unlimited");
      try {
        const refused = await post(2);
        expect(refused.status).toBe(503);
        expect(await refused.json()).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
      } finally {
        fileSizeLimit("unlimited:unlimited");
      }
      expect(stored(2)).toBe(0);
      expect((await post(2)).status).toBe(200);
      expect(stored(2)).toBe(1);
      expect(stored(1)).toBe(1);
    });
  },
);
