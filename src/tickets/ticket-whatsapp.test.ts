import { afterEach, beforeEach, expect, it } from "vitest";
import { type BillingTest, call, settle, startBillingServer } from "../billing/billing.test-support.js";
import { randomToken } from "../platform/ids.js";
import { describeEachDatabase, signInCookie, TestClock } from "../test/harness.js";
import { buildTextPayload, FIXTURE } from "../whatsapp/fixtures.js";
import { type GraphRequest, postWebhook } from "../whatsapp/test-support.js";
import { buildPortalWorld } from "./tickets.factories.js";

// A ticket opened from a WhatsApp conversation: the agent's answer is announced to the customer on WhatsApp
// too, window-aware like every automatic message (a message inside the 24-hour window; outside it the
// approved template, or held until the customer writes). Observed at the Graph API stand-in.

function sentTexts(requests: GraphRequest[]): string[] {
  return requests
    .filter((r) => r.method === "POST" && r.path.endsWith("/messages"))
    .map((r) => (r.body as { text?: { body: string } }).text?.body ?? "")
    .filter((text) => text !== "");
}

describeEachDatabase("ticket answers on WhatsApp", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function aliceWrites(waId: string, text: string) {
    const res = await postWebhook(
      t.server,
      buildTextPayload({
        ...FIXTURE.presales,
        from: waId,
        name: "Alice Shop",
        wamid: `wamid.T${randomToken(20)}`,
        text,
        timestamp: t.clock.now(),
      }),
    );
    expect(res.statusCode).toBe(200);
    await settle(t);
  }

  async function ticketFromConversation() {
    const world = await buildPortalWorld(t.server.ctx);
    const waId = `3469${randomToken(4).replace(/\D/g, "7").padEnd(7, "1").slice(0, 7)}`;
    await aliceWrites(waId, "I bought Mega Filter PRO and the filter page is blank");
    const list = await call(t, "GET", "/api/v1/conversations");
    const conversationId = (list.body.data as { id: string }[])[0]!.id;
    const ticket = await call(t, "POST", "/api/v1/tickets", {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "product_problem",
      subject: "Blank filter page",
      description: "Copied from WhatsApp.",
      fromConversationId: conversationId,
    });
    expect(ticket.status).toBe(201);
    return { waId, conversationId, ticket: ticket.body as { id: string; number: number } };
  }

  it("announces an agent's answer in the conversation inside the window, with the ticket's portal link", async () => {
    const { ticket } = await ticketFromConversation();
    t.graph.requests.length = 0;
    const reply = await call(t, "POST", `/api/v1/tickets/${ticket.id}/replies`, { text: "Clear the cache." });
    expect(reply.status).toBe(201);
    await settle(t);
    const texts = sentTexts(t.graph.requests);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(`#${ticket.number}`);
    expect(texts[0]).toContain(`${t.server.ctx.config.publicUrl}/support/tickets/${ticket.id}?lang=en`);

    // An internal note says nothing to the customer.
    t.graph.requests.length = 0;
    await call(t, "POST", `/api/v1/tickets/${ticket.id}/replies`, {
      text: "Looks like PHP 8",
      internal: true,
    });
    await settle(t);
    expect(sentTexts(t.graph.requests)).toEqual([]);
  });

  it("holds the notice outside the window with no approved template, and sends it once the customer writes", async () => {
    const { waId, conversationId, ticket } = await ticketFromConversation();
    t.clock.advance(26 * 3600_000);
    t.cookie = await signInCookie(t.server);
    t.graph.requests.length = 0;
    expect(
      (await call(t, "POST", `/api/v1/tickets/${ticket.id}/replies`, { text: "Fixed it." })).status,
    ).toBe(201);
    await settle(t);
    expect(sentTexts(t.graph.requests)).toEqual([]);
    const thread = await call(t, "GET", `/api/v1/conversations/${conversationId}/messages`);
    const held = (
      thread.body.data as { status: string; text: string | null; errorReason: string | null }[]
    ).filter((m) => m.status === "held");
    expect(held).toHaveLength(1);
    expect(held[0]?.text).toContain(`#${ticket.number}`);
    expect(held[0]?.errorReason).toMatch(/no approved template/);

    await aliceWrites(waId, "Any news?");
    await settle(t);
    expect(sentTexts(t.graph.requests).filter((text) => text.includes(`#${ticket.number}`))).toHaveLength(1);
  });
});
