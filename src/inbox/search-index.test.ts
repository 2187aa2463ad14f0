import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openSqlite } from "../platform/db/database.js";
import { createLogger } from "../platform/logger.js";
import { BeedeskServer } from "../server.js";
import { OWNER, signInCookie, startTestServer, testConfig } from "../test/harness.js";
import { buildTextPayload, wamid } from "../whatsapp/fixtures.js";
import { postWebhook, whatsappEnv } from "../whatsapp/test-support.js";
import { indexNewMessages } from "./search-index.js";

// SQLite only: PostgreSQL searches through a GIN index the database keeps up to date itself.
let n = 0;

async function write(server: BeedeskServer, text: string): Promise<void> {
  n++;
  const from = String(34600300000 + n);
  const res = await postWebhook(server, buildTextPayload({ from, wamid: wamid(`search${n}`), text }));
  expect(res.statusCode).toBe(200);
}

function queries(server: BeedeskServer) {
  const handle = server.ctx.db.sqlite!;
  const scalar = (sql: string, ...params: unknown[]) =>
    handle
      .prepare(sql)
      .pluck()
      .get(...params);
  return {
    handle,
    indexedUpTo: () => scalar("select indexed_seq from messages_fts_progress") as number,
    lastSeq: () => scalar("select max(seq) from messages") as number,
    inIndex: (word: string) =>
      scalar("select count(*) from messages_fts where messages_fts match ?", `"${word}"`) as number,
  };
}

/** One indexing pass, in a transaction of its own. */
const index = (server: BeedeskServer, limit?: number) =>
  server.ctx.db.kysely.transaction().execute((trx) => indexNewMessages(trx, limit));

// An in-memory database: the webhook commits on the process's own connection and no writer thread indexes in
// the background. The receiver's own indexing pass (every 100 ms, on a setInterval) is held still by fake
// interval timers, so every indexing step below is the test's own even on a slow machine.
describe("search index, step by step", () => {
  let server: BeedeskServer;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });

  async function start(): Promise<BeedeskServer> {
    server = new BeedeskServer(
      testConfig({
        ...whatsappEnv(),
        BEEDESK_ADMIN_EMAIL: OWNER.email,
        BEEDESK_ADMIN_PASSWORD: OWNER.password,
      }),
      { db: openSqlite(":memory:"), log: createLogger({ logLevel: "silent" }), worker: false },
    );
    await server.prepare();
    return server;
  }
  afterEach(async () => {
    vi.useRealTimers();
    await server.stop();
  });

  it("stores a message without indexing it in the webhook's commit, and a search catches the index up first", async () => {
    const s = await start();
    const q = queries(s);
    await write(s, "¿Funciona el módulo de envíos con Redsys?");
    expect(q.lastSeq()).toBeGreaterThan(q.indexedUpTo());
    expect(q.inIndex("redsys")).toBe(0);
    const res = await s.app.inject({
      method: "GET",
      url: `/api/v1/conversations?q=${encodeURIComponent("envios redsys")}`,
      headers: { cookie: await signInCookie(s) },
    });
    expect(res.statusCode).toBe(200);
    // Found (accents folded as before), and the index is complete afterwards.
    expect(res.json().data).toHaveLength(1);
    expect(q.indexedUpTo()).toBe(q.lastSeq());
    expect(q.inIndex("redsys")).toBe(1);
  });

  it("indexes in bulk, in order, a batch at a time, without indexing a row twice", async () => {
    const s = await start();
    const q = queries(s);
    for (let i = 0; i < 5; i++) await write(s, `paquete número ${i} sin indexar`);
    expect(await index(s, 3)).toBe(3);
    expect(q.inIndex("paquete")).toBe(3);
    expect(await index(s, 3)).toBe(2);
    expect(await index(s, 3)).toBe(0);
    expect(q.inIndex("paquete")).toBe(5);
    expect(q.indexedUpTo()).toBe(q.lastSeq());
    // FTS5's own consistency check against the messages table (it throws when they disagree).
    q.handle.exec("insert into messages_fts(messages_fts) values ('integrity-check')");
  });

  it("keeps the index sound when a message is edited or deleted before or after it was indexed", async () => {
    const s = await start();
    const q = queries(s);
    await write(s, "primero indexado");
    await index(s);
    await write(s, "segundo pendiente");
    q.handle.prepare("update messages set text = 'primero cambiado' where text = 'primero indexado'").run();
    q.handle.prepare("update messages set text = 'segundo cambiado' where text = 'segundo pendiente'").run();
    await index(s);
    expect(q.inIndex("indexado")).toBe(0);
    expect(q.inIndex("pendiente")).toBe(0);
    expect(q.inIndex("cambiado")).toBe(2);
    // Deleting needs the message's dependants gone first; the policy was off (no worker), so there are none.
    q.handle.prepare("delete from messages where text = 'primero cambiado'").run();
    await write(s, "tercero pendiente");
    q.handle.prepare("delete from messages where text = 'tercero pendiente'").run();
    await index(s);
    expect(q.inIndex("cambiado")).toBe(1);
    expect(q.inIndex("tercero")).toBe(0);
    q.handle.exec("insert into messages_fts(messages_fts) values ('integrity-check')");
  });
});

it("indexes stored messages in the background after webhooks, with no search asking", async () => {
  const t = await startTestServer("sqlite", { env: whatsappEnv("http://127.0.0.1:9"), worker: false });
  try {
    const q = queries(t.server);
    await write(t.server, "mensaje para el índice en segundo plano");
    const deadline = Date.now() + 10_000;
    while (q.indexedUpTo() < q.lastSeq() && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(q.indexedUpTo()).toBe(q.lastSeq());
    expect(q.inIndex("plano")).toBe(1);
  } finally {
    await t.close();
  }
});
