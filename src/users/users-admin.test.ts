import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";

// Settings → Agents: the owner changes an agent's role, turns the account off (its session stops at once)
// and on again; never their own account; an agent may not.
describeEachDatabase("the owner manages agents", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect);
  });
  afterEach(async () => t.close());

  const patch = (cookie: string, id: string, payload: object): Promise<LightMyRequestResponse> =>
    t.server.app.inject({ method: "PATCH", url: `/api/v1/users/${id}`, headers: { cookie }, payload });
  const list = async (cookie: string, query = "") =>
    checkedJson<{ data: { id: string; email: string; role: string; active: boolean }[] }>(
      t.server,
      await t.server.app.inject({ method: "GET", url: `/api/v1/users${query}`, headers: { cookie } }),
    ).data;

  it("changes a role, deactivates and reactivates an agent, and refuses the owner's own account", async () => {
    const owner = await signInCookie(t.server);
    const created = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie: owner },
      payload: { email: "ana@example.com", name: "Ana", role: "agent", password: "agent-password" },
    });
    const ana = checkedJson<{ id: string; active: boolean }>(t.server, created);
    expect(ana.active).toBe(true);
    const agent = await signInCookie(t.server, "ana@example.com", "agent-password");

    // An agent changes nobody.
    expect((await patch(agent, ana.id, { role: "owner" })).statusCode).toBe(403);

    const promoted = await patch(owner, ana.id, { role: "owner" });
    expect(checkedJson(t.server, promoted)).toMatchObject({ role: "owner", active: true });
    await patch(owner, ana.id, { role: "agent" });

    const off = await patch(owner, ana.id, { active: false });
    expect(checkedJson(t.server, off)).toMatchObject({ role: "agent", active: false });
    // Her session no longer works, and she can't sign in again.
    const me = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/session",
      headers: { cookie: agent },
    });
    expect(me.statusCode).toBe(401);
    const signIn = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: "ana@example.com", password: "agent-password" },
    });
    expect(signIn.statusCode).toBe(401);
    expect((await list(owner)).map((u) => u.email)).not.toContain("ana@example.com");
    expect((await list(owner, "?includeInactive=true")).find((u) => u.id === ana.id)?.active).toBe(false);

    expect(checkedJson(t.server, await patch(owner, ana.id, { active: true }))).toMatchObject({
      active: true,
    });
    await signInCookie(t.server, "ana@example.com", "agent-password");

    const me2 = (await list(owner)).find((u) => u.email !== "ana@example.com")!;
    const self = await patch(owner, me2.id, { active: false });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe("conflict");
  });

  it("answers 404 for an unknown account and 400 for an empty change", async () => {
    const owner = await signInCookie(t.server);
    expect((await patch(owner, "nobody", { active: false })).statusCode).toBe(404);
    const empty = await patch(owner, "nobody", {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("validation_failed");
  });
});
