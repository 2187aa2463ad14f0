import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.js";
import { markReadBody, textMessage } from "../outbound.js";
import { modulesWithSimulator, personaSends, simulatorOf } from "./simulator.testing.js";

const TOKEN = "simulator-access-token";
const PRESALES_ID = "100000000000001";
const PREMIUM_ID = "100000000000002";

// biome-ignore lint/suspicious/noExplicitAny: reading webhook JSON in tests
type Json = Record<string, any>;

describe("simulator page API and state", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { modules: modulesWithSimulator() });
  });
  afterAll(async () => t?.close());

  it("lists the numbers from settings and the demo personas", async () => {
    const res = await t.server.app.inject("/simulator/api/state");
    expect(res.statusCode).toBe(200);
    const state = res.json();
    expect(state.numbers).toEqual([
      expect.objectContaining({
        role: "presales",
        phoneNumberId: PRESALES_ID,
        displayNumber: "+34 600 111 222",
      }),
      expect.objectContaining({
        role: "premium",
        phoneNumberId: PREMIUM_ID,
        displayNumber: "+34 600 333 444",
      }),
    ]);
    expect(state.personas.map((p: Json) => p.id)).toEqual(["lucia", "james", "maria", "carlos", "john"]);
    expect(state.webhookTarget).toBe("in-process");
  });

  it("creates a persona, refuses a duplicate phone or bad input, and keeps demo personas", async () => {
    const create = (payload: object) =>
      t.server.app.inject({ method: "POST", url: "/simulator/api/personas", payload });
    const created = await create({ name: "Ana", phone: "+34 655 123 456", language: "es" });
    expect(created.statusCode).toBe(201);
    expect(created.json().persona).toMatchObject({ name: "Ana", waId: "34655123456", demo: false });
    expect((await create({ name: "Ana 2", phone: "0034655123456", language: "es" })).statusCode).toBe(409);
    expect((await create({ name: "X", phone: "12", language: "es" })).statusCode).toBe(400);
    expect((await create({ name: "X", phone: "+34 600 111 222", language: "es" })).statusCode).toBe(400);
    expect((await create({ name: "X", phone: "+34 655 000 000", language: "fr" })).statusCode).toBe(400);

    const id = created.json().persona.id;
    expect(
      (await t.server.app.inject({ method: "DELETE", url: `/simulator/api/personas/${id}` })).statusCode,
    ).toBe(204);
    expect(
      (await t.server.app.inject({ method: "DELETE", url: "/simulator/api/personas/lucia" })).statusCode,
    ).toBe(409);
  });

  it("sends through the real webhook route in-process when the server is not listening", async () => {
    const res = await t.server.app.inject({
      method: "POST",
      url: "/simulator/api/chats/james/presales/messages?wait=1",
      payload: { type: "text", text: "Does it work with OpenCart 4?" },
    });
    expect(res.statusCode).toBe(201);
    const hasWebhook = t.server.deps.allRoutes.some(
      (r) => r.method === "POST" && r.url === "/webhooks/whatsapp",
    );
    expect(res.json().delivery.ok).toBe(hasWebhook);
    expect(res.json().message).toMatchObject({
      direction: "customer",
      content: { text: "Does it work with OpenCart 4?" },
    });
  });

  it("refuses bad page input with a 4xx and changes nothing", async () => {
    const post = (url: string, payload: object) => t.server.app.inject({ method: "POST", url, payload });
    expect(
      (await post("/simulator/api/chats/james/presales/messages", { type: "text", text: "" })).statusCode,
    ).toBe(400);
    expect(
      (await post("/simulator/api/chats/james/sales/messages", { type: "text", text: "x" })).statusCode,
    ).toBe(400);
    expect(
      (await post("/simulator/api/chats/nobody/presales/messages", { type: "text", text: "x" })).statusCode,
    ).toBe(404);
    expect(
      (
        await post("/simulator/api/chats/james/presales/messages", {
          type: "button",
          messageId: "wamid.x",
          buttonId: "b",
        })
      ).statusCode,
    ).toBe(404);
    expect((await post("/simulator/api/failures", { count: 1 })).statusCode).toBe(400);
    const upload = await t.server.app.inject({
      method: "POST",
      url: "/simulator/api/chats/james/presales/media?type=application/x-msdownload",
      headers: { "content-type": "application/octet-stream" },
      payload: Buffer.from("MZ"),
    });
    expect(upload.statusCode).toBe(415);
    const chat = await t.server.app.inject("/simulator/api/chats/james/presales");
    expect(chat.json().messages.every((m: Json) => m.content.type === "text")).toBe(true);
  });

  it("keeps personas and chats across a restart (JSON file in the data folder)", async () => {
    const sim = simulatorOf(t.server);
    const persona = await sim.createPersona({
      name: "Persistent Pat",
      phone: "+44 7700 900555",
      language: "en",
    });
    await personaSends(t.server, persona.id, "Remember me");
    sim.store.flush();
    const { SimulatorStore } = await import("./simulator.store.js");
    const reloaded = new SimulatorStore(
      sim.store.file.replace(/\/state\.json$/, ""),
      new Date().toISOString(),
    );
    expect(reloaded.persona(persona.id)?.name).toBe("Persistent Pat");
    expect(reloaded.chat(persona.id, "presales").map((m) => m.content)).toEqual([
      { type: "text", text: "Remember me" },
    ]);
    expect(reloaded.lastInbound(persona.id, "presales")).toBeDefined();
  });

  it("marks the customer's messages read up to the one beedesk names", async () => {
    const sim = simulatorOf(t.server);
    const first = await personaSends(t.server, "john", "one");
    const second = await personaSends(t.server, "john", "two");
    const third = await personaSends(t.server, "john", "three");
    const res = await t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/v23.0/${PRESALES_ID}/messages`,
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      payload: JSON.stringify(markReadBody(second.message.id)),
    });
    expect(res.json()).toEqual({ success: true });
    expect([first, second, third].map((s) => sim.store.message(s.message.id)?.status)).toEqual([
      "read",
      "read",
      expect.not.stringMatching("read"),
    ]);
  });
});

describe("simulator switched off", () => {
  it.each([
    ["off", { BEEDESK_SIMULATOR: "off" }],
    [
      "production",
      { NODE_ENV: "production", PUBLIC_URL: "https://desk.example.com", SMTP_URL: "smtp://127.0.0.1:2525" },
    ],
  ])("has no /simulator routes at all (%s)", async (_name, env) => {
    const t = await startTestServer("sqlite", {
      env: {
        ...env,
        WHATSAPP_ACCESS_TOKEN: "real-token",
        WHATSAPP_APP_SECRET: "real-secret",
        WHATSAPP_VERIFY_TOKEN: "real-verify",
        WHATSAPP_PRESALES_PHONE_NUMBER_ID: "555",
        WHATSAPP_PRESALES_NUMBER: "+34 600 000 001",
      },
    });
    try {
      expect(t.config.simulator).toBe(false);
      expect(t.server.deps.allRoutes.filter((r) => r.url.startsWith("/simulator"))).toEqual([]);
      for (const url of ["/simulator", "/simulator/api/state", "/simulator/graph/v23.0/555"]) {
        expect((await t.server.app.inject(url)).statusCode).toBe(404);
      }
      const send = await t.server.app.inject({
        method: "POST",
        url: "/simulator/graph/v23.0/555/messages",
        headers: { "content-type": "application/json", authorization: "Bearer real-token" },
        payload: JSON.stringify(textMessage("34611000001", "hi")),
      });
      expect(send.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
