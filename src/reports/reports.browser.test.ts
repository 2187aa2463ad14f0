import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../test/browser.js";
import { OWNER, type TestServer } from "../test/harness.js";
import { startListeningServer } from "../test/listen.js";
import { createUser } from "../users/users.service.js";

const AGENT = { email: "ana@example.com", password: "agent-password-1" };

describeBrowser("the reports screen in Chromium", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    t = await startListeningServer("sqlite");
    browser = await launchBrowser();
    await createUser(t.server.ctx, { ...AGENT, name: "Ana", role: "agent", language: "en" });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openReports(page: Page, who: { email: string; password: string }) {
    await page.goto(`${t.url}/app/reports`);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
  }

  const panels = (page: Page) => page.locator(".report-panel h2").allTextContents();

  it("shows the owner every panel, each with its CSV for the chosen range", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await openReports(page, OWNER);
    expect(await panels(page)).toEqual([
      "Messages per day per number",
      "Pre-sales vs redirected conversations",
      "Tickets opened and resolved",
      "WhatsApp ad leads",
      "Pre-sales questions: catalogue or agents",
      "Median first response",
      "Premium hours by service type",
      "Revenue by month",
      "Unpaid invoices",
      "Premium billing",
    ]);
    await page.getByLabel("From").fill("2026-11-01");
    await page.getByLabel("To").fill("2026-11-30");
    await page.getByRole("button", { name: "Show" }).click();
    const csv = page
      .getByRole("region", { name: "Tickets opened and resolved" })
      .getByRole("link", { name: "CSV" });
    await expect
      .poll(() => csv.getAttribute("href"))
      .toBe("/api/v1/reports/tickets.csv?from=2026-11-01&to=2026-11-30");
    await page.close();
  });

  it("shows an agent without premium access no premium or money panel", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await openReports(page, AGENT);
    expect(await panels(page)).toEqual([
      "Messages per day per number",
      "Pre-sales vs redirected conversations",
      "Tickets opened and resolved",
      "WhatsApp ad leads",
      "Pre-sales questions: catalogue or agents",
      "Median first response",
    ]);
    await page.close();
  });
});
