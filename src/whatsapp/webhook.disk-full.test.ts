import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "../platform/db/database.js";
import { createLogger } from "../platform/logger.js";
import { BeedeskServer } from "../server.js";
import { OWNER, testConfig } from "../test/harness.js";
import { buildTextPayload, wamid } from "./fixtures.js";
import { postWebhook, whatsappEnv } from "./test-support.js";

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
