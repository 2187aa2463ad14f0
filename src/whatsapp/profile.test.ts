import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  type TestServer,
  testConfig,
} from "../test/harness.js";
import { createUser } from "../users/users.service.js";
import { FIXTURE } from "./fixtures.js";
import { whatsappCommand } from "./profile.cli.js";
import { checkAbout } from "./profile.service.js";
import { FakeGraph, whatsappEnv } from "./test-support.js";

describeEachDatabase("WhatsApp business profile", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    graph.requests.length = 0;
    graph.handlers = [
      (req) =>
        req.path.includes("whatsapp_business_profile")
          ? req.method === "GET"
            ? {
                status: 200,
                body: {
                  data: [
                    { about: "Pre-sales only", vertical: "PROF_SERVICES", messaging_product: "whatsapp" },
                  ],
                },
              }
            : { status: 200, body: { success: true } }
          : undefined,
    ];
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url) });
  });
  afterEach(async () => t.close());

  it("pushes the configured presales 'about' text to the presales number (owner only)", async () => {
    const owner = await signInCookie(t.server);
    await createUser(t.server.ctx, {
      email: "a@example.com",
      name: "A",
      role: "agent",
      password: "agent-password-1",
    });
    const agent = await signInCookie(t.server, "a@example.com", "agent-password-1");
    const sync = (cookie: string) =>
      t.server.app.inject({
        method: "POST",
        url: "/api/v1/whatsapp/profile/sync",
        headers: { cookie, "content-type": "application/json" },
        payload: "{}",
      });
    expect((await sync(agent)).statusCode).toBe(403);
    const res = await sync(owner);
    expect(res.statusCode, res.body).toBe(200);
    const [request] = graph.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(`/v23.0/${FIXTURE.presales.phoneNumberId}/whatsapp_business_profile`);
    expect(request?.headers.authorization).toBe(`Bearer ${t.config.whatsapp.accessToken}`);
    const about = res.json().about as string;
    expect(request?.body).toEqual({ messaging_product: "whatsapp", about });
    expect(about).toContain(t.config.whatsapp.premium.displayNumber);

    const read = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/whatsapp/profile",
      headers: { cookie: owner },
    });
    expect(read.json()).toMatchObject({ about: "Pre-sales only", vertical: "PROF_SERVICES" });
  });

  it("reports WhatsApp's refusal as unavailable rather than a crash", async () => {
    graph.handlers = [() => ({ status: 400, body: { error: { message: "Invalid parameter", code: 100 } } })];
    const owner = await signInCookie(t.server);
    const res = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/whatsapp/profile/sync",
      headers: { cookie: owner, "content-type": "application/json" },
      payload: "{}",
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toMatch(/Invalid parameter/);
  });
});

it("checks the 'about' text is 1 to 139 characters, counting an emoji as one", () => {
  expect(checkAbout("👋".repeat(139))).toHaveLength(278);
  expect(() => checkAbout("x".repeat(140))).toThrow(/1 to 139/);
  expect(() => checkAbout("  ")).toThrow(/1 to 139/);
});

it("beedesk whatsapp profile sync pushes the text from the command line", async () => {
  const graph = await new FakeGraph().start();
  graph.handlers = [() => ({ status: 200, body: { success: true } })];
  try {
    const config = testConfig(whatsappEnv(graph.url));
    const { log, error } = console;
    console.log = () => undefined;
    console.error = () => undefined;
    try {
      expect(await whatsappCommand(["profile", "sync"], config)).toBe(0);
      expect(await whatsappCommand(["profile"], config)).toBe(2);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(graph.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v23.0/${FIXTURE.presales.phoneNumberId}/whatsapp_business_profile`,
    ]);
  } finally {
    await graph.stop();
  }
});
