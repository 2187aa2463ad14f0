import { afterAll, beforeAll, expect, it } from "vitest";
import { getSettings } from "../settings/settings.service.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";
import { renderReply } from "./policy-texts.js";

describeEachDatabase("auto-reply texts API", (dialect) => {
  let t: TestServer;
  let owner: string;
  let agent: string;
  const http = testHttp(() => t.server);

  beforeAll(async () => {
    t = await startTestServer(dialect, { worker: false });
    owner = await signInCookie(t.server);
    await createUser(t.server.ctx, {
      email: "a@example.com",
      name: "Agent",
      password: "agent-password-1",
      role: "agent",
    });
    agent = await signInCookie(t.server, "a@example.com", "agent-password-1");
  });
  afterAll(async () => t?.close());

  it("lists every text with its built-in wording in both languages and its placeholders", async () => {
    const res = await http.get("/api/v1/policy/texts", agent);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.keys).toContain("greeting");
    expect(body.defaults.es.buttonPresales).toBe("Pregunta de preventa");
    expect(body.placeholders.greeting).toContain("premiumLink");
    expect(body.overrides).toEqual({});
  });

  it("previews a draft as customers would see it, with the limits it breaks", async () => {
    const res = await http.post("/api/v1/policy/texts/preview", owner, {
      language: "en",
      overrides: {
        greeting: { en: "Hi from {vendor}: {premiumLink}" },
        buttonPremium: { en: "Premium support, paid hourly" },
      },
    });
    expect(res.statusCode).toBe(200);
    const greeting = res.json().previews.find((p: { name: string }) => p.name === "greeting");
    expect(greeting.content.body).toBe("Hi from HuntBee: https://wa.me/34600333444");
    expect(res.json().problems).toEqual([
      expect.objectContaining({
        key: "greeting",
        language: "en",
        message: expect.stringContaining("at most 20"),
      }),
    ]);
    expect(
      (await http.post("/api/v1/policy/texts/preview", agent, { language: "en", overrides: {} })).statusCode,
    ).toBe(403);
  });

  it("refuses to save texts that break a limit once filled, and saves (then sends) ones that fit", async () => {
    const bad = await http.put("/api/v1/policy/texts", owner, {
      overrides: { greeting: { es: `${"x".repeat(1000)} {rates}` } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect((await getSettings(t.server.ctx)).texts.overrides).toEqual({});

    const typo = await http.put("/api/v1/policy/texts", owner, {
      overrides: { redirect: { en: "Go {portalURL}" } },
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.message).toContain("{portalURL}");

    const ok = await http.put("/api/v1/policy/texts", owner, {
      overrides: { ackOpen: { en: "Thanks, {vendor} will answer soon.", es: "  " } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ overrides: { ackOpen: { en: "Thanks, {vendor} will answer soon." } } });
    const settings = await getSettings(t.server.ctx);
    const env = { settings, publicUrl: t.config.publicUrl };
    expect(renderReply({ kind: "presalesAck", open: true }, { ...env, language: "en" })).toEqual({
      kind: "text",
      text: "Thanks, HuntBee will answer soon.",
    });
    // The blank Spanish text keeps the built-in wording.
    expect(renderReply({ kind: "presalesAck", open: true }, { ...env, language: "es" })).toMatchObject({
      text: expect.stringContaining("¡Gracias!"),
    });
    expect((await http.put("/api/v1/policy/texts", agent, { overrides: {} })).statusCode).toBe(403);
  });
});
