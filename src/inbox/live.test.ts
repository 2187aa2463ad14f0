import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { signInCookie, type TestServer } from "../test/harness.js";
import { startListeningServer } from "../test/listen.js";
import { createUser } from "../users/users.service.js";

/** Reads a Server-Sent Events stream, event by event. */
async function openStream(url: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: { type: string; data: unknown }[] = [];
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) });
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    events,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

describe("GET /api/v1/events", () => {
  let t: TestServer & { url: string };
  let owner: string;
  let agent: string;
  let agentId: string;

  beforeAll(async () => {
    t = await startListeningServer("sqlite", { worker: false });
    owner = await signInCookie(t.server);
    agentId = (
      await createUser(t.server.ctx, {
        email: "a@example.com",
        name: "Agent",
        password: "agent-password-1",
        role: "agent",
      })
    ).id;
    agent = await signInCookie(t.server, "a@example.com", "agent-password-1");
  });
  afterAll(async () => t?.close());

  it("refuses anonymous callers", async () => {
    const res = await fetch(`${t.url}/api/v1/events`);
    expect(res.status).toBe(401);
  });

  it("streams events live, premium-audience ones only to the owner and agents the owner allows", async () => {
    const ownerStream = await openStream(`${t.url}/api/v1/events`, owner);
    const agentStream = await openStream(`${t.url}/api/v1/events`, agent);
    expect(ownerStream.status).toBe(200);
    expect(ownerStream.contentType).toContain("text/event-stream");

    t.server.ctx.events.publish({
      type: "message.created",
      audience: "agents",
      data: { conversationId: "c1" },
    });
    t.server.ctx.events.publish({
      type: "message.created",
      audience: "premium",
      data: { conversationId: "p1" },
    });
    await expect.poll(() => ownerStream.events.length).toBe(2);
    await expect.poll(() => agentStream.events.length).toBe(1);
    expect(agentStream.events[0]).toEqual({ type: "message.created", data: { conversationId: "c1" } });

    await updateSettings(
      t.server.ctx,
      "premium",
      { ...(await getSettings(t.server.ctx)).premium, openToAgentIds: [agentId] },
      null,
    );
    t.server.ctx.events.publish({ type: "engagement.requested", audience: "premium", data: { id: "e1" } });
    await expect.poll(() => agentStream.events.map((e) => e.type)).toContain("engagement.requested");

    await ownerStream.close();
    await agentStream.close();
  });
});
