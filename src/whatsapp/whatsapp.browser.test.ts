import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../test/browser.js";
import { OWNER, TestClock, type TestServer } from "../test/harness.js";
import { personaSends, startSimulatorServer, waitForBusinessMessage } from "./simulator/simulator.testing.js";

// Settings → WhatsApp and a template send in Chromium, against the simulator: the owner tests the connection,
// subscribes, submits the starter templates (approved by the simulator's review webhook), and answers a
// customer who went quiet for a day with an approved template, its variables filled and previewed.

describeBrowser("connecting WhatsApp and sending a template (Chromium)", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  // The server starts a day and a bit in the past, so that moving it to now closes the customer's window for
  // the browser too (the app compares the window's end with the browser's own clock).
  const clock = new TestClock(new Date(Date.now() - 26 * 3600_000));

  beforeAll(async () => {
    t = await startSimulatorServer("sqlite", { clock, simulator: { templateReviewMs: 200 } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(path: string): Promise<Page> {
    const page = await browser.newPage({ locale: "en-US" });
    page.setDefaultTimeout(10_000);
    await page.goto(`${t.url}${path}`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    return page;
  }

  it("tests the connection, subscribes and submits the starter templates", async () => {
    const page = await signIn("/app/settings");
    const section = page.getByRole("region", { name: "WhatsApp" });
    await section.waitFor();
    expect(await section.getByTestId("callback-url").textContent()).toBe(`${t.url}/webhooks/whatsapp`);
    await section.getByRole("button", { name: "Test connection" }).click();
    await section.getByRole("status").filter({ hasText: "Connection tested." }).waitFor();
    expect(await section.getByTestId("presales-verifiedName").textContent()).toBe("HuntBee");
    expect(await section.getByTestId("presales-quality").textContent()).toBe("GREEN");
    await section.getByRole("button", { name: "Subscribe to webhooks" }).click();
    await section.getByRole("status").filter({ hasText: "Subscribed" }).waitFor();

    const templates = page.getByRole("region", { name: "Message templates" });
    await templates.getByRole("button", { name: "Submit the starter templates" }).click();
    await templates.getByRole("status").filter({ hasText: "submitted for review" }).waitFor();
    // The simulator approves them a moment later; the list follows the review webhooks.
    await expect
      .poll(async () => templates.locator('tr[data-status="APPROVED"]').count(), { timeout: 15_000 })
      .toBe(10);
    await page.close();
  });

  it("saves the business profile, pushes it to both numbers and shows it synced", async () => {
    const page = await signIn("/app/settings");
    const numbers = page.getByRole("region", { name: "WhatsApp" });
    await numbers.getByTestId("premium-profile").waitFor();
    const form = page.getByRole("form", { name: "WhatsApp business profile" });
    await form.getByLabel("Description (up to 512 characters)").fill("OpenCart extensions and support");
    await form.getByLabel("Email").fill("support@huntbee.example");
    await form.getByLabel("Website", { exact: true }).fill("https://huntbee.example");
    await form.getByLabel("Category").selectOption({ label: "Professional services" });
    await form.getByRole("button", { name: "Save and push the profile" }).click();
    await form.getByRole("status").filter({ hasText: "saved" }).waitFor();
    await expect.poll(() => numbers.getByTestId("premium-profile").textContent()).toBe("synced");
    expect(await numbers.getByTestId("presales-profile").textContent()).toBe("synced");

    await page.close();
  });

  it("offers approved templates outside the 24-hour window, fills the name, previews and sends", async () => {
    await personaSends(t.server, "john", "Hi, I have a question about the SEO module licence");
    clock.set(new Date().toISOString());
    const page = await signIn("/app/inbox");
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
    await page.getByRole("link", { name: /John/ }).first().click();
    const composer = page.getByLabel("The 24-hour window is closed: send an approved template");
    await composer.waitFor();
    await composer.getByLabel("Template").selectOption("beedesk_reply_waiting:en");
    expect(await composer.getByLabel("Variable 1").inputValue()).toBe("John");
    await composer.getByLabel("Variable 2").fill("your licence question");
    expect(await composer.getByTestId("template-preview").textContent()).toBe(
      "Hello John, we have a reply for you about your licence question. Reply to this message to read it.",
    );
    await composer.getByRole("button", { name: "Send template" }).click();
    const received = await waitForBusinessMessage(t.server, "john", {
      match: (m) => m.content.type === "template",
    });
    expect(received.content).toMatchObject({
      template: { name: "beedesk_reply_waiting", body: ["John", "your licence question"] },
    });
    await page
      .getByText("Hello John, we have a reply for you about your licence question.")
      .first()
      .waitFor();
    await page.close();
  });
});
