import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { batchPayload, buildInboundPayload, type JsonObject, statusesPayload } from "./fixtures.js";
import { allMessageFixtures, EXPECTED } from "./fixtures.updates.js";
import { FakeGraph, postWebhook, whatsappEnv } from "./test-support.js";

// Every message type of the fixtures, each as a new contact's first message through the signed webhook route:
// stored, shown by the thread API (a thread item or not, with its text), and answered by the policy or not.

describeEachDatabase("every documented webhook message, end to end", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  let cookie: string;
  const clock = new TestClock(new Date("2026-11-25T12:00:30Z"));

  beforeAll(async () => {
    graph = await new FakeGraph().start();
    clock.set("2026-11-25T12:00:30Z");
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url), clock });
    cookie = await signInCookie(t.server);
  });
  afterAll(async () => {
    await t.close();
    await graph.stop();
  });
  beforeEach(() => {
    graph.handlers = [];
  });
  afterEach(() => {
    graph.requests.length = 0;
  });

  const names = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];

  it.each(names.map((name, i) => [name, i] as const))("%s", async (name, i) => {
    const from = `3460050${String(i).padStart(4, "0")}`;
    const id = `wamid.FIX${dialect}${i}`;
    const message: JsonObject = { ...allMessageFixtures[name], from, id };
    const res = await postWebhook(t.server, buildInboundPayload(message, { contact: { waId: from, name } }));
    expect(res.statusCode).toBe(200);
    await t.server.worker!.drain();

    const stored = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .select(["type", "raw"])
      .where("wamid", "=", id)
      .executeTakeFirst();
    expect(stored?.type).toBe(message.type);
    expect(JSON.parse(stored!.raw)).toEqual(message);

    const list = checkedJson<{ data: { id: string; contact: { waId: string } }[] }>(
      t.server,
      await t.server.app.inject({
        method: "GET",
        url: "/api/v1/conversations?limit=100",
        headers: { cookie },
      }),
    );
    // A number change moves the contact to its new number.
    const moved = (message.system as { wa_id?: string } | undefined)?.wa_id;
    const conversation =
      list.data.find((c) => c.contact.waId === from) ?? list.data.find((c) => c.contact.waId === moved)!;
    const thread = checkedJson<{ data: { direction: string; wamid: string; text: string | null }[] }>(
      t.server,
      await t.server.app.inject({
        method: "GET",
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: { cookie },
      }),
    );
    const inbound = thread.data.filter((m) => m.direction === "in");
    const expected = EXPECTED[name];
    if (expected.item) {
      expect(inbound).toEqual([expect.objectContaining({ wamid: id, text: expected.text ?? null })]);
    } else {
      expect(inbound).toEqual([]);
    }
    const replies = graph.requests.filter((r) => {
      const body = r.body as { to?: string };
      return r.path.endsWith("/messages") && body.to === from;
    });
    expect(replies.length > 0, `answered: ${replies.map((r) => JSON.stringify(r.body)).join()}`).toBe(
      expected.answered,
    );
  });

  it("stores a body of several entries and changes, messages and statuses, in one go", async () => {
    const res = await postWebhook(t.server, batchPayload);
    expect(res.statusCode).toBe(200);
    const res2 = await postWebhook(t.server, statusesPayload);
    expect(res2.statusCode).toBe(200);
    const wamids = batchPayload.entry.flatMap((e) =>
      e.changes.flatMap((c) => ((c.value.messages as { id: string }[] | undefined) ?? []).map((m) => m.id)),
    );
    const rows = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .select("wamid")
      .where("wamid", "in", wamids)
      .execute();
    expect(rows).toHaveLength(wamids.length);
  });
});
