import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { createUser } from "../users/users.service.js";
import { buildInboundPayload, FIXTURE, type JsonObject, type WebhookPayload } from "./fixtures.js";
import { FakeGraph, postWebhook, whatsappEnv } from "./test-support.js";

// Real Cloud API traffic as an agent sees it: each kind of update through the signed webhook route, then the
// inbox API (checked against its schemas) and what the policy sent to the (fake) Graph API.

const AGENT = { email: "agent@example.com", password: "agent-password-1" };
// Wednesday 2026-11-25 12:00 in Kolkata (the default vendor time zone): inside business hours.
const NOW = "2026-11-25T06:30:00Z";
const ts = String(Date.parse(NOW) / 1000 - 60);

interface MessageOut {
  id: string;
  wamid: string | null;
  type: string;
  text: string | null;
  direction: "in" | "out";
  reactions: { emoji: string; by: string; at: string }[];
  editedAt: string | null;
  edits: { text: string | null; at: string }[];
  deletedAt: string | null;
  content: JsonObject;
  media: unknown;
  referral: { headline: string | null; ctwaClid: string | null; sourceUrl: string | null } | null;
}

interface ConversationOut {
  id: string;
  preview: string;
  lastMessagePreview: string;
  needsReply: boolean;
  numberConfigured: boolean;
  unreadCount: number;
  contact: { waId: string | null; userId: string | null; name: string | null };
}

