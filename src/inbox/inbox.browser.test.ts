import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../test/browser.js";
import { OWNER, type TestServer } from "../test/harness.js";
import {
  businessMessagesTo,
  personaSends,
  startSimulatorServer,
  textOf,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// The agents' inbox in Chromium, end to end: a customer persona writes on the simulator, the policy greets
// them, the conversation shows up in the inbox, and an agent's answer reaches the persona's phone.

describeBrowser("agents' inbox in Chromium", () => {
  let t: TestServer & { url: string };
  let browser: Browser;

  beforeAll(async () => {
    t = await startSimulatorServer("sqlite", { demo: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${t.url}/app/inbox`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
  }

  it("an agent answers a pre-sales question a persona sent from the simulator, and sees new messages live", async () => {
    await personaSends(t.server, "carlos", "Hola, ¿el módulo de SEO funciona con OpenCart 4?");
    const greeting = await waitForBusinessMessage(t.server, "carlos", { timeoutMs: 15_000 });
    expect(textOf(greeting)).toContain("consultas previas a la venta");
    expect(greeting.content.type).toBe("buttons");

    const page = await browser.newPage({ locale: "en-US" });
    await signIn(page);
    const item = page.getByRole("link", { name: /Carlos Ruiz/ });
    await item.waitFor();
    expect(await item.textContent()).toContain("Pre-sales");
    expect(await item.textContent()).toContain("left to reply");
    await item.click();

    const thread = page.getByRole("article", { name: "Carlos Ruiz" });
    await thread.getByText("¿el módulo de SEO funciona con OpenCart 4?").waitFor();
    // The automatic greeting, with its buttons, is in the thread too.
    await thread.getByText("Pregunta de preventa").waitFor();
    // Not linked to a customer: the panel offers to link one.
    await page.getByText("Not linked to a customer.").waitFor();

    await page.getByLabel("Reply", { exact: true }).fill("¡Sí! Funciona con OpenCart 4.0 a 4.1.");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const answer = await waitForBusinessMessage(t.server, "carlos", {
      match: (m) => textOf(m).includes("Funciona con OpenCart 4.0 a 4.1"),
    });
    expect(answer.content.type).toBe("text");
    await expect
      .poll(() => page.getByRole("link", { name: /Carlos Ruiz/ }).textContent())
      .toContain("Replied");

    // The customer answers: it shows up without a reload.
    await personaSends(t.server, "carlos", "Perfecto, gracias. ¿Y tiene demo?");
    await thread.getByText("Perfecto, gracias. ¿Y tiene demo?").waitFor();
    expect(businessMessagesTo(t.server, "carlos")).toHaveLength(2);

    // An internal note stays inside beedesk.
    await page.getByRole("tab", { name: "Note" }).click();
    await page.getByLabel("Note", { exact: true }).fill("Interested in SEO Suite, OC 4.1");
    await page.getByRole("button", { name: "Add note" }).click();
    await thread.getByText("Interested in SEO Suite, OC 4.1").waitFor();
    expect(businessMessagesTo(t.server, "carlos")).toHaveLength(2);
    await page.close();
  });

  it("shows a linked customer's licenses and works on a phone-sized screen: list, then conversation", async () => {
    await personaSends(
      t.server,
      "james",
      "I bought One Page Checkout and it shows an error after installing",
    );
    const redirect = await waitForBusinessMessage(t.server, "james", { timeoutMs: 15_000 });
    expect(textOf(redirect)).toContain("One Page Checkout");

    const page = await browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    await signIn(page);
    await page.getByLabel("State").selectOption("redirected");
    const item = page.getByRole("link", { name: /James Whitaker/ });
    await item.click();
    const thread = page.getByRole("article", { name: "James Whitaker" });
    await thread.waitFor();
    // On a phone the list gives way to the conversation, with a way back.
    expect(await page.getByRole("heading", { name: "Inbox", level: 1 }).isVisible()).toBe(false);
    await page.getByText(/One Page Checkout\s+support ended/).waitFor();
    await page.getByRole("button", { name: /Back to the list/ }).click();
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
    await page.close();
  });
});
