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
    const stored = await db.selectFrom("messages").select("id").where("direction", "=", "in").execute();
    expect(stored).toHaveLength(24);
    const jobs = await db
      .selectFrom("jobs")
      .select("payload")
      .where("type", "=", "whatsapp.inbound")
      .execute();
    const queued = jobs.flatMap(
      (j) => (JSON.parse(j.payload) as { messages: { messageId: string }[] }).messages,
    );
    expect(queued.map((m) => m.messageId).sort()).toEqual(stored.map((m) => m.id).sort());
  });
});
