import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../../test/browser.js";
import { OWNER, signInCookie, type TestServer } from "../../test/harness.js";
import { testHttp } from "../../test/http.js";
import { startListeningServer } from "../../test/listen.js";
import { buildPortalWorld } from "../../tickets/tickets.factories.js";

// The agent app shows times in the viewer's own zone (here Chromium's timezoneId, not the server's or the
// vendor's Asia/Kolkata), and names the zone where a deadline could be misread.

describeBrowser("times in the agent app, in the viewer's time zone", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  const http = testHttp(() => t.server);
  let ticket = { id: "", number: 0, createdAt: "", firstResponseDueAt: "" };

  beforeAll(async () => {
    t = await startListeningServer("sqlite");
    browser = await launchBrowser();
    const world = await buildPortalWorld(t.server.ctx);
    const owner = await signInCookie(t.server);
    const created = await http.post("/api/v1/tickets", owner, {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "configuration",
      subject: "Which time is it",
      description: "The filter broke this morning.",
    });
    expect(created.statusCode).toBe(201);
    ticket = created.json();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows a ticket's times in America/Mexico_City and names the zone of its deadline", async () => {
    const zone = "America/Mexico_City";
    const context = await browser.newContext({ locale: "en-US", timezoneId: zone });
    const page = await context.newPage();
    await page.goto(`${t.url}/app`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /Welcome/ }).waitFor();
    await page.goto(`${t.url}/app/tickets/${ticket.id}`);
    await page.getByRole("heading", { name: `#${ticket.number} Which time is it` }).waitFor();

    const inMexico = (iso: string) =>
      new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(
        new Date(iso),
      );
    const inKolkata = (iso: string) =>
      new Intl.DateTimeFormat("en", {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: "Asia/Kolkata",
      }).format(new Date(iso));
    const text = (await page.locator("main").textContent()) ?? "";
    expect(inMexico(ticket.createdAt)).not.toBe(inKolkata(ticket.createdAt));
    expect(text).toContain(inMexico(ticket.createdAt));
    expect(text).not.toContain(inKolkata(ticket.createdAt));
    // The first-response deadline names the viewer's zone (Central Standard Time: CST).
    expect(text).toContain(`First response due ${inMexico(ticket.firstResponseDueAt)} CST`);
    await context.close();
  });
});