describeEachDatabase("real WhatsApp updates, as WhatsApp shows them", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  let owner: string;
  let agent: string;
  let n = 0;
  const clock = new TestClock(new Date(NOW));

  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    clock.set(NOW);
    graph.requests.length = 0;
    graph.handlers = [];
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url), clock });
    await createUser(t.server.ctx, { ...AGENT, name: "Ana", role: "agent", language: "en" });
    owner = await signInCookie(t.server);
    agent = await signInCookie(t.server, AGENT.email, AGENT.password);
  });
  afterEach(async () => t.close());

  const id = (label: string) => `wamid.FID${label}${++n}`;
  const text = (from: string, wamid: string, body: string, extra: JsonObject = {}): JsonObject => ({
    from,
    id: wamid,
    timestamp: ts,
    type: "text",
    text: { body },
    ...extra,
  });
  async function deliver(payload: WebhookPayload | JsonObject): Promise<void> {
    const res = await postWebhook(t.server, payload);
    expect(res.statusCode, res.body).toBe(200);
    await t.server.worker!.drain();
  }
  const send = (message: JsonObject, options: Parameters<typeof buildInboundPayload>[1] = {}) =>
    deliver(buildInboundPayload(message, options));
  async function api<T>(url: string, cookie = agent): Promise<T> {
    const res = await t.server.app.inject({ method: "GET", url, headers: { cookie } });
    return checkedJson<T>(t.server, res);
  }
  async function conversationOf(waIdOrUserId: string): Promise<ConversationOut> {
    const list = await api<{ data: ConversationOut[] }>("/api/v1/conversations?limit=100");
    const found = list.data.find((c) => c.contact.waId === waIdOrUserId || c.contact.userId === waIdOrUserId);
    if (!found) throw new Error(`no conversation with ${waIdOrUserId}`);
    return found;
  }
  const thread = async (conversationId: string, cookie = agent) =>
    (await api<{ data: MessageOut[] }>(`/api/v1/conversations/${conversationId}/messages`, cookie)).data;
  const sentTo = (to: string) =>
    graph.requests
      .filter((r) => r.path.endsWith("/messages"))
      .map((r) => r.body as { to?: string; recipient?: string; type: string; text?: { body: string } })
      .filter((b) => b.to === to || b.recipient === to);

  it("shows a reaction on the message it reacts to, never as a thread item, preview or unread", async () => {
    const from = "34600300001";
    const first = id("r");
    await send(text(from, first, "Does it work with OpenCart 4?"));
    const before = await conversationOf(from);
    const greetings = sentTo(from).length;
    await send({
      from,
      id: id("r"),
      timestamp: ts,
      type: "reaction",
      reaction: { message_id: first, emoji: "👍" },
    });

    const c = await conversationOf(from);
    expect(c.preview).toBe("Does it work with OpenCart 4?");
    expect(c.unreadCount).toBe(before.unreadCount);
    const items = await thread(c.id);
    const inbound = items.filter((m) => m.direction === "in");
    expect(inbound.map((m) => m.wamid)).toEqual([first]);
    expect(inbound[0]!.reactions).toEqual([{ emoji: "👍", by: "customer", at: expect.any(String) }]);
    expect(sentTo(from)).toHaveLength(greetings); // a reaction never gets an automatic reply

    // The customer changes it, then takes it away (an empty emoji).
    await send({
      from,
      id: id("r"),
      timestamp: ts,
      type: "reaction",
      reaction: { message_id: first, emoji: "❤️" },
    });
    expect((await thread(c.id)).find((m) => m.wamid === first)!.reactions.map((r) => r.emoji)).toEqual(["❤️"]);
    await send({
      from,
      id: id("r"),
      timestamp: ts,
      type: "reaction",
      reaction: { message_id: first, emoji: "" },
    });
    expect((await thread(c.id)).find((m) => m.wamid === first)!.reactions).toEqual([]);
  });

  it("changes an edited message's text and keeps the earlier ones; a revoke hides it from all but the owner", async () => {
    const from = "34600300002";
    const original = id("e");
    await send(text(from, original, "I want 2 licenses"));
    await send({
      from,
      id: id("e"),
      timestamp: ts,
      type: "edit",
      edit: { original_message_id: original, message: { type: "text", text: { body: "I want 3 licenses" } } },
    });
    const c = await conversationOf(from);
    expect(c.preview).toBe("I want 3 licenses");
    let [edited] = (await thread(c.id)).filter((m) => m.direction === "in");
    expect(edited).toMatchObject({
      wamid: original,
      text: "I want 3 licenses",
      editedAt: expect.any(String),
    });
    expect(edited!.edits).toEqual([{ text: "I want 2 licenses", at: expect.any(String) }]);
    expect((await thread(c.id)).filter((m) => m.direction === "in")).toHaveLength(1);

    await send({
      from,
      id: id("e"),
      timestamp: ts,
      type: "revoke",
      revoke: { original_message_id: original },
    });
    [edited] = (await thread(c.id)).filter((m) => m.direction === "in");
    expect(edited).toMatchObject({ deletedAt: expect.any(String), text: null, content: {}, edits: [] });
    const [forOwner] = (await thread(c.id, owner)).filter((m) => m.direction === "in");
    expect(forOwner).toMatchObject({ deletedAt: expect.any(String), text: "I want 3 licenses" });
    expect((await conversationOf(from)).preview).toBe("[revoked]");
  });

  it("keeps a sender known only by a business-scoped user id, and replies to that id", async () => {
    const userId = "US.13491208655302741918";
    await send(
      { from_user_id: userId, id: id("u"), timestamp: ts, type: "text", text: { body: "Hello" } },
      { contact: { userId, name: "Marta", username: "@marta.shop" } },
    );
    const c = await conversationOf(userId);
    expect(c.contact).toMatchObject({ waId: null, userId, name: "Marta" });
    expect((await thread(c.id)).filter((m) => m.direction === "in").map((m) => m.text)).toEqual(["Hello"]);
    // The greeting went to the user id, in `recipient` (no phone number to put in `to`).
    const greeting = sentTo(userId);
    expect(greeting.length).toBeGreaterThan(0);
    expect(greeting[0]).not.toHaveProperty("to");
  });

  it("moves a contact to its new number on a number change, keeping the history, greeting no one", async () => {
    const oldNumber = "34600300003";
    const newNumber = "34600300993";
    await send(text(oldNumber, id("n"), "Hi, a question about the filter module"));
    const before = await conversationOf(oldNumber);
    const sent = graph.requests.length;
    await send({
      from: oldNumber,
      id: id("n"),
      timestamp: ts,
      type: "system",
      system: {
        body: `Lucía changed from ${oldNumber} to ${newNumber}`,
        wa_id: newNumber,
        type: "user_changed_number",
      },
    });
    expect(graph.requests.length).toBe(sent);
    const after = await conversationOf(newNumber);
    expect(after.id).toBe(before.id);
    expect(after.contact.waId).toBe(newNumber);
    expect(after.preview).toBe("Hi, a question about the filter module");
    const items = await thread(after.id);
    expect(items.filter((m) => m.direction === "in").map((m) => m.type)).toEqual(["text", "system"]);
    // The customer's next message, from the new number, lands in the same conversation.
    await send(text(newNumber, id("n"), "Still there?"));
    expect((await conversationOf(newNumber)).id).toBe(before.id);
  });

  it("shows a click-to-WhatsApp ad lead's ad and greets it as pre-sales, never redirecting", async () => {
    const from = "34600300004";
    const referral = {
      source_url: "https://fb.me/3cr4Wqqkv",
      source_id: "120213456789",
      source_type: "ad",
      headline: "Advanced filters for OpenCart",
      body: "Write to us on WhatsApp",
      media_type: "image",
      ctwa_clid: "ARAkLkA8rmlFeiCktEJQ",
    };
    // Words that would otherwise read as a post-purchase support question.
    await send(text(from, id("a"), "I bought the module and it shows an error", { referral }));
    const c = await conversationOf(from);
    const [lead] = (await thread(c.id)).filter((m) => m.direction === "in");
    expect(lead!.referral).toMatchObject({
      headline: "Advanced filters for OpenCart",
      sourceUrl: "https://fb.me/3cr4Wqqkv",
      ctwaClid: "ARAkLkA8rmlFeiCktEJQ",
    });
    const replies = sentTo(from);
    expect(replies.map((r) => r.type)).toEqual(["interactive"]); // the greeting with its buttons
    expect(c.needsReply).toBe(true);

    const report = await api<{ series: { adLeads: { adId: string; headline: string; leads: number }[] } }>(
      "/api/v1/reports?from=2026-11-01&to=2026-11-30",
    );
    expect(report.series.adLeads).toEqual([
      expect.objectContaining({ adId: "120213456789", headline: "Advanced filters for OpenCart", leads: 1 }),
    ]);
  });

  it("stores a message to a number that is not configured, shows it with a warning, sends nothing", async () => {
    const from = "34600300005";
    await send(text(from, id("x"), "Hello"), {
      phoneNumberId: "999000111222",
      displayPhoneNumber: "15550001",
    });
    const c = await conversationOf(from);
    expect(c.numberConfigured).toBe(false);
    expect((await thread(c.id)).map((m) => m.text)).toEqual(["Hello"]);
    expect(graph.requests).toHaveLength(0);
  });

  it("never starts a conversation on a system notice, reaction, edit, revoke, status, unsupported or error", async () => {
    const from = "34600300006";
    const target = "wamid.FIDunknowntarget";
    const elements: JsonObject[] = [
      {
        from,
        id: id("q"),
        timestamp: ts,
        type: "system",
        system: { body: "changed", type: "customer_identity_changed" },
      },
      { from, id: id("q"), timestamp: ts, type: "reaction", reaction: { message_id: target, emoji: "👍" } },
      {
        from,
        id: id("q"),
        timestamp: ts,
        type: "edit",
        edit: { original_message_id: target, message: { type: "text", text: { body: "x" } } },
      },
      { from, id: id("q"), timestamp: ts, type: "revoke", revoke: { original_message_id: target } },
      {
        from,
        id: id("q"),
        timestamp: ts,
        type: "unsupported",
        unsupported: { type: "poll" },
        errors: [{ code: 131051, title: "Message type unknown", message: "Message type unknown" }],
      },
    ];
    for (const element of elements) await send(element);
    await deliver({
      object: "whatsapp_business_account",
      entry: [
        {
          id: FIXTURE.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: FIXTURE.presales.displayPhoneNumber,
                  phone_number_id: FIXTURE.presales.phoneNumberId,
                },
                statuses: [{ id: "wamid.FIDnobody", status: "delivered", timestamp: ts, recipient_id: from }],
                errors: [{ code: 131042, title: "Business eligibility payment issue" }],
              },
            },
          ],
        },
      ],
    });
    expect(graph.requests).toHaveLength(0);
  });

  it("greets greetings and ad-click openers as pre-sales", async () => {
    for (const [i, opener] of ["Hello", "Hi from an ad click!", "Hola, vi su anuncio"].entries()) {
      const from = `3460030010${i}`;
      await send(text(from, id("g"), opener));
      const replies = sentTo(from);
      expect(
        replies.map((r) => r.type),
        opener,
      ).toEqual(["interactive"]);
      expect((await conversationOf(from)).needsReply, opener).toBe(true);
    }
  });

  it("keeps the order of the messages of one webhook that share a second", async () => {
    const from = "34600300007";
    const bodies = Array.from({ length: 12 }, (_, i) => `part ${i + 1}`);
    await deliver({
      object: "whatsapp_business_account",
      entry: [
        {
          id: FIXTURE.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: FIXTURE.presales.displayPhoneNumber,
                  phone_number_id: FIXTURE.presales.phoneNumberId,
                },
                contacts: [{ profile: { name: "Order" }, wa_id: from }],
                messages: bodies.map((body) => text(from, id("o"), body)),
              },
            },
          ],
        },
      ],
    });
    const c = await conversationOf(from);
    const inbound = (await thread(c.id)).filter((m) => m.direction === "in");
    expect(inbound.map((m) => m.text)).toEqual(bodies);
  });

  it("stores the rest of a batch when one element carries deep or odd JSON", async () => {
    const from = "34600300008";
    // 5,000 levels, written out by hand: too deep for JSON.stringify here, not for Meta to send.
    const deep = `${'{"d":'.repeat(5000)}{"leaf":true}${"}".repeat(5000)}`;
    const odd = {
      ...text(from, id("j"), "odd"),
      extra: "DEEP",
      text: { body: "odd", nested: [[[[{ x: null }]]]] },
    };
    const broken = { from, id: id("j"), timestamp: ts, type: "text", text: { body: { not: "a string" } } };
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: FIXTURE.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: FIXTURE.presales.displayPhoneNumber,
                  phone_number_id: FIXTURE.presales.phoneNumberId,
                },
                contacts: [{ profile: { name: "Odd" }, wa_id: from }],
                messages: [odd, broken, text(from, id("j"), "after")],
              },
            },
          ],
        },
      ],
    });
    const res = await postWebhook(t.server, null, { raw: body.replace('"DEEP"', deep) });
    expect(res.statusCode).toBe(200);
    const c = await conversationOf(from);
    const texts = (await thread(c.id)).filter((m) => m.direction === "in").map((m) => m.text);
    expect(texts).toContain("odd");
    expect(texts).toContain("after");
  });
});
