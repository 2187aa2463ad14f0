import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";
import { buildInboundPayload, buildTextPayload, FIXTURE, wamid } from "../whatsapp/fixtures.js";
import { FakeGraph, postWebhook, whatsappEnv } from "../whatsapp/test-support.js";

const AGENT = { email: "agent@example.com", password: "agent-password-1" };

describeEachDatabase("inbox REST API", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  let owner: string;
  let agent: string;
  let agentId: string;
  let seq = 0;

  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    graph.requests.length = 0;
    graph.handlers = [];
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url) });
    const user = await createUser(t.server.ctx, { ...AGENT, name: "Ana", role: "agent", language: "es" });
    agentId = user.id;
    owner = await signInCookie(t.server);
    agent = await signInCookie(t.server, AGENT.email, AGENT.password);
  });
  afterEach(async () => t.close());

  // Every successful answer is checked against its route's response schema.
  const { get, post } = testHttp(() => t.server);

  async function write(
    text: string,
    options: { phoneNumberId?: string; from?: string; agoMs?: number } = {},
  ): Promise<string> {
    const from = options.from ?? String(34600200000 + ++seq);
    const res = await postWebhook(
      t.server,
      buildTextPayload({
        from,
        name: `Customer ${from.slice(-3)}`,
        wamid: wamid(`i${++seq}`),
        text,
        timestamp: new Date(Date.now() - (options.agoMs ?? 1000)),
        phoneNumberId: options.phoneNumberId ?? FIXTURE.presales.phoneNumberId,
      }),
    );
    expect(res.statusCode).toBe(200);
    // These tests are about the inbox, not the policy: drop the inbound hand-off so no auto-reply joins in.
    await t.server.ctx.db.kysely.deleteFrom("jobs").where("type", "=", "whatsapp.inbound").execute();
    return from;
  }

  async function list(cookie: string, query = "") {
    const res = await get(`/api/v1/conversations${query}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data as Array<Record<string, unknown> & { id: string; contact: { waId: string } }>;
  }

  it("lists conversations newest first with role, preview, unread count and window", async () => {
    await write("primera", { agoMs: 5000 });
    const second = await write("segunda pregunta", { agoMs: 3000 });
    await write("otra", { from: second, agoMs: 1000 });
    const data = await list(owner);
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      role: "presales",
      state: "waiting",
      lastMessagePreview: "otra",
      unreadCount: 2,
      businessNumber: t.config.whatsapp.presales.displayNumber,
      window: { open: true },
      contact: { waId: second, name: `Customer ${second.slice(-3)}` },
    });
    expect(await list(owner, "?role=premium")).toEqual([]);
    expect(await list(owner, "?state=replied")).toEqual([]);
    expect(await list(owner, "?assignee=none")).toHaveLength(2);
    expect((await get("/api/v1/conversations?role=other", owner)).statusCode).toBe(400);
  });

  it("shows premium conversations only to the owner and the agents the owner opened them to", async () => {
    await write("pre-sales question");
    const premiumFrom = await write("premium request", { phoneNumberId: FIXTURE.premium.phoneNumberId });
    const ownerView = await list(owner);
    expect(ownerView.map((c) => c.role).sort()).toEqual(["premium", "presales"]);
    const premium = ownerView.find((c) => c.role === "premium")!;
    expect(premium.contact.waId).toBe(premiumFrom);

    expect((await list(agent)).map((c) => c.role)).toEqual(["presales"]);
    expect(await list(agent, "?role=premium")).toEqual([]);
    expect(await list(agent, "?q=premium")).toEqual([]);
    for (const res of [
      await get(`/api/v1/conversations/${premium.id}`, agent),
      await get(`/api/v1/conversations/${premium.id}/messages`, agent),
      await post(`/api/v1/conversations/${premium.id}/messages`, agent, { text: "hola" }),
      await post(`/api/v1/conversations/${premium.id}/read`, agent),
    ]) {
      expect(res.statusCode).toBe(404);
    }

    const settings = await getSettings(t.server.ctx);
    await updateSettings(t.server.ctx, "premium", { ...settings.premium, openToAgentIds: [agentId] }, null);
    expect((await list(agent)).map((c) => c.role).sort()).toEqual(["premium", "presales"]);
    expect((await get(`/api/v1/conversations/${premium.id}/messages`, agent)).statusCode).toBe(200);
  });

  it("pages search results newest first, whether the newest matches fill the page or not", async () => {
    const a = await write("la licencia expira pronto", { agoMs: 30_000 });
    const b = await write("mi licencia no funciona", { agoMs: 20_000 });
    const c = await write("licencia nueva, gracias", { agoMs: 10_000 });
    await write("otra cosa", { agoMs: 5_000 });
    const ids = async (query: string) => (await list(owner, query)).map((x) => x.contact.waId);
    // Page full from the newest matches (the fast path), then the rest (the complete path).
    expect(await ids("?q=licencia&limit=2")).toEqual([c, b]);
    expect(await ids("?q=licencia&limit=3")).toEqual([c, b, a]);
    expect(await ids("?q=licencia&limit=50")).toEqual([c, b, a]);
  });

  it("searches message text safely, whatever characters the query holds", async () => {
    const match = await write('¿Tiene descuento si compro tres? C++ error 500 "quoted" it\'s');
    await write("nothing to see here");
    const found = async (q: string) =>
      (await list(owner, `?q=${encodeURIComponent(q)}`)).map((c) => c.contact.waId);
    expect(await found("descuento")).toEqual([match]);
    expect(await found("DESCUENTO tres")).toEqual([match]);
    expect(await found("error 500")).toEqual([match]);
    expect(await found("C++")).toEqual([match]);
    expect(await found("nothing")).toHaveLength(1);
    expect(await found("descuento nothing")).toEqual([]);
    for (const q of [
      '"',
      '""',
      "*",
      "(",
      ")",
      "-",
      "AND",
      "a OR b",
      "NEAR(x y)",
      "'; drop table messages; --",
      "^",
      ":",
      "👍",
      "   ",
    ]) {
      const res = await get(`/api/v1/conversations?q=${encodeURIComponent(q)}`, owner);
      expect(res.statusCode, q).toBe(200);
    }
    expect(await list(owner)).toHaveLength(2);
  });

  it("replies inside the window, refuses outside it with 409 window_closed, and sends the reply", async () => {
    const recent = await write("hola");
    await write("old", { agoMs: 25 * 60 * 60 * 1000 });
    const conversations = await list(owner);
    const open = conversations.find((c) => c.contact.waId === recent)!;
    const closed = conversations.find((c) => c.contact.waId !== recent)!;
    expect(closed.window).toMatchObject({ open: false });

    const ok = await post(`/api/v1/conversations/${open.id}/messages`, agent, {
      text: "¡Hola! ¿En qué te ayudo?",
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ direction: "out", status: "queued", text: "¡Hola! ¿En qué te ayudo?" });
    const refused = await post(`/api/v1/conversations/${closed.id}/messages`, agent, { text: "late" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("window_closed");
    expect((await post(`/api/v1/conversations/${open.id}/messages`, agent, { text: "" })).statusCode).toBe(
      400,
    );

    await t.server.worker!.drain();
    expect(graph.sends()).toHaveLength(1);
    const thread = (await get(`/api/v1/conversations/${open.id}/messages`, owner)).json().data as Array<{
      direction: string;
      status: string;
      text: string;
    }>;
    expect(thread[0]).toMatchObject({ direction: "in", status: "received", text: "hola" });
    expect(thread.at(-1)).toMatchObject({
      direction: "out",
      status: "sent",
      text: "¡Hola! ¿En qué te ayudo?",
    });
    expect((await list(owner)).find((c) => c.id === open.id)?.state).toBe("replied");
  });

  it("marks a conversation read and sends blue ticks for the last customer message once", async () => {
    await write("uno");
    const [c] = await list(owner);
    expect(c!.unreadCount).toBe(1);
    expect((await post(`/api/v1/conversations/${c!.id}/read`, agent)).statusCode).toBe(200);
    expect((await post(`/api/v1/conversations/${c!.id}/read`, agent)).statusCode).toBe(200);
    expect((await list(owner))[0]!.unreadCount).toBe(0);
    await t.server.worker!.drain();
    const reads = graph.sends().map((s) => s.body as { status?: string; message_id?: string });
    expect(reads).toEqual([{ messaging_product: "whatsapp", status: "read", message_id: wamid(`i${seq}`) }]);
  });

  it("downloads inbound media with the bearer token, serves it to agents, and refuses files over the limit", async () => {
    const bytes = Buffer.from("\xff\xd8\xff\xe0 fake jpeg bytes", "latin1");
    graph.handlers.push((req) => {
      if (req.method !== "GET") return undefined;
      if (req.path.startsWith("/v23.0/media-ok"))
        return {
          status: 200,
          body: {
            url: `${graph.url}/download/ok`,
            mime_type: "image/jpeg",
            file_size: bytes.length,
            id: "media-ok",
          },
        };
      if (req.path.startsWith("/v23.0/media-big"))
        return {
          status: 200,
          body: { url: `${graph.url}/download/big`, mime_type: "image/jpeg", file_size: 6 * 1024 * 1024 },
        };
      if (req.path.startsWith("/v23.0/media-liar"))
        return {
          status: 200,
          body: { url: `${graph.url}/download/liar`, mime_type: "image/jpeg", file_size: 10 },
        };
      if (req.path === "/download/ok") return { status: 200, raw: bytes };
      if (req.path === "/download/liar") return { status: 200, raw: Buffer.alloc(5 * 1024 * 1024 + 1) };
      return undefined;
    });
    const image = (id: string, n: number) =>
      buildInboundPayload({
        from: "34600300001",
        id: wamid(`m${n}`),
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "image",
        image: { id, mime_type: "image/jpeg", caption: `photo ${n}` },
      });
    await postWebhook(t.server, image("media-ok", 1));
    await postWebhook(t.server, image("media-big", 2));
    await postWebhook(t.server, image("media-liar", 3));
    await t.server.worker!.drain();

    const downloads = graph.requests.filter((r) => r.path.startsWith("/download/"));
    for (const d of downloads)
      expect(d.headers.authorization).toBe(`Bearer ${t.config.whatsapp.accessToken}`);
    expect(downloads.map((d) => d.path).sort()).toEqual(["/download/liar", "/download/ok"]);

    const [c] = await list(owner);
    const messages = (await get(`/api/v1/conversations/${c!.id}/messages`, agent)).json().data as Array<{
      id: string;
      text: string;
      media: { status: string; url: string };
    }>;
    const byText = new Map(messages.map((m) => [m.text, m]));
    expect(byText.get("photo 1")!.media.status).toBe("stored");
    expect(byText.get("photo 2")!.media.status).toBe("too_large");
    expect(byText.get("photo 3")!.media.status).toBe("too_large");

    const served = await get(byText.get("photo 1")!.media.url, agent);
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/jpeg");
    expect(served.rawPayload.equals(bytes)).toBe(true);
    expect(
      (await t.server.app.inject({ method: "GET", url: byText.get("photo 1")!.media.url })).statusCode,
    ).toBe(401);
    expect((await get(byText.get("photo 2")!.media.url, agent)).statusCode).toBe(404);
  });
});
