import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, openScreen, signInWithForm } from "../test/browser.js";
import { startListeningServer } from "../test/listen.js";
import { DEMO_CUSTOMERS } from "./demo-data.js";
import { seedLicensesDemo } from "./licenses.demo.js";

describeBrowser("customers, products and licenses screens in Chromium", () => {
  const suite = browserSuite(async () => {
    const t = await startListeningServer("sqlite");
    await seedLicensesDemo(t.server.ctx);
    return t;
  });

  async function signIn(page: Page) {
    await signInWithForm(page, `${suite.t.url}/app`);
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();
  }

  async function fitsWidth(page: Page): Promise<boolean> {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  }

  it("finds a customer, opens their license, adds a domain, extends support and revokes, on a phone", async () => {
    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    page.on("dialog", (dialog) => void dialog.accept());
    await signIn(page);
    await openScreen(page, "Customers");
    await page.getByLabel("Search customers").fill("+34 611");
    await page.getByRole("button", { name: "Search" }).click();
    const lucia = DEMO_CUSTOMERS.activeEs;
    await page.getByRole("link", { name: new RegExp(lucia.name) }).click();
    await page.getByRole("heading", { name: lucia.name }).waitFor();
    expect(await page.getByLabel("WhatsApp / phone numbers").inputValue()).toBe("+34611000001");
    expect(await page.locator(".support-badge.active").first().textContent()).toContain("Support active");
    expect(await fitsWidth(page)).toBe(true);

    const key = lucia.licenses[0].key;
    await page.getByRole("link", { name: new RegExp(key) }).click();
    await page.getByRole("heading", { name: key }).waitFor();
    await page.getByLabel("Domain", { exact: true }).fill("https://www.newshop.example/");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("button", { name: "Remove newshop.example" }).waitFor();
    const before = await page
      .locator("dd")
      .filter({ hasText: /^\d{4}-\d{2}-\d{2}$/ })
      .allTextContents();
    await page.getByLabel("By months").selectOption("3");
    await page.getByRole("button", { name: "Extend", exact: true }).click();
    await page.getByText("Support extended").waitFor();
    const after = await page
      .locator("dd")
      .filter({ hasText: /^\d{4}-\d{2}-\d{2}$/ })
      .allTextContents();
    expect(after).not.toEqual(before);
    await page.getByLabel("Reason (kept in the audit trail)").fill("chargeback");
    await page.getByRole("button", { name: "Revoke" }).click();
    await page.locator(".support-badge.revoked").waitFor();
    expect(await page.locator(".lic-audit").textContent()).toContain("“chargeback”");
    expect(await fitsWidth(page)).toBe(true);
    await page.close();
  });

  it("filters licenses by support, creates a product, and imports a CSV with a dry run first", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    await signIn(page);
    await openScreen(page, "Licenses");
    await page.getByLabel("Support").selectOption("expired");
    // The unfiltered list already shows James, so wait for the filtered answer to replace it.
    await expect.poll(() => page.locator(".lic-list li").count()).toBe(2); // James, and María's old SEO license
    await page.getByText(DEMO_CUSTOMERS.expiredEn.email).waitFor();

    await openScreen(page, "Products");
    await page.getByLabel("SKU").fill("HB-MEGA");
    await page.getByLabel("Name", { exact: true }).fill("Mega Menu Pro");
    await page.getByLabel("OpenCart versions").fill("3.0, 4.0");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByText("Mega Menu Pro").waitFor();

    await openScreen(page, "Licenses");
    const csv = [
      "Order ID;Customer Email;Customer Name;Product;Order Date;Months",
      "W-1;new.buyer@example.com;New Buyer;HB-MEGA;01/11/2026;12",
      "W-2;other@example.com;Other;Unknown Thing;2026-11-02;12",
    ].join("\r\n");
    await page.getByLabel("CSV file").setInputFiles({
      name: "export.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\uFEFF${csv}`),
    });
    await page.getByRole("button", { name: "Check file (dry run)" }).click();
    await page.getByText("Dry run: nothing was changed.").waitFor();
    const table = await page.locator(".lic-table tbody").textContent();
    expect(table).toContain("create");
    expect(table).toContain('unknown product "Unknown Thing"');
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Import finished.").waitFor();
    expect(await page.locator(".lic-summary").textContent()).toContain("To create: 1");
    await page.getByText("new.buyer@example.com").first().waitFor();
    await page.close();
  });
});
