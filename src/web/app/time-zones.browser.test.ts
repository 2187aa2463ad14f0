import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../../test/browser.js";
import { signInCookie } from "../../test/harness.js";
import { testHttp } from "../../test/http.js";
import { startListeningServer } from "../../test/listen.js";
import { buildPortalWorld } from "../../tickets/tickets.factories.js";

// The agent app shows times in the viewer's own zone (here Chromium's timezoneId, not the server's or the
// vendor's Asia/Kolkata), and names the zone where a deadline could be misread.

describeBrowser("times in the agent app, in the viewer's time zone", () => {
  let ticket = { id: "", number: 0, createdAt: "", firstResponseDueAt: "" };
  const suite = browserSuite(async () => {
    const t = await startListeningServer("sqlite");
    const http = testHttp(() => t.server);
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
    return t;
  });

  it("shows a ticket's times in America/Mexico_City and names the zone of its deadline", async () => {
    const zone = "America/Mexico_City";
    const { t, browser } = suite;
    const context = await browser.newContext({ locale: "en-US", timezoneId: zone });
    const page = await context.newPage();
    await signInWithForm(page, `${t.url}/app`);
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
