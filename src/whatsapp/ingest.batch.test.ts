import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { buildTextPayload } from "./fixtures.js";
import { postWebhook, whatsappEnv } from "./test-support.js";

// Concurrent webhooks are written together (group commit, one transaction per batch on both databases): several
// messages of one conversation in one batch move it in order, duplicates count once, every new message reaches
// exactly one whatsapp.inbound job.

describeEachDatabase("webhook group commit under concurrent deliveries", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
  });
  afterEach(async () => t.close());

  it("stores concurrent messages of the same conversations as one-at-a-time deliveries would", async () => {
    const base = Date.parse("2026-11-20T10:00:00Z");
    const phones = ["34600000101", "34600000102", "34600000103"];
    const bodies = phones.flatMap((from, p) =>
      Array.from({ length: 8 }, (_, i) =>
        buildTextPayload({
          from,
          name: `Cliente ${p}`,
          wamid: `wamid.BATCH-${p}-${i}`,
          text: `Mensaje ${i}`,
          // Out of order on purpose: message 5 is each contact's latest.
          timestamp: new Date(base + (i === 5 ? 60_000 : i * 1000)),
        }),
      ),
    );
    const answers = await Promise.all(
      [...bodies, bodies[0]!, bodies[9]!].map((b) => postWebhook(t.server, b)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));

    const db = t.server.ctx.db.kysely;
    const conversations = await db
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select([
        "contacts.wa_id",
        "contacts.profile_name",
        "conversations.unread_count",
        "conversations.last_inbound_wamid",
        "conversations.preview",
        "conversations.needs_reply",
      ])
      .orderBy("contacts.wa_id")
      .execute();
    expect(conversations).toEqual(
      phones.map((waId, p) => ({
        wa_id: waId,
        profile_name: `Cliente ${p}`,
        unread_count: 8,
        last_inbound_wamid: `wamid.BATCH-${p}-5`,
        preview: "Mensaje 5",
        needs_reply: 1,
      })),
    );
    const stored = await inboundMessageIds(t);
    expect(stored).toHaveLength(24);
    expect(await queuedMessageIds(t)).toEqual(stored);
  });

  it("moves known conversations by a concurrent batch as one-at-a-time deliveries would", async () => {
    // Once the receiver knows a conversation, a batch of its messages is one statement: the conversation moves
    // once for several messages, and that must equal moving it message by message.
    const base = Date.parse("2026-11-20T10:00:00Z");
    const phones = ["34600000201", "34600000202", "34600000203"];
    const text = (from: string, p: number, wamid: string, body: string, at: number) =>
      buildTextPayload({ from, name: `Cliente ${p}`, wamid, text: body, timestamp: new Date(at) });
    for (const [p, from] of phones.entries()) {
      for (const i of [0, 1]) {
        const first = text(from, p, `wamid.KNOWN-${p}-${i}`, `Primero ${i}`, base + 10_000 + i);
        expect((await postWebhook(t.server, first)).statusCode).toBe(200);
      }
    }
    const db = t.server.ctx.db.kysely;
    // An agent had answered one conversation and closed another: a new customer message reopens both.
    await db.updateTable("conversations").set({ state: "closed", needs_reply: 0 }).execute();

    const bodies = phones.flatMap((from, p) =>
      Array.from({ length: 6 }, (_, i) =>
        text(
          from,
          p,
          `wamid.LATER-${p}-${i}`,
          `Mensaje ${i}`,
          // Message 0 is older than what the conversation shows; message 3 is the latest; 4 and 5 tie.
          i === 0
            ? base + 5_000
            : i === 3
              ? base + 90_000
              : i >= 4
                ? base + 40_000
                : base + 20_000 + i * 1000,
        ),
      ),
    );
    const again = [
      bodies[2]!,
      bodies[7]!,
      text(phones[0]!, 0, "wamid.KNOWN-0-1", "Primero 1", base + 10_001),
    ];
    const answers = await Promise.all([...bodies, ...again].map((b) => postWebhook(t.server, b)));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));

    const conversations = await db
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select([
        "contacts.wa_id",
        "conversations.unread_count",
        "conversations.last_inbound_wamid",
        "conversations.last_inbound_at",
        "conversations.last_message_preview",
        "conversations.preview",
        "conversations.needs_reply",
        "conversations.state",
      ])
      .orderBy("contacts.wa_id")
      .execute();
    const latest = new Date(base + 90_000).toISOString();
    expect(conversations).toEqual(
      phones.map((waId, p) => ({
        wa_id: waId,
        unread_count: 8,
        last_inbound_wamid: `wamid.LATER-${p}-3`,
        last_inbound_at: latest,
        last_message_preview: "Mensaje 3",
        preview: "Mensaje 3",
        needs_reply: 1,
        state: "waiting",
      })),
    );
    const stored = await db
      .selectFrom("messages")
      .select(["id", "wamid"])
      .where("direction", "=", "in")
      .where("wamid", "like", "wamid.LATER-%")
      .execute();
    expect(stored).toHaveLength(18);
    expect(await queuedMessageIds(t)).toEqual(await inboundMessageIds(t));
  });
});

/** The ids of every inbound message stored, sorted. */
async function inboundMessageIds(t: TestServer): Promise<string[]> {
  const rows = await t.server.ctx.db.kysely
    .selectFrom("messages")
    .select("id")
    .where("direction", "=", "in")
    .execute();
  return rows.map((m) => m.id).sort();
}

/** The message ids the whatsapp.inbound jobs carry, sorted (a message in two jobs shows twice). */
async function queuedMessageIds(t: TestServer): Promise<string[]> {
  const jobs = await t.server.ctx.db.kysely
    .selectFrom("jobs")
    .select("payload")
    .where("type", "=", "whatsapp.inbound")
    .execute();
  return jobs
    .flatMap((j) => (JSON.parse(j.payload) as { messages: { messageId: string }[] }).messages)
    .map((m) => m.messageId)
    .sort();
}
