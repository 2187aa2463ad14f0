import { expect, it } from "vitest";
import {
  browserSuite,
  describeBrowser,
  openScreen,
  screenshot,
  sideScroll,
  signInWithForm,
} from "../test/browser.js";
import {
  personaSends,
  personaTaps,
  startSimulatorServer,
  textOf,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// The whole premium journey, as the seed promises it: the customer writes to the premium number and picks
// urgent critical work; the owner sends a quote from the agent app; the customer taps Accept; the owner
// runs the timer, adds time, closes and invoices; the customer receives the summary, the total and the
// payment link. The customer's side is the built-in simulator, through the real webhook.

describeBrowser("premium journey in the simulator and the agent app", () => {
  const suite = browserSuite(() => startSimulatorServer("sqlite"));

  it("quote → Accept → timer → close → invoice → the customer gets the total and the payment link", {
    timeout: 90_000,
  }, async () => {
    const server = suite.t.server;
    await personaSends(server, "john", "Hi, my checkout is broken and I need urgent help", { to: "premium" });
    const card = await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => m.content.type === "list",
    });
    expect(textOf(card)).toContain("Urgent critical work: $30.00 per hour");
    await personaTaps(server, "john", "service:urgent_critical", { to: "premium" });

    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 1200, height: 900 } });
    page.on("dialog", (dialog) => void dialog.accept());
    await signInWithForm(page, `${suite.t.url}/app`);
    await openScreen(page, "Premium");
    await page.getByRole("link", { name: /John Carter/ }).click();
    await page.getByRole("heading", { name: /John Carter/ }).waitFor();
    await screenshot(page, "1-requested");

    // The quote form is prefilled from the rate card for the service the customer picked.
    await expect.poll(() => page.getByLabel("Service").inputValue()).toBe("urgent_critical");
    expect(await page.locator(".quote-form").textContent()).toContain("$30.00 per hour");
    await page.getByLabel("Estimate (hours)").fill("1");
    await page.getByLabel("Cap (hours)").fill("2");
    await page.getByRole("button", { name: "Send quote on WhatsApp" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Quote Q-\w{4} sent/ })
      .waitFor();
    await screenshot(page, "2-quoted");

    const quote = await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => m.content.type === "buttons" && textOf(m).includes("Premium support quote"),
    });
    expect(textOf(quote)).toContain("Rate: $30.00 per hour.");
    expect(textOf(quote)).toContain("We stop and ask you again before going past 2 hours");
    await personaTaps(server, "john", "Accept", { to: "premium" });
    await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => textOf(m).includes("is accepted"),
    });

    // The app follows live: the agreement appears with its evidence.
    await page.getByRole("heading", { name: /Agreement · Q-/ }).waitFor();
    expect(await page.locator(".agreement").textContent()).toMatch(/[0-9a-f]{64}/);
    await screenshot(page, "3-agreed");

    await page.getByRole("button", { name: "Start timer" }).click();
    await page.getByText(/Timer running: 0:00:0\d/).waitFor();
    await page.waitForTimeout(1200);
    await page.getByPlaceholder("What was done").fill("Found the broken payment hook");
    await screenshot(page, "4-timer");
    await page.getByRole("button", { name: "Stop timer" }).click();
    await page.getByText("Found the broken payment hook").waitFor();

    await page.getByLabel("Minutes").fill("20");
    await page.getByRole("textbox", { name: "What was done" }).last().fill("Fixed and tested the checkout");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText("Fixed and tested the checkout").waitFor();
    expect(await page.locator(".cap").textContent()).toContain("21 min of 2 h used");

    await page.getByRole("button", { name: "Close the engagement" }).click();
    await page.locator(".badge", { hasText: "In review" }).first().waitFor();
    const summary = await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => textOf(m).startsWith("Summary"),
    });
    expect(textOf(summary)).toContain("Billed time: 30 min (blocks of 15 minutes).");
    expect(textOf(summary)).toContain("Amount: $15.00.");

    // The customer reviews the time on the link (Spanish and English pages) and approves it.
    const reviewPath = /\/billing\/review\/[0-9a-z]{40}/.exec(textOf(summary))?.[0];
    expect(reviewPath).toBeTruthy();
    const customer = await suite.browser.newPage({ viewport: { width: 390, height: 844 } });
    await customer.goto(`${suite.t.url}${reviewPath}?lang=es`);
    await customer.getByRole("heading", { name: "Revisión de tu soporte premium" }).waitFor();
    expect(await customer.locator("table.review-entries").textContent()).toContain(
      "Fixed and tested the checkout",
    );
    expect(await customer.getByRole("button", { name: "Aprobar" }).count()).toBe(1);
    expect(await customer.getByRole("button", { name: "Algo no está bien" }).count()).toBe(1);
    await screenshot(customer, "5a-review-es");
    await customer.goto(`${suite.t.url}${reviewPath}?lang=en`);
    await customer.getByRole("heading", { name: "Review of your premium support" }).waitFor();
    expect(await customer.getByTestId("review-total").textContent()).toBe("$15.00");
    expect(await customer.locator("table.review-total").textContent()).toContain(
      "Rounding up to blocks of 15 minutes",
    );
    await customer.getByRole("button", { name: "Approve" }).click();
    await customer.getByRole("status").filter({ hasText: "you approved this work" }).waitFor();
    await screenshot(customer, "5b-review-approved");
    await customer.close();
    await page.locator(".badge", { hasText: "Closed" }).first().waitFor();

    await page.getByRole("button", { name: "Issue the invoice" }).click();
    await page.getByRole("heading", { name: /Invoice INV-\d{4}-0001/ }).waitFor();
    await screenshot(page, "5-invoiced");
    const invoice = await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => textOf(m).startsWith("Invoice INV-"),
    });
    expect(textOf(invoice)).toMatch(/Invoice INV-\d{4}-0001 for your premium support: \$15\.00\./);
    expect(textOf(invoice)).toContain("Pay here: https://www.paypal.me/huntbee/15.00USD");

    const pdfUrl = await page.getByRole("link", { name: "Download PDF" }).getAttribute("href");
    const pdf = await page.request.get(`${suite.t.url}${pdfUrl}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");

    await page.getByRole("button", { name: "Mark paid" }).click();
    await page.locator(".invoice .badge", { hasText: "Paid" }).waitFor();
    await waitForBusinessMessage(server, "john", {
      to: "premium",
      match: (m) => textOf(m).includes("We received your payment"),
    });

    // The dashboard shows the hours and the money.
    await openScreen(page, "Reports");
    await page.getByRole("heading", { name: "Revenue by month" }).waitFor();
    expect(await page.locator("svg[role=img]").count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, "6-reports");

    // On a phone-sized screen the engagement still reads top to bottom.
    await page.setViewportSize({ width: 390, height: 844 });
    await openScreen(page, "Premium");
    await page.getByRole("link", { name: /John Carter/ }).click();
    await page.getByRole("heading", { name: /Invoice INV-/ }).waitFor();
    expect(await sideScroll(page)).toBeLessThanOrEqual(1);
    await screenshot(page, "7-phone");
    await page.close();
  });
});
