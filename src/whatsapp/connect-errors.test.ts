import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { buildTextPayload, FIXTURE } from "./fixtures.js";
import { ACCESS_TOKEN, FakeGraph, graphError, postWebhook, whatsappEnv } from "./test-support.js";
import type { WhatsAppStatusView } from "./whatsapp.schema.js";

// The connection against a Graph API stand-in that answers with Meta's documented errors: the owner reads
// what is wrong in words, with Meta's code, and nothing pretends to work.

const WABA = "987654321098765";

describeEachDatabase("Settings → WhatsApp with Meta's errors", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  let owner: string;
  let clock: TestClock;
  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    graph.requests.length = 0;
    graph.handlers = [];
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, {
      clock,
      env: {
        ...whatsappEnv(graph.url),
        WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
        WHATSAPP_PRESALES_NUMBER: "+34 600 111 222",
        WHATSAPP_BUSINESS_ACCOUNT_ID: WABA,
      },
    });
    owner = await signInCookie(t.server);
  });
  afterEach(async () => t.close());

  const post = (url: string, body: unknown = {}) =>
    t.server.app.inject({
      method: "POST",
      url,
      headers: { cookie: owner, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
  const test = async () => checkedJson<WhatsAppStatusView>(t.server, await post("/api/v1/whatsapp/test"));

  it("reads the numbers with the bearer token and the documented fields", async () => {
    graph.handlers.push((req) => {
      if (req.method !== "GET") return undefined;
      if (req.path.startsWith(`/v23.0/${FIXTURE.presales.phoneNumberId}?`))
        return {
          status: 200,
          body: {
            display_phone_number: "+34 600 111 222",
            verified_name: "HuntBee",
            quality_rating: "YELLOW",
            messaging_limit_tier: "TIER_10K",
            name_status: "APPROVED",
            id: FIXTURE.presales.phoneNumberId,
          },
        };
      if (req.path.includes("whatsapp_business_profile"))
        return { status: 200, body: { data: [{ about: "Old text", messaging_product: "whatsapp" }] } };
      return undefined;
    });
    const status = await test();
    expect(status.numbers[0]).toMatchObject({
      qualityRating: "YELLOW",
      messagingLimitTier: "TIER_10K",
      about: "Old text",
      aboutSynced: false,
      error: null,
    });
    const read = graph.requests.find((r) => r.path.startsWith(`/v23.0/${FIXTURE.presales.phoneNumberId}?`));
    expect(read?.path).toContain(
      "fields=display_phone_number,verified_name,quality_rating,messaging_limit_tier,name_status",
    );
    expect(read?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(status.problems.some((p) => p.includes("YELLOW"))).toBe(true);
  });

  it("says the token expired (190), a permission is missing (200 and 10), or an id is wrong (100)", async () => {
    graph.handlers.push(() => graphError(401, 190, "Error validating access token: Session has expired"));
    expect((await test()).numbers[0]?.error).toMatchObject({
      code: 190,
      message: expect.stringMatching(/access token.*Meta 190/),
    });

    graph.handlers = [() => graphError(403, 200, "Permissions error")];
    expect((await test()).numbers[0]?.error).toMatchObject({
      code: 200,
      message: expect.stringMatching(/permission.*Meta 200/),
    });

    graph.handlers = [() => graphError(403, 10, "Application does not have permission for this action")];
    expect((await test()).numbers[0]?.error?.message).toMatch(/whatsapp_business_management.*Meta 10/);

    graph.handlers = [
      () => ({
        status: 400,
        body: {
          error: {
            message: `Unsupported get request. Object with ID '${FIXTURE.presales.phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
            type: "GraphMethodException",
            code: 100,
            error_subcode: 33,
          },
        },
      }),
    ];
    const wrong = await test();
    expect(wrong.numbers[0]?.error?.message).toMatch(
      new RegExp(`${FIXTURE.presales.phoneNumberId}.*Meta 100`),
    );
    expect(wrong.problems[0]).toMatch(/Official/);
  });

  it("answers 422 with Meta's words when subscribing or syncing templates is refused", async () => {
    graph.handlers.push(() => graphError(403, 200, "Permissions error"));
    const subscribe = await post("/api/v1/whatsapp/subscribe");
    expect(subscribe.statusCode).toBe(422);
    expect(subscribe.json().error).toMatchObject({
      code: "whatsapp_rejected",
      message: expect.stringMatching(/Meta 200/),
    });
    expect(graph.requests.at(-1)?.path).toBe(`/v23.0/${WABA}/subscribed_apps`);

    graph.handlers = [() => graphError(401, 190, "Invalid OAuth access token")];
    const sync = await post("/api/v1/whatsapp/templates/sync");
    expect(sync.statusCode).toBe(422);
    expect(sync.json().error.message).toMatch(/Meta 190/);
  });

  it("locks credentials set in the environment", async () => {
    const res = await t.server.app.inject({
      method: "PUT",
      url: "/api/v1/whatsapp/connection",
      headers: { cookie: owner, "content-type": "application/json" },
      payload: JSON.stringify({ accessToken: "another-token" }),
    });
    expect(res.statusCode).toBe(409);
    const view = checkedJson(
      t.server,
      await t.server.app.inject({
        method: "GET",
        url: "/api/v1/whatsapp/connection",
        headers: { cookie: owner },
      }),
    );
    expect(view.accessToken).toEqual({ source: "env", set: true });
    expect(view.businessAccountId).toMatchObject({ source: "env", value: WABA });
  });

  it("fails a template send WhatsApp refuses (132001) with the reason in words", async () => {
    graph.handlers.push((req) =>
      req.method === "GET" && req.path.includes("/message_templates")
        ? {
            status: 200,
            body: {
              data: [
                {
                  id: "1",
                  name: "order_update",
                  language: "en",
                  status: "APPROVED",
                  category: "UTILITY",
                  components: [{ type: "BODY", text: "Hello {{1}}, your order is on its way. Thanks!" }],
                },
              ],
            },
          }
        : undefined,
    );
    expect((await post("/api/v1/whatsapp/templates/sync")).statusCode).toBe(200);
    const { conversationId } = await quietConversation();
    graph.handlers.unshift((req) =>
      req.method === "POST" && req.path.endsWith("/messages")
        ? graphError(404, 132001, "Template name does not exist in the translation")
        : undefined,
    );
    const sent = await post(`/api/v1/conversations/${conversationId}/messages`, {
      template: { name: "order_update", language: "en", parameters: ["Ana"] },
    });
    expect(sent.statusCode).toBe(201);
    await t.server.worker!.drain();
    const thread = await t.server.app.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: { cookie: owner },
    });
    const failed = thread.json().data.find((m: { type: string }) => m.type === "template");
    expect(failed).toMatchObject({ errorCode: 132001, text: "Hello Ana, your order is on its way. Thanks!" });
    expect(failed.errorReason).toMatch(/does not exist or is not approved/);
  });

  /** A conversation whose customer last wrote two days ago. */
  async function quietConversation(): Promise<{ conversationId: string }> {
    const res = await postWebhook(
      t.server,
      buildTextPayload({
        phoneNumberId: FIXTURE.presales.phoneNumberId,
        wamid: "wamid.QUIET0001",
        from: "34611000999",
        name: "Ana",
        text: "Hello",
        timestamp: clock.now(),
      }),
    );
    expect(res.statusCode).toBe(200);
    await t.server.worker!.drain();
    clock.advance(48 * 3600_000);
    owner = await signInCookie(t.server);
    const list = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/conversations",
      headers: { cookie: owner },
    });
    const conversation = list.json().data[0] as { id: string; window: { open: boolean } };
    expect(conversation.window.open).toBe(false);
    return { conversationId: conversation.id };
  }
});
