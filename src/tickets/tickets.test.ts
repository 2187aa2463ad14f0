import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAudit } from "../platform/audit/audit.service.js";
import { newId } from "../platform/ids.js";
import { checkedResponse } from "../test/api-shape.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";
import { AUTO_CLOSE_JOB, scheduleAutoClose } from "./auto-close.jobs.js";
import { buildPortalWorld, multipartBody, portalSession } from "./tickets.factories.js";

describeEachDatabase("ticket desk API", (dialect) => {
  let t: TestServer;
  let clock: TestClock;
  let world: Awaited<ReturnType<typeof buildPortalWorld>>;
  let owner: string;
  let agent: string;
  let agentId: string;

  beforeAll(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, { clock });
    world = await buildPortalWorld(t.server.ctx);
    owner = await signInCookie(t.server);
    const user = await createUser(t.server.ctx, {
      email: "agent@example.com",
      name: "Ana Agent",
      role: "agent",
      password: "agent-password-1",
      language: "es",
    });
    agentId = user.id;
    agent = await signInCookie(t.server, "agent@example.com", "agent-password-1");
  });
  afterAll(async () => t.close());

  // Every successful answer is checked against its route's response schema.
  const inject = async (opts: InjectOptions) => checkedResponse(t.server, await t.server.app.inject(opts));
  const { get, post } = testHttp(() => t.server);
  const db = () => t.server.ctx.db.kysely;

  const newTicket = (extra: Record<string, unknown> = {}) =>
    post("/api/v1/tickets", agent, {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "configuration",
      subject: "Set up the filter for sizes",
      description: "The customer asked on the phone how to set up size filters.",
      ...extra,
    });

  it("lets an agent open a ticket for a customer, which mails the customer", async () => {
    const res = await newTicket();
    expect(res.statusCode).toBe(201);
    const ticket = res.json();
    expect(ticket).toMatchObject({
      status: "open",
      source: "desk",
      customer: { id: world.alice.id, email: "alice@example.com" },
      license: { id: world.aliceActive.id, productName: "Mega Filter PRO" },
      support: { active: true, reason: "active" },
      courtesy: null,
    });
    expect(ticket.firstResponseDueAt).toBe("2026-11-26T10:00:00.000Z");
    const mail = await db()
      .selectFrom("mail_messages")
      .select(["to_address", "kind"])
      .where("related_id", "=", ticket.id)
      .execute();
    expect(mail).toEqual([{ to_address: "alice@example.com", kind: "ticket.opened_for_customer" }]);
  });

  it("needs a recorded courtesy reason for a license whose support ended", async () => {
    const refused = await newTicket({ licenseId: world.aliceExpired.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain("courtesy");
    const foreign = await newTicket({ licenseId: world.brunoActive.id });
    expect(foreign.statusCode).toBe(404);

    const granted = await newTicket({
      licenseId: world.aliceExpired.id,
      courtesyReason: "Bug in our last release",
    });
    expect(granted.statusCode).toBe(201);
    expect(granted.json().courtesy).toEqual({
      reason: "Bug in our last release",
      by: { id: agentId, name: "Ana Agent" },
    });
    expect(granted.json().support.active).toBe(false);
    const audit = await listAudit(db(), "ticket", granted.json().id);
    expect(audit.find((a) => a.action === "ticket.courtesy_granted")).toMatchObject({
      actorId: agentId,
      details: { reason: "Bug in our last release" },
    });
  });

  it("keeps internal notes from the customer and their inbox; replies reach both", async () => {
    const { id } = (await newTicket({ subject: "Notes and replies" })).json();
    const mailCount = async () =>
      (
        await db()
          .selectFrom("mail_messages")
          .select("id")
          .where("related_id", "=", id)
          .where("kind", "=", "ticket.reply")
          .execute()
      ).length;
    const note = await post(`/api/v1/tickets/${id}/replies`, agent, {
      text: "Internal: customer is on PHP 5.6",
      internal: true,
    });
    expect(note.statusCode).toBe(201);
    expect(note.json().status).toBe("open");
    expect(note.json().firstResponseAt).toBeNull();
    expect(await mailCount()).toBe(0);

    const reply = await post(`/api/v1/tickets/${id}/replies`, agent, {
      text: "Go to Extensions > Filters <b>now</b>.",
    });
    expect(reply.json().status).toBe("pending_customer");
    expect(reply.json().firstResponseAt).toBe(clock.now().toISOString());
    expect(await mailCount()).toBe(1);
    const mail = await db()
      .selectFrom("mail_messages")
      .select(["html_body", "text_body", "subject"])
      .where("related_id", "=", id)
      .where("kind", "=", "ticket.reply")
      .executeTakeFirstOrThrow();
    expect(mail.html_body).toContain("&lt;b&gt;now&lt;/b&gt;");
    expect(mail.html_body).not.toContain("<b>now</b>");
    expect(mail.text_body).toContain("> Go to Extensions > Filters <b>now</b>.");
    expect(mail.subject).toMatch(/^\[#\d+\] New reply: Notes and replies$/);

    const session = await portalSession(t.server.ctx, world.alice.id);
    const page = await get(`/support/tickets/${id}?lang=en`, session.cookie);
    expect(page.body).toContain("Go to Extensions &gt; Filters &lt;b&gt;now&lt;/b&gt;.");
    expect(page.body).not.toContain("PHP 5.6");

    const body = multipartBody({ _csrf: session.csrf, text: "Thanks, it works now" });
    await inject({
      method: "POST",
      url: `/support/tickets/${id}/replies`,
      headers: { cookie: session.cookie, ...body.headers },
      payload: body.payload,
    });
    const after = (await get(`/api/v1/tickets/${id}`, agent)).json();
    expect(after.status).toBe("open");
    expect(after.messages.map((m: { internal: boolean }) => m.internal)).toEqual([true, false, false]);
    const toAgents = await db()
      .selectFrom("mail_messages")
      .select(["to_address", "language", "subject"])
      .where("related_id", "=", id)
      .where("kind", "=", "ticket.customer_reply")
      .execute();
    expect(toAgents.map((m) => m.to_address).sort()).toEqual(["agent@example.com", "owner@example.com"]);
    expect(toAgents.find((m) => m.to_address === "agent@example.com")!.subject).toContain("ha respondido");
  });

  it("filters by status, product, assignee and overdue first responses", async () => {
    const a = (await newTicket({ subject: "Filter A" })).json();
    const b = (
      await newTicket({ subject: "Filter B", licenseId: world.aliceExpired.id, courtesyReason: "Goodwill" })
    ).json();
    const assign = await post(`/api/v1/tickets/${a.id}/assign`, owner, { assigneeId: agentId });
    expect(assign.json().assignee).toEqual({ id: agentId, name: "Ana Agent" });
    expect((await post(`/api/v1/tickets/${a.id}/assign`, owner, { assigneeId: "nobody" })).statusCode).toBe(
      400,
    );
    await post(`/api/v1/tickets/${b.id}/status`, agent, { status: "resolved" });

    const ids = async (query: string, cookie = agent) =>
      ((await get(`/api/v1/tickets?${query}&limit=200`, cookie)).json().data as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ids(`assignee=me`)).toEqual([a.id]);
    // `items` stays a deprecated alias of `data` for this release (SPEC section 4 clients may read it).
    const listed = (await get("/api/v1/tickets?assignee=me", agent)).json();
    expect(listed.items).toEqual(listed.data);
    expect(await ids(`assignee=${agentId}`, owner)).toEqual([a.id]);
    expect(await ids(`status=resolved`)).toContain(b.id);
    expect(await ids(`status=open,pending_customer`)).not.toContain(b.id);
    expect(await ids(`productId=${world.other.id}`)).toContain(b.id);
    expect(await ids(`productId=${world.other.id}`)).not.toContain(a.id);
    expect(await ids(`productId=${world.product.id}`)).toContain(a.id);
    expect(await ids(`q=Filter%20A`)).toEqual([a.id]);
    expect((await get(`/api/v1/tickets?status=bogus`, agent)).statusCode).toBe(400);

    expect(await ids("overdue=true")).not.toContain(a.id);
    clock.advance(25 * 3_600_000);
    const overdue = await ids("overdue=true");
    expect(overdue).toContain(a.id);
    expect(overdue).not.toContain(b.id); // resolved
    await post(`/api/v1/tickets/${a.id}/replies`, agent, { text: "Looking into it." });
    expect(await ids("overdue=true")).not.toContain(a.id);
  });

  it("auto-closes quiet resolved tickets once per time slot, however many processes schedule it", async () => {
    const { id } = (await newTicket({ subject: "Will close by itself" })).json();
    await post(`/api/v1/tickets/${id}/status`, agent, { status: "resolved" });
    clock.advance(6 * 86_400_000);
    await scheduleAutoClose(t.server.ctx);
    await t.server.worker!.drain();
    expect((await get(`/api/v1/tickets/${id}`, agent)).json().status).toBe("resolved");

    clock.advance(2 * 86_400_000);
    await scheduleAutoClose(t.server.ctx);
    await scheduleAutoClose(t.server.ctx);
    const slot = Math.floor(clock.now().getTime() / (15 * 60_000));
    const jobs = await db()
      .selectFrom("jobs")
      .select("id")
      .where("dedupe_key", "=", `${AUTO_CLOSE_JOB}:${slot}`)
      .execute();
    expect(jobs).toHaveLength(1);
    await t.server.worker!.drain();
    const closed = (await get(`/api/v1/tickets/${id}`, agent)).json();
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).toBe(clock.now().toISOString());
    const audit = await listAudit(db(), "ticket", id);
    expect(audit.at(-1)).toMatchObject({
      action: "ticket.status_changed",
      actorType: "system",
      details: { to: "closed" },
    });
    const statusMails = await db()
      .selectFrom("mail_messages")
      .select("subject")
      .where("related_id", "=", id)
      .where("kind", "=", "ticket.status")
      .orderBy("created_at")
      .execute();
    expect(statusMails.map((m) => m.subject)).toEqual([
      expect.stringContaining("Resolved"),
      expect.stringContaining("Closed"),
    ]);
  });

  it("copies a WhatsApp conversation's messages into a new ticket", async () => {
    const at = clock.now().toISOString();
    const contactId = newId();
    const conversationId = newId();
    await db()
      .insertInto("contacts")
      .values({
        id: contactId,
        wa_id: "34611000999",
        user_id: null,
        profile_name: "Alice",
        username: null,
        language: "en",
        customer_id: world.alice.id,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db()
      .insertInto("conversations")
      .values({
        id: conversationId,
        phone_number_id: "100000000000001",
        contact_id: contactId,
        role: "presales",
        state: "waiting",
        assignee_id: null,
        last_inbound_at: at,
        last_inbound_wamid: null,
        last_message_at: at,
        last_message_preview: "",
        unread_count: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const message = (direction: "in" | "out", text: string, createdAt: string) => ({
      id: newId(),
      conversation_id: conversationId,
      direction,
      wamid: null,
      type: "text",
      text,
      raw: "{}",
      status: direction === "in" ? ("received" as const) : ("sent" as const),
      error_code: null,
      error_reason: null,
      sent_by_user_id: null,
      context_wamid: null,
      media_id: null,
      media_mime: null,
      media_size: null,
      media_key: null,
      media_status: null,
      created_at: createdAt,
      status_at: null,
    });
    await db()
      .insertInto("messages")
      .values([
        message("in", "I bought the filter and it shows a blank page", "2026-11-20T09:00:00.000Z"),
        message("out", "Please open a ticket so we can look at it", "2026-11-20T09:05:00.000Z"),
      ])
      .execute();
    const res = await newTicket({ subject: "From WhatsApp", fromConversationId: conversationId });
    expect(res.statusCode).toBe(201);
    expect(res.json().source).toBe("whatsapp");
    expect(res.json().conversationId).toBe(conversationId);
    expect(
      res.json().messages.map((m: { body: string; author: { type: string } }) => [m.author.type, m.body]),
    ).toEqual([
      ["customer", "I bought the filter and it shows a blank page"],
      ["user", "Please open a ticket so we can look at it"],
    ]);
    const wrongCustomer = await post("/api/v1/tickets", agent, {
      customerId: world.bruno.id,
      licenseId: world.brunoActive.id,
      category: "other",
      subject: "Not Bruno's chat",
      description: "This conversation belongs to Alice.",
      fromConversationId: conversationId,
    });
    expect(wrongCustomer.statusCode).toBe(400);

    // Premium conversations belong to the owner: an agent cannot copy one, the owner can.
    const premiumId = newId();
    await db()
      .insertInto("conversations")
      .values({
        id: premiumId,
        phone_number_id: "100000000000002",
        contact_id: contactId,
        role: "premium",
        state: "waiting",
        assignee_id: null,
        last_inbound_at: at,
        last_inbound_wamid: null,
        last_message_at: at,
        last_message_preview: "",
        unread_count: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    expect((await newTicket({ subject: "Premium copy", fromConversationId: premiumId })).statusCode).toBe(
      404,
    );
    const byOwner = await post("/api/v1/tickets", owner, {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "other",
      subject: "Premium copy by the owner",
      description: "The owner may copy premium conversations.",
      fromConversationId: premiumId,
    });
    expect(byOwner.statusCode).toBe(201);
  });

  it("shares canned replies by language", async () => {
    const created = await post("/api/v1/canned-replies", agent, {
      title: "Saludo",
      body: "Hola, gracias por escribirnos.",
      language: "es",
    });
    expect(created.statusCode).toBe(201);
    const es = (await get("/api/v1/canned-replies?language=es", agent)).json().data;
    expect(es.map((c: { title: string }) => c.title)).toContain("Saludo");
    const en = (await get("/api/v1/canned-replies?language=en", agent)).json().data;
    expect(en.map((c: { title: string }) => c.title)).not.toContain("Saludo");
    expect(
      (await post("/api/v1/canned-replies", agent, { title: "", body: "x", language: "es" })).statusCode,
    ).toBe(400);
  });

  it("fills a canned reply's variables for the ticket's customer, the ticket's language first", async () => {
    await post("/api/v1/canned-replies", agent, {
      title: "Portal and rates",
      body: "Hi {name}, your portal: {portalUrl}\n{rates}\n— {agent} {unknown}",
      language: "en",
    });
    const { id } = (await newTicket({ subject: "Canned variables" })).json();
    const res = await get(`/api/v1/tickets/${id}/canned-replies`, agent);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      language: string;
      data: { title: string; language: string; text: string }[];
    };
    expect(body.language).toBe("en");
    expect(body.data[0]!.language).toBe("en");
    const mine = body.data.find((r) => r.title === "Portal and rates")!;
    expect(mine.text).toMatch(/^Hi Alice, your portal: \S+\/support\?lang=en\n/);
    expect(mine.text).toMatch(/\d/); // the rate card's amounts
    expect(mine.text).not.toContain("{name}");
    expect(mine.text).not.toContain("{rates}");
    expect(mine.text).toContain("{unknown}");
    expect((await get("/api/v1/tickets/nope/canned-replies", agent)).statusCode).toBe(404);
  });

  it("refuses bad input with a 4xx and changes nothing", async () => {
    const { id } = (await newTicket({ subject: "Bad input" })).json();
    expect((await post(`/api/v1/tickets/${id}/status`, agent, { status: "done" })).statusCode).toBe(400);
    expect((await post(`/api/v1/tickets/${id}/replies`, agent, { text: "   " })).statusCode).toBe(400);
    expect((await post(`/api/v1/tickets/nope/replies`, agent, { text: "hi" })).statusCode).toBe(404);
    expect((await newTicket({ subject: "x" })).statusCode).toBe(400);
    await post(`/api/v1/tickets/${id}/status`, agent, { status: "closed" });
    const closedReply = await post(`/api/v1/tickets/${id}/replies`, agent, { text: "hello?" });
    expect(closedReply.statusCode).toBe(409);
    expect(
      (await post(`/api/v1/tickets/${id}/replies`, agent, { text: "note", internal: true })).statusCode,
    ).toBe(201);
  });
});
