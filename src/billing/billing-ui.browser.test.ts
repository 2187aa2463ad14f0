import { expect, it } from "vitest";
import {
  browserSuite,
  describeBrowser,
  openScreen,
  screenshot,
  sideScroll,
  signInWithForm,
} from "../test/browser.js";
import { storedSetting } from "../test/harness.js";
import {
  personaSends,
  personaTaps,
  startSimulatorServer,
  textOf,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// Issue 15 in the agent app: the owner sets the seller's details and a rate card in euros in Settings, sends a
// quote in euros with a deposit of 2 hours, and the Reports screen's billing panel shows the deposit still to
// be paid; on a 390 px phone nothing scrolls sideways.

describeBrowser("premium billing in the agent app: currencies, seller, deposit, billing report", () => {
  const suite = browserSuite(() => startSimulatorServer("sqlite"));

  it("a euro card and the seller in Settings, a quote in euros with 2 hours' deposit, the report shows it", {
    timeout: 120_000,
  }, async () => {
    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 1200, height: 900 } });
    await signInWithForm(page, `${suite.t.url}/app`);
    await openScreen(page, "Settings");
    await page.getByRole("link", { name: "Invoices and currencies" }).click();
    const billing = page.getByRole("form", { name: "Invoices and currencies" });
    await billing.getByLabel("Legal name (seller on invoices)").fill("HuntBee Software S.L.");
    await billing.getByLabel("Address").fill("Calle Mayor 1, 28013 Madrid, Spain");
    await billing.getByLabel("Tax id (VAT, GST…)").fill("ESB12345678");
    await billing.getByRole("button", { name: "Add a currency" }).click();
    await billing.getByLabel("Currency (ISO code, e.g. EUR)").fill("eur");
    await billing.getByLabel("Urgent critical work, per hour").fill("28");
    await billing.getByRole("button", { name: "Save invoices and currencies" }).click();
    await billing.getByText("Invoices and currencies saved.").waitFor();
    const vendor = await storedSetting(suite.t, "vendor");
    expect([vendor.legalName, vendor.address, vendor.taxId]).toEqual([
      "HuntBee Software S.L.",
      "Calle Mayor 1, 28013 Madrid, Spain",
      "ESB12345678",
    ]);
    const rates = await storedSetting(suite.t, "rates");
    expect(rates.cards).toHaveLength(1);
    expect(rates.cards[0]).toMatchObject({ currency: "EUR", hourly: { urgent_critical: 2800 } });
    expect(rates.currency).toBe("USD");
    // A repeated currency is refused with the server's reason, and nothing changes.
    await billing.getByRole("button", { name: "Add a currency" }).click();
    await billing.getByLabel("Currency (ISO code, e.g. EUR)").last().fill("EUR");
    await billing.getByRole("button", { name: "Save invoices and currencies" }).click();
    await billing.getByText("must not repeat a currency").waitFor();
    expect((await storedSetting(suite.t, "rates")).cards).toHaveLength(1);
    await billing.getByRole("button", { name: "Remove the EUR card" }).last().click();
    await screenshot(page, "b1-settings");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sideScroll(page)).toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1200, height: 900 });

    // The customer asks for urgent work; the owner quotes it in euros with 2 hours paid in advance.
    const server = suite.t.server;
    await personaSends(server, "john", "Hi, my checkout is broken and I need urgent help", { to: "premium" });
    await waitForBusinessMessage(server, "john", { to: "premium", match: (m) => m.content.type === "list" });
    await personaTaps(server, "john", "service:urgent_critical", { to: "premium" });
    await openScreen(page, "Premium");
    await page.getByRole("link", { name: /John Carter/ }).click();
    await page.getByRole("heading", { name: /John Carter/ }).waitFor();
    await page.getByLabel("Currency (rate card)").selectOption("EUR");
    expect(await page.locator(".quote-form").textContent()).toContain("€28.00 per hour");
    await page.getByLabel("Deposit before work starts").selectOption("hours");
    await page.getByLabel("Hours paid in advance").fill("2");
    await page.getByLabel("Estimate (hours)").fill("1");
    await page.getByLabel("Cap (hours)").fill("3");
    await screenshot(page, "b2-quote-form");
    await page.getByRole("button", { name: "Send quote on WhatsApp" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Quote Q-\w{4} sent/ })
      .waitFor();
    const quote = await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => m.content.type === "buttons" && textOf(m).includes("Premium support quote"),
    });
    expect(textOf(quote)).toContain("Rate: €28.00 per hour.");
    expect(textOf(quote)).toContain("Cap: 3 hours, never more than €84.00.");
    expect(textOf(quote)).toContain("Deposit before work starts: €56.00.");
    await personaTaps(server, "john", "Accept", { to: "premium" });
    await page.getByRole("heading", { name: /Agreement · Q-/ }).waitFor();

    // The owner's report: the deposit still to be paid, in euros, and the other billing figures.
    await openScreen(page, "Reports");
    const panel = page.getByRole("region", { name: "Premium billing" });
    await panel.getByText("€56.00 to be paid · engagements: 1").waitFor();
    expect(await panel.getByTestId("billing-disputed").textContent()).toBe("0");
    expect(await panel.getByTestId("billing-approval").textContent()).toBe("No review answered yet.");
    await screenshot(page, "b3-reports");
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    expect(await sideScroll(page)).toBeLessThanOrEqual(1);
    await screenshot(page, "b4-reports-phone");
    await page.close();
  });
});
