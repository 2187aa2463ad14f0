import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays, customerWithLicenses } from "../policy/policy.test-support.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";
import { FIXTURE } from "../whatsapp/fixtures.js";
import { whatsappEnv } from "../whatsapp/test-support.js";
import { findConversationByNumberAndContact } from "./inbox.repository.js";

describeEachDatabase("conversation desk: customer panel, linking, language, notes", (dialect) => {
  let t: TestServer;
  let owner: string;
  let agent: string;
  let agentId: string;
  const clock = new TestClock(new Date("2026-11-25T08:00:00Z"));

  const http = testHttp(() => t.server);

  async function conversationOf(waId: string, line: "presales" | "premium" = "presales") {
    const contact = await t.server.ctx.db.kysely
      .selectFrom("contacts")
      .select("id")
      .where("wa_id", "=", waId)
      .executeTakeFirstOrThrow();
    const c = await findConversationByNumberAndContact(
      t.server.ctx.db.kysely,
      FIXTURE[line].phoneNumberId,
      contact.id,
    );
    if (!c) throw new Error("no conversation");
    return c.id;
  }

  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false, clock });
    owner = await signInCookie(t.server);
    const user = await createUser(t.server.ctx, {
      email: "agent@example.com",
      name: "Ana Agent",
      password: "agent-password-1",
      role: "agent",
    });
    agentId = user.id;
    agent = await signInCookie(t.server, "agent@example.com", "agent-password-1");
  });
  afterAll(async () => t?.close());

  it("shows 'not linked', then links by email and lists the licenses with their support state", async () => {
    await customerWithLicenses(t.server.ctx, {
      email: "ann@example.com",
      name: "Ann Buyer",
      licenses: [
        { product: "Product Filter", supportUntil: "2027-03-01" },
        { product: "One Page Checkout", supportUntil: "2026-06-30" },
      ],
    });
    await customerSays(t.server, "Hello, a question", { from: "447700900555" });
    const id = await conversationOf("447700900555");

    const before = await http.get(`/api/v1/conversations/${id}/customer`, agent);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ customer: null, licenses: [] });

    const linked = await http.post(`/api/v1/conversations/${id}/link`, agent, { email: "ANN@example.com" });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().customer).toMatchObject({ name: "Ann Buyer", email: "ann@example.com" });
    expect(
      linked.json().licenses.map((l: { product: string; support: string }) => [l.product, l.support]),
    ).toEqual(
      expect.arrayContaining([
        ["Product Filter", "active"],
        ["One Page Checkout", "expired"],
      ]),
    );

    const again = await http.get(`/api/v1/conversations/${id}/customer`, agent);
    expect(again.json().customer.email).toBe("ann@example.com");

    const unlinked = await http.delete(`/api/v1/conversations/${id}/link`, agent);
    expect(unlinked.json().customer).toBeNull();
  });

  it("links by license key, and refuses unknown emails and keys with a clear 404 changing nothing", async () => {
    const { keys } = await customerWithLicenses(t.server.ctx, {
      email: "bob@example.com",
      name: "Bob Key",
      licenses: [{ product: "PDF Invoice", supportUntil: "2027-01-01" }],
    });
    await customerSays(t.server, "Hi", { from: "447700900556" });
    const id = await conversationOf("447700900556");

    const unknown = await http.post(`/api/v1/conversations/${id}/link`, agent, {
      email: "nobody@example.com",
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("not_found");
    const badKey = await http.post(`/api/v1/conversations/${id}/link`, agent, {
      licenseKey: "HB-NOPE-NOPE",
    });
    expect(badKey.statusCode).toBe(404);
    const both = await http.post(`/api/v1/conversations/${id}/link`, agent, {
      email: "a@b.c",
      licenseKey: "x1234",
    });
    expect(both.statusCode).toBe(400);
    expect((await http.get(`/api/v1/conversations/${id}/customer`, agent)).json().customer).toBeNull();

    const byKey = await http.post(`/api/v1/conversations/${id}/link`, agent, {
      licenseKey: keys[0]!.toLowerCase(),
    });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.json().customer.name).toBe("Bob Key");
  });

  it("lets an agent set the contact's language", async () => {
    await customerSays(t.server, "Hola", { from: "34600000557" });
    const id = await conversationOf("34600000557");
    const res = await http.patch(`/api/v1/conversations/${id}/contact`, agent, { language: "en" });
    expect(res.statusCode).toBe(200);
    expect((await http.get(`/api/v1/conversations/${id}/customer`, agent)).json().language).toBe("en");
    const bad = await http.patch(`/api/v1/conversations/${id}/contact`, agent, { language: "fr" });
    expect(bad.statusCode).toBe(400);
  });

  it("keeps internal notes with their author, and refuses an empty one", async () => {
    await customerSays(t.server, "Hi there", { from: "447700900558" });
    const id = await conversationOf("447700900558");
    const created = await http.post(`/api/v1/conversations/${id}/notes`, agent, {
      body: "  Asked about OC 4  ",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ body: "Asked about OC 4", authorName: "Ana Agent" });
    expect((await http.post(`/api/v1/conversations/${id}/notes`, agent, { body: "   " })).statusCode).toBe(
      400,
    );
    const list = await http.get(`/api/v1/conversations/${id}/notes`, owner);
    expect(list.json().data.map((n: { body: string }) => n.body)).toEqual(["Asked about OC 4"]);
  });

  it("hides premium conversations from agents unless the owner opens premium work to them", async () => {
    await customerSays(t.server, "I need paid help", { from: "447700900559", line: "premium" });
    const id = await conversationOf("447700900559", "premium");
    expect((await http.get(`/api/v1/conversations/${id}/notes`, owner)).statusCode).toBe(200);
    expect((await http.get(`/api/v1/conversations/${id}/notes`, agent)).statusCode).toBe(404);
    expect((await http.post(`/api/v1/conversations/${id}/notes`, agent, { body: "x" })).statusCode).toBe(404);
    expect(
      (await http.post(`/api/v1/conversations/${id}/link`, agent, { email: "ann@example.com" })).statusCode,
    ).toBe(404);

    await updateSettings(
      t.server.ctx,
      "premium",
      { ...(await getSettings(t.server.ctx)).premium, openToAgentIds: [agentId] },
      null,
    );
    expect((await http.get(`/api/v1/conversations/${id}/notes`, agent)).statusCode).toBe(200);
    await updateSettings(
      t.server.ctx,
      "premium",
      { ...(await getSettings(t.server.ctx)).premium, openToAgentIds: [] },
      null,
    );
  });

  it("assigns to an agent or nobody, and keeps premium conversations to people allowed to see them", async () => {
    await customerSays(t.server, "Hello, pre-sales question", { from: "447700900560" });
    const id = await conversationOf("447700900560");
    const mine = await http.post(`/api/v1/conversations/${id}/assign`, agent, { assigneeId: agentId });
    expect(mine.json()).toEqual({ assigneeId: agentId });
    const listed = await http.get("/api/v1/conversations?assignee=me", agent);
    expect(listed.json().data.map((c: { id: string }) => c.id)).toContain(id);
    expect(
      (await http.post(`/api/v1/conversations/${id}/assign`, agent, { assigneeId: "nobody-here" }))
        .statusCode,
    ).toBe(404);
    expect(
      (await http.post(`/api/v1/conversations/${id}/assign`, agent, { assigneeId: null })).json(),
    ).toEqual({
      assigneeId: null,
    });

    await customerSays(t.server, "Paid help please", { from: "447700900561", line: "premium" });
    const premium = await conversationOf("447700900561", "premium");
    const refused = await http.post(`/api/v1/conversations/${premium}/assign`, owner, {
      assigneeId: agentId,
    });
    expect(refused.statusCode).toBe(403);
  });

  it("closes and reopens a conversation", async () => {
    await customerSays(t.server, "Thanks, that's all", { from: "447700900562" });
    const id = await conversationOf("447700900562");
    expect((await http.post(`/api/v1/conversations/${id}/close`, agent)).json()).toEqual({
      state: "closed",
    });
    expect((await http.get(`/api/v1/conversations/${id}`, agent)).json().state).toBe("closed");
    expect((await http.post(`/api/v1/conversations/${id}/reopen`, agent)).json()).toEqual({
      state: "waiting",
    });
  });

  it("sends quick actions in the contact's language inside the window, and refuses them outside it", async () => {
    await customerSays(t.server, "Hola, compré un módulo", { from: "34600000563" });
    const id = await conversationOf("34600000563");
    await http.patch(`/api/v1/conversations/${id}/contact`, agent, { language: "es" });
    const portal = await http.post(`/api/v1/conversations/${id}/quick-replies`, agent, {
      kind: "portal_link",
    });
    expect(portal.statusCode).toBe(201);
    const premium = await http.post(`/api/v1/conversations/${id}/quick-replies`, agent, {
      kind: "premium_info",
    });
    expect(premium.statusCode).toBe(201);
    const thread = (await http.get(`/api/v1/conversations/${id}/messages`, agent)).json().data as {
      direction: string;
      text: string;
      sentByUserId: string | null;
    }[];
    const out = thread.filter((m) => m.direction === "out" && m.sentByUserId === agentId);
    expect(out.map((m) => m.text)).toEqual([
      expect.stringContaining(`${t.config.publicUrl}/support?lang=es`),
      expect.stringContaining("El soporte premium de OpenCart"),
    ]);
    expect((await http.get(`/api/v1/conversations/${id}`, agent)).json().state).toBe("replied");

    clock.advance(25 * 3600_000);
    const late = await http.post(`/api/v1/conversations/${id}/quick-replies`, agent, {
      kind: "portal_link",
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("window_closed");
    // Outside the window only an approved template goes out (POST …/messages {template}); one the WABA has
    // not approved is refused and nothing is queued.
    const before = (await http.get(`/api/v1/conversations/${id}/messages`, agent)).json().data.length;
    const unapproved = await http.post(`/api/v1/conversations/${id}/messages`, agent, {
      template: { name: "hello_world", language: "en_US", parameters: [] },
    });
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json().error.code).toBe("template_not_approved");
    expect((await http.get(`/api/v1/conversations/${id}/messages`, agent)).json().data).toHaveLength(before);
    clock.advance(-25 * 3600_000);
  });

  it("answers 404 for a conversation that does not exist and 401 without a session", async () => {
    expect((await http.get("/api/v1/conversations/nope/customer", agent)).statusCode).toBe(404);
    const anonymous = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/conversations/nope/customer",
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
