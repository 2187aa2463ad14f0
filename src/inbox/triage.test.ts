import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { buildTextPayload } from "../whatsapp/fixtures.js";
import { FakeGraph, postWebhook, whatsappEnv } from "../whatsapp/test-support.js";

// The inbox list's triage fields (preview, needsReply and its filter) and an agent's reactions, through the
// real routes on both databases.

const NOW = "2026-11-25T06:30:00Z";

interface Item {
  id: string;
  preview: string;
  lastMessagePreview: string;
  needsReply: boolean;
  contact: { waId: string | null };
}

describeEachDatabase("inbox triage and reactions", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  let owner: string;
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
    owner = await signInCookie(t.server);
  });
  afterEach(async () => t.close());

  async function says(from: string, text: string): Promise<string> {
    const wamid = `wamid.TRI${++n}`;
    const res = await postWebhook(
      t.server,
      buildTextPayload({
        from,
        wamid,
        text,
        name: "Cliente",
        timestamp: new Date(Date.parse(NOW) - 60_000 + n),
      }),
    );
    expect(res.statusCode).toBe(200);
    await t.server.worker!.drain();
    return wamid;
  }
  async function call<T>(method: "GET" | "POST", url: string, payload?: unknown) {
    const res = await t.server.app.inject({
      method,
      url,
      headers: { cookie: owner, ...(payload !== undefined && { "content-type": "application/json" }) },
      ...(payload !== undefined && { payload: JSON.stringify(payload) }),
    });
    return {
      status: res.statusCode,
      body: res.statusCode < 300 ? checkedJson<T>(t.server, res) : res.json(),
    };
  }
  const list = async (query = "") =>
    (await call<{ data: Item[] }>("GET", `/api/v1/conversations?limit=100${query}`)).body.data as Item[];
  const itemOf = async (from: string) => (await list()).find((c) => c.contact.waId === from)!;

  it("previews the customer's last message and needs a reply until a human answers", async () => {
    const from = "34600400001";
    await says(from, "Does the filter module work with OpenCart 4?");
    let item = await itemOf(from);
    // The greeting went out: it is the last message, but the preview stays the customer's.
    expect(item.lastMessagePreview).not.toBe(item.preview);
    expect(item.preview).toBe("Does the filter module work with OpenCart 4?");
    expect(item.needsReply).toBe(true);
    expect((await list("&needsReply=true")).map((c) => c.id)).toContain(item.id);

    const reply = await call("POST", `/api/v1/conversations/${item.id}/messages`, { text: "Yes, it does." });
    expect(reply.status).toBe(201);
    item = await itemOf(from);
    expect(item.needsReply).toBe(false);
    expect(item.preview).toBe("Does the filter module work with OpenCart 4?");
    expect((await list("&needsReply=true")).map((c) => c.id)).not.toContain(item.id);
    expect((await list("&needsReply=false")).map((c) => c.id)).toContain(item.id);

    await says(from, "And with PHP 8.3?");
    item = await itemOf(from);
    expect(item).toMatchObject({ preview: "And with PHP 8.3?", needsReply: true });
  });

  it("needs no reply once an automatic redirect fully answers a post-purchase question", async () => {
    const from = "34600400002";
    await says(from, "I bought the module last month and it shows an error after updating, please help");
    const item = await itemOf(from);
    expect(item.needsReply).toBe(false);
  });

  it("refuses a bad needsReply filter with a 400", async () => {
    const res = await call("GET", "/api/v1/conversations?needsReply=maybe");
    expect(res.status).toBe(400);
  });

  it("lets an agent react to a message and take the reaction back, through the Cloud API reaction type", async () => {
    const from = "34600400003";
    const wamid = await says(from, "Thanks, it works now!");
    const item = await itemOf(from);
    const thread = async () =>
      (
        await call<{
          data: { id: string; wamid: string | null; reactions: { emoji: string; by: string }[] }[];
        }>("GET", `/api/v1/conversations/${item.id}/messages`)
      ).body.data as { id: string; wamid: string | null; reactions: { emoji: string; by: string }[] }[];
    const before = await thread();
    const target = before.find((m) => m.wamid === wamid)!;

    const reacted = await call<{ reactions: { emoji: string; by: string }[] }>(
      "POST",
      `/api/v1/conversations/${item.id}/messages/${target.id}/reactions`,
      { emoji: "👍" },
    );
    expect(reacted.status).toBe(200);
    expect(reacted.body.reactions).toEqual([expect.objectContaining({ emoji: "👍", by: "agent" })]);
    await t.server.worker!.drain();
    const sent = graph.requests.map((r) => r.body as { type: string; reaction?: unknown; to?: string });
    expect(sent.filter((b) => b.type === "reaction")).toEqual([
      expect.objectContaining({ to: from, reaction: { message_id: wamid, emoji: "👍" } }),
    ]);
    const after = await thread();
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id)); // no new thread item
    expect(after.find((m) => m.id === target.id)!.reactions).toEqual([
      expect.objectContaining({ emoji: "👍", by: "agent" }),
    ]);
    expect((await itemOf(from)).preview).toBe("Thanks, it works now!");

    const removed = await call<{ reactions: unknown[] }>(
      "POST",
      `/api/v1/conversations/${item.id}/messages/${target.id}/reactions`,
      { emoji: "" },
    );
    expect(removed.body.reactions).toEqual([]);
  });

  it("refuses a reaction that is not an emoji (400) or to a message of another conversation (404)", async () => {
    const a = "34600400004";
    const b = "34600400005";
    await says(a, "Hello");
    const wamidB = await says(b, "Hello too");
    const itemA = await itemOf(a);
    const itemB = await itemOf(b);
    const threadB = await call<{ data: { id: string; wamid: string | null }[] }>(
      "GET",
      `/api/v1/conversations/${itemB.id}/messages`,
    );
    const messageB = (threadB.body.data as { id: string; wamid: string | null }[]).find(
      (m) => m.wamid === wamidB,
    )!;
    const url = (c: string, m: string) => `/api/v1/conversations/${c}/messages/${m}/reactions`;
    expect((await call("POST", url(itemB.id, messageB.id), { emoji: "great" })).status).toBe(400);
    expect((await call("POST", url(itemA.id, messageB.id), { emoji: "👍" })).status).toBe(404);
  });
});
