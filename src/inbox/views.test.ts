import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays } from "../policy/policy.test-support.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";
import { whatsappEnv } from "../whatsapp/test-support.js";

// Issue 14, triage: counts per inbox view (server side, premium counted only for those who see it) and the
// waiting view's order, the longest-waiting customer first, paged.

type Counts = Record<string, { conversations: number; unread: number }>;

describeEachDatabase("inbox view counts and the oldest-waiting-first order", (dialect) => {
  let t: TestServer;
  let owner: string;
  let agent: string;
  const clock = new TestClock(new Date("2026-11-25T08:00:00Z"));
  const http = testHttp(() => t.server);

  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false, clock });
    owner = await signInCookie(t.server);
    await createUser(t.server.ctx, {
      email: "agent@example.com",
      name: "Ana Agent",
      password: "agent-password-1",
      role: "agent",
    });
    agent = await signInCookie(t.server, "agent@example.com", "agent-password-1");
    for (const [from, minute] of [
      ["34600000001", 0],
      ["34600000002", 1],
      ["34600000003", 2],
      ["34600000001", 3],
    ] as const) {
      clock.set(`2026-11-25T08:0${minute}:00Z`);
      await customerSays(t.server, `question at minute ${minute}`, { from });
    }
    clock.set("2026-11-25T08:04:00Z");
    await customerSays(t.server, "premium question", { from: "34600000009", line: "premium" });
  });
  afterAll(async () => t?.close());

  async function counts(as: string): Promise<Counts> {
    const res = await http.get("/api/v1/conversations/counts", as);
    expect(res.statusCode).toBe(200);
    const data = res.json().data as { view: string; conversations: number; unread: number }[];
    return Object.fromEntries(
      data.map((d) => [d.view, { conversations: d.conversations, unread: d.unread }]),
    );
  }
  async function list(
    query: string,
  ): Promise<{ waIds: string[]; nextAfter: string | null; nextBefore: string | null }> {
    const res = await http.get(`/api/v1/conversations${query}`, owner);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: { contact: { waId: string } }[];
      nextAfter: string | null;
      nextBefore: string | null;
    };
    return {
      waIds: body.data.map((c) => c.contact.waId),
      nextAfter: body.nextAfter,
      nextBefore: body.nextBefore,
    };
  }

  it("lists the longest-waiting customer first in the waiting order, and pages it", async () => {
    const recent = await list("?role=presales");
    expect(recent.waIds).toEqual(["34600000001", "34600000003", "34600000002"]);

    const first = await list("?role=presales&state=waiting&order=waiting&limit=2");
    expect(first.waIds).toEqual(["34600000002", "34600000003"]);
    expect(first.nextBefore).toBeNull();
    expect(first.nextAfter).toBe("2026-11-25T08:02:00.000Z");
    const second = await list(`?role=presales&state=waiting&order=waiting&limit=2&after=${first.nextAfter}`);
    expect(second.waIds).toEqual(["34600000001"]);
    expect(second.nextAfter).toBeNull();

    expect((await http.get("/api/v1/conversations?order=oldest", owner)).statusCode).toBe(400);
    expect((await http.get("/api/v1/conversations?after=yesterday", owner)).statusCode).toBe(400);
  });

  it("counts each view's conversations and unread ones, premium only for those who may see it", async () => {
    const before = await counts(owner);
    expect(before.all).toEqual({ conversations: 4, unread: 4 });
    expect(before.waiting).toEqual({ conversations: 4, unread: 4 });
    expect(before.needsReply).toEqual({ conversations: 4, unread: 4 });
    expect(before.unassigned).toEqual({ conversations: 4, unread: 4 });
    expect(before.mine).toEqual({ conversations: 0, unread: 0 });
    expect(before.closed).toEqual({ conversations: 0, unread: 0 });
    expect((await counts(agent)).all).toEqual({ conversations: 3, unread: 3 });

    const ids = (await http.get("/api/v1/conversations?role=presales", owner)).json().data as {
      id: string;
    }[];
    const [a, b, c] = ids.map((x) => x.id) as [string, string, string];
    const me = (await http.get("/api/v1/session", owner)).json() as { user: { id: string } };
    expect(
      (await http.post(`/api/v1/conversations/${a}/assign`, owner, { assigneeId: me.user.id })).statusCode,
    ).toBe(200);
    expect((await http.post(`/api/v1/conversations/${b}/read`, owner)).statusCode).toBeLessThan(300);
    expect((await http.post(`/api/v1/conversations/${c}/close`, owner)).statusCode).toBe(200);

    const after = await counts(owner);
    expect(after.all).toEqual({ conversations: 4, unread: 3 });
    expect(after.mine).toEqual({ conversations: 1, unread: 1 });
    expect(after.unassigned).toEqual({ conversations: 3, unread: 2 });
    expect(after.closed).toEqual({ conversations: 1, unread: 1 });
    expect(after.waiting?.conversations).toBe(3);
    // The agent's own view is theirs: the owner's assignment is not in it.
    expect((await counts(agent)).mine).toEqual({ conversations: 0, unread: 0 });
    expect((await http.request("GET", "/api/v1/conversations/counts", {})).statusCode).toBe(401);
  });
});
