import fs from "node:fs";
import path from "node:path";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { listAudit } from "../platform/audit/audit.service.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { attachmentsRoot, uploadsDir } from "./attachments.js";
import { buildPortalWorld, FAKE_EXE, multipartBody, portalSession, TINY_PNG } from "./tickets.factories.js";

const PASSWORD = "S3cret-Pa55-word!";

describeEachDatabase("customer portal tickets", (dialect) => {
  let t: TestServer;
  let clock: TestClock;
  let world: Awaited<ReturnType<typeof buildPortalWorld>>;
  let alice: { cookie: string; csrf: string };
  let bruno: { cookie: string; csrf: string };
  let agentCookie: string;

  beforeAll(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, { clock });
    world = await buildPortalWorld(t.server.ctx);
    alice = await portalSession(t.server.ctx, world.alice.id);
    bruno = await portalSession(t.server.ctx, world.bruno.id);
    agentCookie = await signInCookie(t.server);
  });
  afterAll(async () => t.close());
  beforeEach(async () => await t.server.deps.limiter.reset());

  const inject = (opts: InjectOptions) => t.server.app.inject(opts);
  const db = () => t.server.ctx.db.kysely;

  async function openTicket(
    who: { cookie: string; csrf: string },
    fields: Record<string, string>,
    files: Parameters<typeof multipartBody>[1] = [],
  ) {
    const body = multipartBody(
      {
        _csrf: who.csrf,
        category: "installation",
        subject: "Filter does not show",
        description: "After installing, the filter module does not appear on the category page.",
        ...fields,
      },
      files,
    );
    return inject({
      method: "POST",
      url: "/support/tickets?lang=en",
      headers: { cookie: who.cookie, ...body.headers },
      payload: body.payload,
    });
  }

  const ticketIdFrom = (location: string | undefined) =>
    /\/support\/tickets\/([0-9a-z]+)/.exec(location ?? "")![1]!;

  it("offers only licenses with active support, and shows the ended one with renewal and premium", async () => {
    const page = await inject({
      method: "GET",
      url: "/support/tickets/new?lang=en",
      headers: { cookie: alice.cookie },
    });
    expect(page.statusCode).toBe(200);
    const select = /<select name="licenseId"[\s\S]*?<\/select>/.exec(page.body)![0];
    expect(select).toContain(world.aliceActive.id);
    expect(select).not.toContain(world.aliceExpired.id);
    expect(page.body).toContain("Support ended on March 1, 2025");
    expect(page.body).toContain('href="https://www.huntbee.com/renew"');
    expect(page.body).toContain("$20.00 per hour");
    expect(page.body).toContain("given in the automatic reply of the official number");
    expect(page.body).not.toContain("600 333 444");
    // The same words about who gets free support as the policy page.
    expect(page.body).not.toContain("<script");
  });

  it("refuses a ticket on the expired license on the server, not just in the select", async () => {
    const before = await db().selectFrom("tickets").select("id").execute();
    const res = await openTicket(alice, { licenseId: world.aliceExpired.id });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain("choose a license with active support");
    expect(res.body).toContain('href="https://www.huntbee.com/renew"');
    expect(await db().selectFrom("tickets").select("id").execute()).toHaveLength(before.length);
  });

  it("opens a ticket with an image; the type comes from the bytes and the agents are mailed", async () => {
    const res = await openTicket(
      alice,
      { licenseId: world.aliceActive.id, storeUrl: "https://shop.example.com" },
      [{ name: "screen.png", data: TINY_PNG, type: "application/octet-stream" }],
    );
    expect(res.statusCode).toBe(303);
    const id = ticketIdFrom(res.headers.location);
    const page = await inject({
      method: "GET",
      url: `/support/tickets/${id}?lang=en&notice=created`,
      headers: { cookie: alice.cookie },
    });
    expect(page.body).toMatch(/Ticket #\d+ is open/);
    // Opened at 10:00 UTC: the customer reads the vendor's wall-clock time with the zone named.
    expect(page.body).toMatch(/Opened Nov 25, 2026, 3:30\sPM \(Asia\/Kolkata\)/);
    const link = /href="(\/support\/tickets\/[0-9a-z]+\/attachments\/[0-9a-z]+)\?lang=en"/.exec(
      page.body,
    )![1]!;
    const file = await inject({ method: "GET", url: link, headers: { cookie: alice.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(file.rawPayload.equals(TINY_PNG)).toBe(true);
    const mails = await db()
      .selectFrom("mail_messages")
      .select(["to_address", "kind"])
      .where("related_id", "=", id)
      .execute();
    expect(mails).toContainEqual({ to_address: "owner@example.com", kind: "ticket.opened" });
  });

  it("refuses a .png that is really an executable, and stores nothing", async () => {
    const countBefore = (await db().selectFrom("ticket_attachments").select("id").execute()).length;
    const ticketsBefore = (await db().selectFrom("tickets").select("id").execute()).length;
    const res = await openTicket(alice, { licenseId: world.aliceActive.id }, [
      { name: "photo.png", data: FAKE_EXE, type: "image/png" },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain("photo.png cannot be attached");
    expect((await db().selectFrom("ticket_attachments").select("id").execute()).length).toBe(countBefore);
    expect((await db().selectFrom("tickets").select("id").execute()).length).toBe(ticketsBefore);
    const text = await openTicket(alice, { licenseId: world.aliceActive.id }, [
      { name: "error.log", data: Buffer.from("PHP Fatal error: Uncaught Exception\n") },
      { name: "notes.png", data: Buffer.from("just text") },
    ]);
    expect(text.statusCode).toBe(415);
    expect(text.body).toContain("notes.png cannot be attached");
  });

  it("refuses more than 5 files or a file over 10 MB with a clear message", async () => {
    const before = (await db().selectFrom("tickets").select("id").execute()).length;
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `shot${i}.png`, data: TINY_PNG }));
    const many = await openTicket(alice, { licenseId: world.aliceActive.id }, six);
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain("Attach at most 5 files.");
    expect(many.body).toContain("Filter does not show"); // what was typed is kept
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(10 * 1024 * 1024, 0)]);
    const large = await openTicket(alice, { licenseId: world.aliceActive.id }, [
      { name: "huge.png", data: big },
    ]);
    expect(large.statusCode).toBe(413);
    expect(large.body).toContain("huge.png is larger than 10 MB.");
    expect((await db().selectFrom("tickets").select("id").execute()).length).toBe(before);
    // The files streamed to temporary files are gone again.
    expect(fs.readdirSync(uploadsDir(t.config.dataDir))).toEqual([]);
  });

  it("checks the form token before it reads the first file: a file before the token is refused unread", async () => {
    const body = multipartBody({ licenseId: world.aliceActive.id, subject: "x" }, [
      { name: "screen.png", data: TINY_PNG },
    ]);
    const res = await inject({
      method: "POST",
      url: "/support/tickets?lang=en",
      headers: { cookie: alice.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
    const uploads = uploadsDir(t.config.dataDir);
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
  });

  it("keeps store access encrypted, shows it only to agents with an audit row, and erases it on close", async () => {
    const res = await openTicket(alice, {
      licenseId: world.aliceActive.id,
      adminUrl: "https://shop.example.com/admin",
      adminUser: "support",
      adminPassword: PASSWORD,
      ftp: "ftp.example.com user ftpuser",
    });
    expect(res.statusCode).toBe(303);
    const id = ticketIdFrom(res.headers.location);
    const raw = await db()
      .selectFrom("ticket_credentials")
      .select(["sealed"])
      .where("ticket_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(raw.sealed).toMatch(/^v1\./);
    expect(raw.sealed).not.toContain(PASSWORD);
    expect(raw.sealed).not.toContain("ftpuser");

    const portal = await inject({
      method: "GET",
      url: `/support/tickets/${id}?lang=en`,
      headers: { cookie: alice.cookie },
    });
    expect(portal.body).not.toContain(PASSWORD);
    expect(portal.body).toContain("We erase it when the ticket closes");

    const detail = await inject({
      method: "GET",
      url: `/api/v1/tickets/${id}`,
      headers: { cookie: agentCookie },
    });
    expect(detail.json().credentials).toEqual({ present: true, erasedAt: null });
    expect(detail.body).not.toContain(PASSWORD);
    const reveal = await inject({
      method: "GET",
      url: `/api/v1/tickets/${id}/credentials`,
      headers: { cookie: agentCookie },
    });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json()).toMatchObject({ adminUser: "support", adminPassword: PASSWORD });
    const audit = await listAudit(db(), "ticket", id);
    expect(audit.filter((a) => a.action === "ticket.credentials_viewed")).toHaveLength(1);

    const close = await inject({
      method: "POST",
      url: `/api/v1/tickets/${id}/status`,
      headers: { cookie: agentCookie, "content-type": "application/json" },
      payload: { status: "closed" },
    });
    expect(close.statusCode).toBe(200);
    expect(close.json().credentials.present).toBe(false);
    const erased = await db()
      .selectFrom("ticket_credentials")
      .select(["sealed", "erased_at"])
      .where("ticket_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(erased.sealed).toBeNull();
    expect(erased.erased_at).not.toBeNull();
    expect(
      (
        await inject({
          method: "GET",
          url: `/api/v1/tickets/${id}/credentials`,
          headers: { cookie: agentCookie },
        })
      ).statusCode,
    ).toBe(404);
    const mail = await db()
      .selectFrom("mail_messages")
      .select(["text_body", "to_address"])
      .where("related_id", "=", id)
      .where("kind", "=", "ticket.status")
      .executeTakeFirstOrThrow();
    expect(mail.to_address).toBe("alice@example.com");
    expect(mail.text_body).toContain("please revoke that access now");
    const after = await inject({
      method: "GET",
      url: `/support/tickets/${id}?lang=en`,
      headers: { cookie: alice.cookie },
    });
    expect(after.body).toContain("Please revoke it now");
  });

  it("reopens a resolved ticket when the customer replies inside the quiet period, not after", async () => {
    const res = await openTicket(alice, { licenseId: world.aliceActive.id, subject: "Reopen me" });
    const id = ticketIdFrom(res.headers.location);
    const setStatus = (status: string) =>
      inject({
        method: "POST",
        url: `/api/v1/tickets/${id}/status`,
        headers: { cookie: agentCookie, "content-type": "application/json" },
        payload: { status },
      });
    const reply = (text: string) => {
      const body = multipartBody({ _csrf: alice.csrf, text });
      return inject({
        method: "POST",
        url: `/support/tickets/${id}/replies?lang=en`,
        headers: { cookie: alice.cookie, ...body.headers },
        payload: body.payload,
      });
    };
    expect((await setStatus("resolved")).json().status).toBe("resolved");
    clock.advance(2 * 86_400_000);
    expect((await reply("Still broken on mobile.")).statusCode).toBe(303);
    const reopened = (
      await inject({ method: "GET", url: `/api/v1/tickets/${id}`, headers: { cookie: agentCookie } })
    ).json();
    expect(reopened.status).toBe("open");
    expect(reopened.messages.at(-1).body).toBe("Still broken on mobile.");
    expect((await listAudit(db(), "ticket", id)).map((a) => a.action)).toContain("ticket.reopened");

    await setStatus("resolved");
    clock.advance(8 * 86_400_000);
    const late = await reply("Hello again");
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("This ticket is closed");
  });

  it("never lets one customer read or write another's tickets, licenses or attachments", async () => {
    const own = ticketIdFrom(
      (await openTicket(alice, { licenseId: world.aliceActive.id, subject: "Alice private" })).headers
        .location,
    );
    const theirs = ticketIdFrom(
      (
        await openTicket(bruno, { licenseId: world.brunoActive.id, subject: "Bruno secret subject" }, [
          { name: "bruno.png", data: TINY_PNG },
        ])
      ).headers.location,
    );
    const theirAttachment = (
      await db()
        .selectFrom("ticket_attachments")
        .select("id")
        .where("ticket_id", "=", theirs)
        .executeTakeFirstOrThrow()
    ).id;
    const messagesBefore = (
      await db().selectFrom("ticket_messages").select("id").where("ticket_id", "=", theirs).execute()
    ).length;

    const guesses = [theirs, `${theirs.slice(0, -1)}x`, "0".repeat(26), "../../etc/passwd"];
    for (const guess of guesses) {
      const page = await inject({
        method: "GET",
        url: `/support/tickets/${encodeURIComponent(guess)}`,
        headers: { cookie: alice.cookie },
      });
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain("Bruno secret subject");
      const body = multipartBody({ _csrf: alice.csrf, text: "I am not Bruno" });
      const write = await inject({
        method: "POST",
        url: `/support/tickets/${encodeURIComponent(guess)}/replies`,
        headers: { cookie: alice.cookie, ...body.headers },
        payload: body.payload,
      });
      expect(write.statusCode).toBe(404);
    }
    for (const url of [
      `/support/tickets/${theirs}/attachments/${theirAttachment}`,
      `/support/tickets/${own}/attachments/${theirAttachment}`,
    ]) {
      const res = await inject({ method: "GET", url, headers: { cookie: alice.cookie } });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
    }
    expect(
      (await db().selectFrom("ticket_messages").select("id").where("ticket_id", "=", theirs).execute())
        .length,
    ).toBe(messagesBefore);

    const foreignLicense = await openTicket(alice, {
      licenseId: world.brunoActive.id,
      subject: "Using Bruno's license",
    });
    expect(foreignLicense.statusCode).toBe(409);
    expect(foreignLicense.body).not.toContain(world.brunoActive.key);
    expect(
      await db().selectFrom("tickets").select("id").where("subject", "=", "Using Bruno's license").execute(),
    ).toHaveLength(0);
    const preselect = await inject({
      method: "GET",
      url: `/support/tickets/new?license=${world.brunoActive.id}`,
      headers: { cookie: alice.cookie },
    });
    expect(preselect.body).not.toContain(world.brunoActive.key);
    const home = await inject({ method: "GET", url: "/support?lang=en", headers: { cookie: alice.cookie } });
    expect(home.body).toContain("Alice private");
    expect(home.body).not.toContain("Bruno secret subject");
    expect(home.body).not.toContain(world.brunoActive.key);

    // Signed out, every page sends the visitor to sign in and shows nothing.
    for (const url of [
      `/support/tickets/${theirs}`,
      `/support/tickets/${theirs}/attachments/${theirAttachment}`,
      "/support/tickets/new",
    ]) {
      const res = await inject({ method: "GET", url });
      expect(res.statusCode).toBe(303);
    }
    // The customer's cookie opens nothing on the agents' API.
    const api = await inject({
      method: "GET",
      url: `/api/v1/tickets/${theirs}`,
      headers: { cookie: alice.cookie },
    });
    expect(api.statusCode).toBe(401);
  });

  it("keeps attachments in the data folder, outside the database", async () => {
    const root = attachmentsRoot(t.config.dataDir);
    const rows = await db().selectFrom("ticket_attachments").select(["storage_key", "size"]).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(fs.statSync(path.join(root, row.storage_key)).size).toBe(Number(row.size));
  });
});
