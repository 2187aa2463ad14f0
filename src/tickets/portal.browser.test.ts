import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, openScreen } from "../test/browser.js";
import { OWNER, TestClock, type TestServer } from "../test/harness.js";
import { startListeningServer } from "../test/listen.js";
import { buildPortalWorld, portalSession, TINY_PNG } from "./tickets.factories.js";

describeBrowser("support portal and desk in Chromium", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  let world: Awaited<ReturnType<typeof buildPortalWorld>>;

  beforeAll(async () => {
    t = await startListeningServer("sqlite", { clock: new TestClock(new Date("2026-11-25T10:00:00Z")) });
    world = await buildPortalWorld(t.server.ctx);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function agentSignIn(page: Page) {
    await page.goto(`${t.url}/app`);
    await page.locator('input[name="email"]').fill(OWNER.email);
    await page.locator('input[name="password"]').fill(OWNER.password);
    await page.locator('button[type="submit"]').click();
    await page.locator(".topbar").waitFor();
  }

  it("signs a customer in with the mailed link, opens a ticket with a file, refuses the expired license, and shows the agent's reply", async () => {
    const customer = await browser.newPage({ locale: "en-US" });
    const agent = await browser.newPage({ locale: "en-US" });

    // The customer asks for a sign-in link.
    await customer.goto(`${t.url}/support`);
    await customer.getByRole("textbox", { name: "Email" }).fill("alice@example.com");
    await customer.getByRole("button", { name: "Send me a sign-in link" }).click();
    await customer.getByRole("heading", { name: "Check your inbox" }).waitFor();

    // Without SMTP_URL the mail waits in the development viewer of the agent app.
    await agentSignIn(agent);
    await openScreen(agent, "Mail (development)");
    await agent
      .getByRole("link", { name: /Your sign-in link for HuntBee support/ })
      .first()
      .click();
    const text = (await agent.locator("pre.mail-text").textContent()) ?? "";
    expect(text).toContain("expires in 15 minutes");
    const link = /http:\/\/[^\s]+\/support\/auth\?token=[0-9a-z]+&lang=en/.exec(text)![0];
    const path = new URL(link).pathname + new URL(link).search;

    await customer.goto(`${t.url}${path}`);
    await customer.getByRole("button", { name: "Continue" }).click();
    await customer.getByRole("heading", { name: "Your support" }).waitFor();
    const home = (await customer.locator("main").textContent()) ?? "";
    expect(home).toContain("Support active until November 20, 2027");
    expect(home).toContain("Support ended on March 1, 2025");
    expect(home).toContain("Refund window open until December 5, 2026");

    // Only the license with active support can be chosen.
    await customer.getByRole("link", { name: "Open a new ticket" }).click();
    await customer.getByRole("heading", { name: "New support ticket" }).waitFor();
    const options = await customer.locator('select[name="licenseId"]').locator("option").allTextContents();
    expect(options).toHaveLength(1);
    expect(options[0]).toContain("Mega Filter PRO");
    expect(await customer.getByRole("link", { name: "Renew support" }).getAttribute("href")).toBe(
      "https://www.huntbee.com/renew",
    );
    expect(await customer.locator("section:has(#premium)").textContent()).toContain("$20.00 per hour");

    // A forged choice of the expired license is refused by the server, with the same options shown.
    await customer.locator('select[name="licenseId"]').evaluate((select, id) => {
      const option = document.createElement("option");
      option.value = id;
      option.textContent = "forged";
      select.appendChild(option);
      (select as HTMLSelectElement).value = id;
    }, world.aliceExpired.id);
    await customer.getByLabel("Subject").fill("Old extension broken");
    await customer.getByLabel("Describe the problem").fill("The old checkout extension shows a blank page.");
    await customer.getByRole("button", { name: "Open ticket" }).click();
    await customer.getByRole("alert").filter({ hasText: "choose a license with active support" }).waitFor();
    expect(await customer.getByRole("link", { name: "Renew support" }).count()).toBe(1);
    expect(await customer.locator("section:has(#premium)").textContent()).toContain("$30.00 per hour");

    // The real ticket, with a screenshot.
    await customer.getByLabel("Subject").fill("Filter does not show on mobile");
    await customer
      .getByLabel("Describe the problem")
      .fill("On phones the filter block is hidden after the 2.1 update.");
    await customer.getByLabel("OpenCart version").fill("4.0.2.3");
    await customer
      .getByLabel("Attachments")
      .setInputFiles({ name: "mobile.png", mimeType: "image/png", buffer: TINY_PNG });
    await customer.getByRole("button", { name: "Open ticket" }).click();
    await customer
      .getByRole("status")
      .filter({ hasText: /Ticket #\d+ is open/ })
      .waitFor();
    expect(await customer.getByRole("link", { name: "mobile.png" }).count()).toBe(1);
    const ticketUrl = customer.url();

    // The agent answers in the app.
    await openScreen(agent, "Tickets");
    await agent.getByRole("link", { name: /Filter does not show on mobile/ }).click();
    await agent.getByRole("heading", { name: /Filter does not show on mobile/ }).waitFor();
    expect(await agent.locator("main").textContent()).toContain("Support active until");
    await agent.getByRole("textbox", { name: "Reply" }).fill("Please clear the theme cache and try again.");
    await agent.getByRole("button", { name: "Send reply" }).click();
    await agent.locator(".pill.pending_customer").first().waitFor();

    // The customer sees it in the portal.
    await customer.goto(ticketUrl);
    const thread = (await customer.locator("ol.thread").textContent()) ?? "";
    expect(thread).toContain("Please clear the theme cache and try again.");
    expect(await customer.locator("main").textContent()).toContain("Waiting for your reply");
    await customer.close();
    await agent.close();
    // A whole journey through two browsers: about 20 s alone, more on a loaded 2-core machine.
  }, 60_000);

  it("fits every portal and public page on a 390 px phone, and offers the official number where it refuses", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
    const session = await portalSession(t.server.ctx, world.alice.id);
    const [name, value] = session.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/support" }]);
    const page = await context.newPage();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    for (const path of ["/policy", "/contact", "/support", "/support/tickets/new"]) {
      await page.goto(`${t.url}${path}?lang=en`);
      await page.locator("h1").waitFor();
      expect(await overflow(), path).toBe(0);
    }
    // The new-ticket page refuses a free ticket on the expired license and shows the way to the official number.
    const premium = page.locator("section:has(#premium)");
    expect(await premium.getByRole("link", { name: "Chat on WhatsApp" }).getAttribute("href")).toMatch(
      /^https:\/\/wa\.me\/\d+$/,
    );
    // A ticket with a long unbroken line still fits.
    await page.getByLabel("Subject").fill("Checkout breaks on phones");
    await page.getByLabel("Describe the problem").fill(`Error: ${"x".repeat(300)}`);
    await page.getByRole("button", { name: "Open ticket" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Ticket #\d+ is open/ })
      .waitFor();
    expect(await overflow(), "ticket view").toBe(0);

    // Signed out, the link-sent page with its way forward fits too.
    await context.clearCookies();
    await page.goto(`${t.url}/support?lang=en`);
    await page.getByRole("textbox", { name: "Email" }).fill("someone-else@example.com");
    await page.getByRole("button", { name: "Send me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Not the address of your purchase?" }).waitFor();
    expect(await overflow(), "link sent").toBe(0);
    await context.close();
  });

  it("works on a phone-sized screen in Spanish", async () => {
    const page = await browser.newPage({ locale: "es-ES", viewport: { width: 375, height: 740 } });
    await page.goto(`${t.url}/support`);
    await page.getByRole("heading", { level: 1, name: "Tickets de soporte" }).waitFor();
    expect(await page.locator("main").textContent()).toContain(
      "los clientes con una licencia activa reciben soporte gratuito",
    );
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);

    // The desk's ticket list and ticket view fit a phone too.
    await agentSignIn(page);
    await openScreen(page, "Tickets");
    await page.getByRole("link", { name: /Filter does not show on mobile/ }).click();
    await page.getByRole("button", { name: "Enviar respuesta" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });
});
