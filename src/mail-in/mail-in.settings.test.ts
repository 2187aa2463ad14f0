import { afterAll, beforeAll, expect, it } from "vitest";
import { dovecotAvailable, startDovecot, type TestDovecot } from "../test/dovecot.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { createUser } from "../users/users.service.js";

const describeMail = dovecotAvailable() ? describeEachDatabase : () => {};

describeMail("Settings → Mail in: the owner's mailbox", (dialect) => {
  let dovecot: TestDovecot;
  let t: TestServer;
  let owner: string;
  let agent: string;

  beforeAll(async () => {
    dovecot = await startDovecot();
    t = await startTestServer(dialect);
    owner = await signInCookie(t.server);
    await createUser(t.server.ctx, {
      email: "agent@example.com",
      name: "Agent",
      role: "agent",
      password: "agent-password-1",
    });
    agent = await signInCookie(t.server, "agent@example.com", "agent-password-1");
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  const http = testHttp(() => t.server);

  it("stores the URL sealed, shows it with the password hidden, and lets only the owner change it", async () => {
    expect((await http.get("/api/v1/mail-in/settings", owner)).json()).toMatchObject({
      source: "none",
      url: "",
      processedFolder: "Processed",
    });
    const saved = await http.put("/api/v1/mail-in/settings", owner, {
      url: dovecot.url(),
      processedFolder: "Tratado",
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ source: "settings", processedFolder: "Tratado" });
    expect(saved.json().url).not.toContain(dovecot.pass);
    expect(saved.json().url).toContain("****");
    const row = await t.server.ctx.db.kysely
      .selectFrom("mail_in_config")
      .select("url_sealed")
      .executeTakeFirstOrThrow();
    expect(row.url_sealed).toMatch(/^v1\./);
    expect(row.url_sealed).not.toContain(dovecot.pass);
    expect(t.server.ctx.secrets.decrypt(row.url_sealed!)).toBe(dovecot.url());

    expect((await http.get("/api/v1/mail-in/settings", agent)).statusCode).toBe(403);
    expect(
      (await http.put("/api/v1/mail-in/settings", agent, { url: "", processedFolder: "X" })).statusCode,
    ).toBe(403);
    expect((await t.server.app.inject({ method: "GET", url: "/api/v1/mail-in/settings" })).statusCode).toBe(
      401,
    );
  });

  it("refuses a malformed URL or folder and changes nothing", async () => {
    for (const body of [
      { url: "http://x", processedFolder: "Tratado" },
      { url: "imap://nopassword@host/INBOX", processedFolder: "Tratado" },
      { processedFolder: "INBOX" },
      { processedFolder: 'a"b' },
    ]) {
      const res = await http.put("/api/v1/mail-in/settings", owner, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect((await http.get("/api/v1/mail-in/settings", owner)).json()).toMatchObject({
      source: "settings",
      processedFolder: "Tratado",
    });
  });

  it("tests the connection against the real server, saying why it failed", async () => {
    const ok = await http.post("/api/v1/mail-in/test", owner, {});
    expect(ok.json()).toEqual({ ok: true, mailbox: "INBOX", count: 0 });
    const wrong = await http.post("/api/v1/mail-in/test", owner, {
      url: `imap://support:wrong-password@127.0.0.1:${dovecot.port}/INBOX`,
    });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json().ok).toBe(false);
    expect(wrong.json().error).toMatch(/auth/i);
    expect(wrong.json().error).not.toContain("wrong-password");
  });

  it("shows a URL from MAIL_IN_URL as locked", async () => {
    const locked = await startTestServer(dialect, { env: { MAIL_IN_URL: dovecot.url() } });
    try {
      const cookie = await signInCookie(locked.server);
      const view = await locked.server.app.inject({
        method: "GET",
        url: "/api/v1/mail-in/settings",
        headers: { cookie },
      });
      expect(view.json()).toMatchObject({ source: "env" });
      expect(view.json().url).not.toContain(dovecot.pass);
      const change = await locked.server.app.inject({
        method: "PUT",
        url: "/api/v1/mail-in/settings",
        headers: { cookie, "content-type": "application/json" },
        payload: { url: "imap://a:b@elsewhere/INBOX", processedFolder: "Processed" },
      });
      expect(change.statusCode).toBe(409);
    } finally {
      await locked.close();
    }
  });
});
