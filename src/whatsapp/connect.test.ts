import { afterEach, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import { describeEachDatabase, signInCookie, type TestServer } from "../test/harness.js";
import { createUser } from "../users/users.service.js";
import {
  personaSends,
  simulatorOf,
  startSimulatorServer,
  webhooksSettled,
} from "./simulator/simulator.testing.js";
import type { WhatsAppStatusView } from "./whatsapp.schema.js";

// Connecting the account against the simulator's Graph API: Test connection reads each number, Subscribe
// registers the app on the WABA, the profile "about" is pushed and read back, webhooks are noted, and quality
// changes arrive as phone_number_quality_update webhooks.

describeEachDatabase("Settings → WhatsApp against the simulator", (dialect) => {
  let t: TestServer & { url: string };
  let owner: string;
  beforeEach(async () => {
    t = await startSimulatorServer(dialect);
    owner = await signInCookie(t.server);
  });
  afterEach(async () => {
    // Nothing in flight when the server closes (a webhook answered during close keeps its connection open).
    await t.server.worker?.drain();
    await webhooksSettled(t.server);
    await t.close();
  });

  const request = async (method: "GET" | "POST" | "PUT", url: string, body?: unknown, cookie = owner) =>
    t.server.app.inject({
      method,
      url,
      headers: { cookie, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
      ...(method === "GET" ? {} : { payload: JSON.stringify(body ?? {}) }),
    });
  const status = async () =>
    checkedJson<WhatsAppStatusView>(t.server, await request("GET", "/api/v1/whatsapp/status"));

  it("tests the connection: each number's display number, verified name, quality and messaging limit", async () => {
    const before = await status();
    expect(before.numbers.map((n) => n.role)).toEqual(["presales", "premium"]);
    expect(before.numbers[0]).toMatchObject({
      qualityRating: null,
      webhookSubscribed: false,
      checkedAt: null,
    });

    const tested = checkedJson<WhatsAppStatusView>(t.server, await request("POST", "/api/v1/whatsapp/test"));
    const [presales, premium] = tested.numbers;
    expect(presales).toMatchObject({
      displayPhoneNumber: t.config.whatsapp.presales.displayNumber,
      verifiedName: "HuntBee",
      qualityRating: "GREEN",
      messagingLimitTier: "TIER_1K",
      nameStatus: "APPROVED",
      error: null,
    });
    expect(premium?.displayPhoneNumber).toBe(t.config.whatsapp.premium.displayNumber);
    expect(presales?.checkedAt).not.toBeNull();
  });

  it("subscribes the app to the WABA's webhooks, and Test connection then reads the subscription back", async () => {
    const subscribed = await request("POST", "/api/v1/whatsapp/subscribe");
    expect(checkedJson(t.server, subscribed)).toEqual({
      subscribed: true,
      businessAccountId: t.config.whatsapp.businessAccountId,
    });
    expect((await status()).numbers.every((n) => n.webhookSubscribed)).toBe(true);
  });

  it("pushes the presales 'about' with the premium number and reads it back as synced", async () => {
    expect((await status()).numbers[0]?.aboutSynced).toBe(false);
    const pushed = checkedJson<WhatsAppStatusView>(
      t.server,
      await request("POST", "/api/v1/whatsapp/about/sync"),
    );
    const presales = pushed.numbers[0];
    expect(presales?.about).toContain(t.config.whatsapp.premium.displayNumber);
    expect(presales?.aboutSynced).toBe(true);
    expect(Array.from(presales?.about ?? "").length).toBeLessThanOrEqual(139);
  });

  it("pushes the whole business profile to both numbers, reads it back, and names what differs after a change", async () => {
    const settings = (await request("GET", "/api/v1/settings")).json();
    const profile = {
      description: "OpenCart extensions: filters, invoices, checkout.",
      address: "Calle Mayor 1, Madrid",
      email: "support@huntbee.example",
      websites: ["https://huntbee.example", "https://shop.huntbee.example"],
      vertical: "PROF_SERVICES",
    };
    const saved = await request("PUT", "/api/v1/settings/channels", { ...settings.channels, profile });
    expect(saved.statusCode).toBe(200);
    expect((await status()).numbers.map((n) => n.profileMismatch.length > 0)).toEqual([true, true]);

    const pushed = checkedJson<WhatsAppStatusView>(
      t.server,
      await request("POST", "/api/v1/whatsapp/about/sync"),
    );
    expect(pushed.numbers.map((n) => n.profileMismatch)).toEqual([[], []]);
    // What WhatsApp shows now: the premium number gets the profile but not the presales "about".
    const shown = simulatorOf(t.server).store;
    expect(shown.profile(t.config.whatsapp.premium.phoneNumberId)).toMatchObject(profile);
    expect(shown.profile(t.config.whatsapp.premium.phoneNumberId).about).toBeUndefined();

    await request("PUT", "/api/v1/settings/channels", {
      ...settings.channels,
      profile: { ...profile, description: "Now with a new description" },
    });
    expect((await status()).numbers.map((n) => n.profileMismatch)).toEqual([
      ["description"],
      ["description"],
    ]);

    const bad = await request("PUT", "/api/v1/settings/channels", {
      ...settings.channels,
      profile: {
        ...profile,
        websites: ["ftp://x", "https://a.example", "https://b.example"],
        vertical: "PETS",
      },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("shows the last webhook received and quality changes the quality webhook reports", async () => {
    expect((await status()).lastWebhookAt).toBeNull();
    await personaSends(t.server, "carlos", "Hello, is the module compatible with 4.0?");
    expect((await status()).lastWebhookAt).not.toBeNull();

    const flag = await t.server.app.inject({
      method: "POST",
      url: "/simulator/api/account/numbers/premium/quality",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ event: "FLAGGED", tier: "TIER_250" }),
    });
    expect(flag.statusCode).toBe(204);
    await webhooksSettled(t.server);
    const after = await status();
    expect(after.numbers[1]).toMatchObject({
      qualityRating: "RED",
      messagingLimitTier: "TIER_250",
      qualityEvent: "FLAGGED",
    });
    expect(after.problems.some((p) => p.includes("RED"))).toBe(true);
    // Test connection reads the same from the Graph API.
    const tested = checkedJson<WhatsAppStatusView>(t.server, await request("POST", "/api/v1/whatsapp/test"));
    expect(tested.numbers[1]?.qualityRating).toBe("RED");
    expect(simulatorOf(t.server)).toBeDefined();
  });

  it("keeps credentials entered in the app sealed, and the connection screen is the owner's only", async () => {
    await createUser(t.server.ctx, {
      email: "a@example.com",
      name: "A",
      role: "agent",
      password: "agent-password-1",
    });
    const agent = await signInCookie(t.server, "a@example.com", "agent-password-1");
    expect((await request("GET", "/api/v1/whatsapp/connection", undefined, agent)).statusCode).toBe(403);
    expect((await request("POST", "/api/v1/whatsapp/test", undefined, agent)).statusCode).toBe(403);
    expect((await request("GET", "/api/v1/whatsapp/status", undefined, agent)).statusCode).toBe(200);

    const saved = await request("PUT", "/api/v1/whatsapp/connection", {
      verifyToken: "my-own-verify-token",
      businessAccountId: "123456789012345",
    });
    const view = checkedJson(t.server, saved);
    expect(view.verifyToken).toEqual({ source: "app", set: true, value: "my-own-verify-token" });
    expect(view.businessAccountId.value).toBe("123456789012345");
    expect(view.callbackUrl).toBe(`${t.url}/webhooks/whatsapp`);
    const row = await t.server.ctx.db.kysely
      .selectFrom("whatsapp_connection")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.verify_token_sealed).not.toContain("my-own-verify-token");
    // Meta's verification handshake now wants the new token.
    const handshake = (token: string) =>
      t.server.app.inject({
        method: "GET",
        url: `/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${token}`,
      });
    expect((await handshake("my-own-verify-token")).body).toBe("42");
    expect((await handshake(t.config.whatsapp.verifyToken)).statusCode).toBe(403);
    expect(
      (await request("PUT", "/api/v1/whatsapp/connection", { businessAccountId: "not a number" })).statusCode,
    ).toBe(400);
  });
});
