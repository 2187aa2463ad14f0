import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../test/browser.js";
import { OWNER } from "../test/harness.js";
import { startListeningServer } from "../test/listen.js";
import { createUser } from "../users/users.service.js";

const AGENT = { email: "ana@example.com", password: "agent-password-1" };

describeBrowser("the reports screen in Chromium", () => {
  const suite = browserSuite(async () => {
    const t = await startListeningServer("sqlite");
    await createUser(t.server.ctx, { ...AGENT, name: "Ana", role: "agent", language: "en" });
    return t;
  });

  async function openReports(page: Page, who: { email: string; password: string }) {
    await signInWithForm(page, `${suite.t.url}/app/reports`, who);
    await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
  }

  /** The panels every agent sees, in order. */
  const ACTIVITY = [
    "Messages per day per number",
    "Pre-sales vs redirected conversations",
    "Tickets opened and resolved",
    "WhatsApp ad leads",
    "Pre-sales questions: catalogue or agents",
    "Median first response",
  ];
  const panels = (page: Page) => page.locator(".report-panel h2").allTextContents();

  it("shows the owner every panel, each with its CSV for the chosen range", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    await openReports(page, OWNER);
    expect(await panels(page)).toEqual([
      ...ACTIVITY,
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
    const page = await suite.browser.newPage({ locale: "en-US" });
    await openReports(page, AGENT);
    expect(await panels(page)).toEqual(ACTIVITY);
    await page.close();
  });
});
