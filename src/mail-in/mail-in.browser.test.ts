import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../test/browser.js";
import { dovecotAvailable, startDovecot, type TestDovecot } from "../test/dovecot.js";
import { OWNER, type TestServer } from "../test/harness.js";
import { startListeningServer } from "../test/listen.js";
import { buildPortalWorld } from "../tickets/tickets.factories.js";

const describeMail = dovecotAvailable() ? describeBrowser : () => {};

describeMail("email-in in the agent app (Chromium, Dovecot)", () => {
  let dovecot: TestDovecot;
  let t: TestServer & { url: string };
  let browser: Browser;
  let ticketId = "";

  beforeAll(async () => {
    dovecot = await startDovecot();
    // The worker role's own reader (started with the background work) reads the mailbox, woken by IDLE.
    t = await startListeningServer("sqlite", { env: { MAIL_IN_URL: dovecot.url() } });
    await buildPortalWorld(t.server.ctx);
    browser = await launchBrowser();
    await dovecot.deliver(
      [
        "From: Bruno Tienda <bruno@example.com>",
        "To: help@huntbee.example",
        "Subject: El filtro no aparece",
        "Message-ID: <browser-1@bruno.example>",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Hola, el filtro no aparece en la categoría desde ayer.",
        "",
        "-- ",
        "Bruno, Tienda Bruno",
        "",
      ].join("\n"),
    );
    for (let i = 0; i < 600 && !ticketId; i++) {
      const row = await t.server.ctx.db.kysely
        .selectFrom("mail_in_messages")
        .select("ticket_id")
        .executeTakeFirst();
      ticketId = row?.ticket_id ?? "";
      if (!ticketId) await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await dovecot?.stop();
  });

  async function signIn(): Promise<Page> {
    const page = await browser.newPage({ locale: "en-US" });
    await page.goto(`${t.url}/app`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();
    return page;
  }

  it("shows a mail-born ticket with the mail icon and the original with its signature", async () => {
    expect(ticketId).not.toBe("");
    const page = await signIn();
    await page.goto(`${t.url}/app/tickets/${ticketId}`);
    await page.getByRole("heading", { name: /El filtro no aparece/ }).waitFor();
    await page.getByRole("img", { name: "By mail" }).first().waitFor();
    const thread = page.locator(".ticket-thread");
    expect(await thread.textContent()).not.toContain("Bruno, Tienda Bruno");
    await page.getByRole("button", { name: "Original mail" }).first().click();
    await page.locator(".ticket-thread pre.mail-text").waitFor();
    expect(await page.locator(".ticket-thread pre.mail-text").textContent()).toContain("Bruno, Tienda Bruno");
    await page.close();
  });

  it("shows the mailbox locked to MAIL_IN_URL in Settings → Mail in, and tests the connection", async () => {
    const page = await signIn();
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const section = page.getByRole("region", { name: "Mail in" });
    await section.waitFor();
    expect(await section.textContent()).toContain("Set by MAIL_IN_URL on the server");
    expect(await section.textContent()).not.toContain(dovecot.pass);
    await section.getByRole("button", { name: "Test connection" }).click();
    await section
      .getByRole("status")
      .filter({ hasText: /Connected: INBOX holds 0 mails\./ })
      .waitFor();
    await page.close();
  });

  it("lists incoming mail in the development mail viewer", async () => {
    const page = await signIn();
    await page.goto(`${t.url}/app/mail`);
    const incoming = page.getByRole("list", { name: "Incoming" });
    await incoming.waitFor();
    expect(await incoming.textContent()).toContain("El filtro no aparece");
    expect(await incoming.textContent()).toContain("Opened a ticket");
    await page.close();
  });
});
