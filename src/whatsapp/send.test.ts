import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { findJob, PRIORITY } from "../platform/outbox/outbox.public.js";
import { inTransaction } from "../platform/transaction.js";
import { updateSettings } from "../settings/settings.service.js";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { buildStatusPayload, buildTextPayload, FIXTURE, wamid } from "./fixtures.js";
import { type OutboundInput, queueOutbound } from "./send.service.js";
import { FakeGraph, graphError, postWebhook, whatsappEnv } from "./test-support.js";

describeEachDatabase("WhatsApp sending through the outbox", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  let seq = 0;

  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    graph.requests.length = 0;
    graph.handlers = [];
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url) });
  });
  afterEach(async () => t.close());

  const ctx = () => t.server.ctx;
  const db = () => t.server.ctx.db.kysely;

  /** A conversation whose customer wrote `agoMs` ago (the 24-hour window runs from there). */
  async function conversation(agoMs = 60_000, phoneNumberId: string = FIXTURE.presales.phoneNumberId) {
    const from = String(34600100000 + ++seq);
    const res = await postWebhook(
      t.server,
      buildTextPayload({
        from,
        wamid: wamid(`c${seq}`),
        text: "hola",
        timestamp: new Date(Date.now() - agoMs),
        phoneNumberId,
      }),
    );
    expect(res.statusCode).toBe(200);
    // Whatever the policy answers to that first message goes out now, so each test sees only its own sends.
    await t.server.worker!.drain();
    graph.requests.length = 0;
    const row = await db()
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select("conversations.id")
      .where("contacts.wa_id", "=", from)
      .executeTakeFirstOrThrow();
    return { id: row.id, to: from };
  }

  async function queue(input: OutboundInput) {
    return inTransaction(ctx(), (tx) => queueOutbound(tx, input));
  }

  async function message(id: string) {
    return db()
      .selectFrom("messages")
      .select(["status", "wamid", "error_code", "error_reason", "type", "text"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  }

  const drain = () => t.server.worker!.drain();

  it("posts each kind exactly as the Cloud API documents it, with the bearer token, and records the wamid", async () => {
    const c = await conversation();
    const inputs: OutboundInput[] = [
      { conversationId: c.id, kind: "text", text: "Hola 👋", replyTo: wamid("c1") },
      {
        conversationId: c.id,
        kind: "buttons",
        buttons: {
          body: "¿En qué podemos ayudarte?",
          buttons: [
            { id: "route:presales", title: "Pregunta preventa" },
            { id: "route:support", title: "Ayuda con compra" },
            { id: "route:premium", title: "Soporte premium" },
          ],
        },
      },
      {
        conversationId: c.id,
        kind: "list",
        list: {
          body: "Elige el servicio",
          button: "Servicios",
          sections: [{ rows: [{ id: "service:consultation", title: "Consulta", description: "15 USD/h" }] }],
        },
      },
      {
        conversationId: c.id,
        kind: "template",
        template: {
          name: "support_followup",
          languageCode: "es",
          components: [{ type: "body", parameters: [{ type: "text", text: "Lucía" }] }],
        },
      },
    ];
    const ids: string[] = [];
    for (const input of inputs) ids.push((await queue(input)).messageId!);
    await queue({ conversationId: c.id, kind: "read" });
    await drain();

    const sends = graph.sends();
    expect(sends).toHaveLength(5);
    for (const s of sends) {
      expect(s.path).toBe(`/v23.0/${FIXTURE.presales.phoneNumberId}/messages`);
      expect(s.headers.authorization).toBe(`Bearer ${t.config.whatsapp.accessToken}`);
      expect(s.headers["content-type"]).toBe("application/json");
    }
    const bodies = sends.map((s) => s.body as Record<string, unknown>);
    const base = { messaging_product: "whatsapp", recipient_type: "individual", to: c.to };
    expect(bodies).toContainEqual({
      ...base,
      type: "text",
      text: { preview_url: false, body: "Hola 👋" },
      context: { message_id: wamid("c1") },
    });
    expect(bodies).toContainEqual({
      ...base,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "¿En qué podemos ayudarte?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "route:presales", title: "Pregunta preventa" } },
            { type: "reply", reply: { id: "route:support", title: "Ayuda con compra" } },
            { type: "reply", reply: { id: "route:premium", title: "Soporte premium" } },
          ],
        },
      },
    });
    expect(bodies).toContainEqual({
      ...base,
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: "Elige el servicio" },
        action: {
          button: "Servicios",
          sections: [{ rows: [{ id: "service:consultation", title: "Consulta", description: "15 USD/h" }] }],
        },
      },
    });
    expect(bodies).toContainEqual({
      ...base,
      type: "template",
      template: {
        name: "support_followup",
        language: { code: "es" },
        components: [{ type: "body", parameters: [{ type: "text", text: "Lucía" }] }],
      },
    });
    expect(bodies).toContainEqual({ messaging_product: "whatsapp", status: "read", message_id: wamid("c1") });

    for (const id of ids) {
      const m = await message(id);
      expect(m.status).toBe("sent");
      expect(m.wamid).toMatch(/^wamid\.FAKE/);
    }
  });

  it("refuses a message over the Cloud API limits before writing anything", async () => {
    const c = await conversation();
    const outboundBefore = await db()
      .selectFrom("messages")
      .select("id")
      .where("direction", "=", "out")
      .execute();
    const tooMany = queue({
      conversationId: c.id,
      kind: "buttons",
      buttons: { body: "x", buttons: ["a", "b", "c", "d"].map((id) => ({ id, title: id })) },
    });
    await expect(tooMany).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      queue({
        conversationId: c.id,
        kind: "buttons",
        buttons: { body: "x", buttons: [{ id: "a", title: "A title longer than twenty" }] },
      }),
    ).rejects.toThrow(/at most 20 characters/);
    await expect(
      queue({
        conversationId: c.id,
        kind: "list",
        list: {
          body: "x",
          button: "Open",
          sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }],
        },
      }),
    ).rejects.toThrow(/1 to 10 rows/);
    await expect(queue({ conversationId: c.id, kind: "text", text: "x".repeat(4097) })).rejects.toThrow(
      /4096/,
    );
    const outbound = await db().selectFrom("messages").select("id").where("direction", "=", "out").execute();
    expect(outbound).toHaveLength(outboundBefore.length);
  });

  it("refuses a free-form message outside the 24-hour window, and still sends a template", async () => {
    const c = await conversation(25 * 60 * 60 * 1000);
    await expect(queue({ conversationId: c.id, kind: "text", text: "late" })).rejects.toMatchObject({
      code: "window_closed",
      message: expect.stringMatching(/template/),
    });
    const template = await queue({
      conversationId: c.id,
      kind: "template",
      template: { name: "hello_again", languageCode: "en_US" },
    });
    await drain();
    expect(graph.sends()).toHaveLength(1);
    expect((await message(template.messageId!)).status).toBe("sent");
  });

  const retryable: Array<[string, ReturnType<typeof graphError>]> = [
    ["HTTP 500 without a code", { status: 500, body: { error: { message: "oops" } } }],
    ["HTTP 503 with no JSON", { status: 503, body: "Service Unavailable" }],
    ["429 / code 4 (app call limit)", graphError(429, 4)],
    ["130429 throughput", graphError(400, 130429)],
    ["80007 WABA rate limit", graphError(400, 80007)],
    ["131000 something went wrong", graphError(500, 131000)],
  ];
  for (const [name, answer] of retryable) {
    it(`retries later on ${name}`, async () => {
      const c = await conversation();
      graph.handlers.push((req) => (req.method === "POST" ? answer : undefined));
      const q = await queue({ conversationId: c.id, kind: "text", text: "hi" });
      await drain();
      const job = await findJob(db(), q.jobId);
      expect(job?.status).toBe("pending");
      expect(Date.parse(job!.runAt)).toBeGreaterThan(Date.now());
      expect((await message(q.messageId!)).status).toBe("queued");
    });
  }

  it("queues a send as urgent, so it is claimed before a backlog of inbound messages", async () => {
    const c = await conversation();
    const q = await queue({ conversationId: c.id, kind: "text", text: "hi" });
    expect((await findJob(db(), q.jobId))?.priority).toBe(PRIORITY.urgent);
    await drain();
    expect((await message(q.messageId!)).status).toBe("sent");
  });

  it("backs off 4^n seconds on the pair rate limit (131056)", async () => {
    const c = await conversation();
    graph.handlers.push((req) => (req.method === "POST" ? graphError(400, 131056) : undefined));
    const q = await queue({ conversationId: c.id, kind: "text", text: "hi" });
    const before = Date.now();
    await drain();
    const job = await findJob(db(), q.jobId);
    const delay = Date.parse(job!.runAt) - before;
    expect(delay).toBeGreaterThanOrEqual(4000);
    expect(delay).toBeLessThan(4000 + 5000);
  });

  it("retries when the Graph API cannot be reached", async () => {
    const dead = await new FakeGraph().start();
    await dead.stop();
    await t.close();
    t = await startTestServer(dialect, { env: whatsappEnv(dead.url) });
    const c = await conversation();
    const q = await queue({ conversationId: c.id, kind: "text", text: "hi" });
    await drain();
    expect((await findJob(db(), q.jobId))?.status).toBe("pending");
    expect((await findJob(db(), q.jobId))?.lastError).toMatch(/unreachable/);
  });

  const permanent: Array<[number, RegExp]> = [
    [131047, /24-hour window/],
    [131026, /could not be delivered/],
    [100, /invalid/],
    [190, /access token/],
    [131999, /could not send the message \(error 131999\)/],
  ];
  for (const [code, reason] of permanent) {
    it(`marks the message failed without retrying on ${code}`, async () => {
      const c = await conversation();
      graph.handlers.push((req) => (req.method === "POST" ? graphError(400, code) : undefined));
      const q = await queue({ conversationId: c.id, kind: "text", text: "hi" });
      await drain();
      expect(graph.sends()).toHaveLength(1);
      const job = await findJob(db(), q.jobId);
      expect(job?.status).toBe("done");
      const m = await message(q.messageId!);
      expect(m.status).toBe("failed");
      expect(m.error_code).toBe(code);
      expect(m.error_reason).toMatch(reason);
    });
  }

  it("keeps a status that arrives before the send response is recorded", async () => {
    const c = await conversation();
    graph.handlers.push(async (req) => {
      if (req.method !== "POST") return undefined;
      // Meta's webhook overtakes its own HTTP answer.
      const early = await postWebhook(
        t.server,
        buildStatusPayload({ wamid: "wamid.EARLY1", status: "delivered" }),
      );
      expect(early.statusCode).toBe(200);
      return {
        status: 200,
        body: {
          messaging_product: "whatsapp",
          contacts: [{ input: c.to, wa_id: c.to }],
          messages: [{ id: "wamid.EARLY1" }],
        },
      };
    });
    const q = await queue({ conversationId: c.id, kind: "text", text: "fast" });
    await drain();
    expect(await message(q.messageId!)).toMatchObject({ status: "delivered", wamid: "wamid.EARLY1" });
  });

  it("keeps sends within the per-number throughput setting", async () => {
    await updateSettings(ctx(), "channels", { ...(await currentChannels()), throughputPerSecond: 4 }, null);
    const c = await conversation();
    for (let i = 0; i < 10; i++) await queue({ conversationId: c.id, kind: "text", text: `burst ${i}` });
    await drain();
    const times = graph.sends().map((s) => s.at);
    expect(times).toHaveLength(10);
    // At 4 a second the limiter starts 2 at once (its burst allowance), then one every 250 ms: the last 2 s after
    // the first. The fake server sees arrivals a little after the starts (more on a busy machine): 250 ms of
    // slack. Unlimited, all 10 would arrive at once.
    const first = Math.min(...times);
    expect(Math.max(...times) - first).toBeGreaterThanOrEqual(1750);
    for (const at of times)
      expect(times.filter((x) => x >= at && x < at + 750).length).toBeLessThanOrEqual(5);
  });

  async function currentChannels() {
    const { getSettings } = await import("../settings/settings.service.js");
    return (await getSettings(ctx())).channels;
  }
});
