import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { getSettings } from "../settings/settings.service.js";
import { browserSuite, describeBrowser, openScreen, signInWithForm } from "../test/browser.js";
import {
  businessMessagesTo,
  personaSends,
  simulatorOf,
  startSimulatorServer,
  textOf,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// The agents' inbox in Chromium, end to end: a customer persona writes on the simulator, the policy greets
// them, the conversation shows up in the inbox, and an agent's answer reaches the persona's phone.

describeBrowser("agents' inbox in Chromium", () => {
  const suite = browserSuite(() => startSimulatorServer("sqlite", { demo: true }));

  async function signIn(page: Page) {
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, `${suite.t.url}/app/inbox`);
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
  }

  it("an agent answers a pre-sales question a persona sent from the simulator, and sees new messages live", async () => {
    await personaSends(suite.t.server, "carlos", "Hola, ¿el módulo de filtros funciona con OpenCart 4?");
    const greeting = await waitForBusinessMessage(suite.t.server, "carlos", { timeoutMs: 15_000 });
    expect(textOf(greeting)).toContain("consultas previas a la venta");
    expect(greeting.content.type).toBe("buttons");

    const page = await suite.browser.newPage({ locale: "en-US" });
    await signIn(page);
    const item = page.getByRole("link", { name: /Carlos Ruiz/ });
    await item.waitFor();
    expect(await item.textContent()).toContain("Pre-sales");
    expect(await item.textContent()).toContain("left to reply");
    await item.click();

    const thread = page.getByRole("article", { name: "Carlos Ruiz" });
    await thread.getByText("¿el módulo de filtros funciona con OpenCart 4?").waitFor();
    // The automatic greeting, with its buttons, is in the thread too.
    await thread.getByText("Pregunta de preventa").waitFor();
    // Not linked to a customer: the panel offers to link one.
    await page.getByText("Not linked to a customer.").waitFor();

    await page.getByLabel("Reply", { exact: true }).fill("¡Sí! Funciona con OpenCart 4.0 a 4.1.");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const answer = await waitForBusinessMessage(suite.t.server, "carlos", {
      match: (m) => textOf(m).includes("Funciona con OpenCart 4.0 a 4.1"),
    });
    expect(answer.content.type).toBe("text");
    await expect
      .poll(() => page.getByRole("link", { name: /Carlos Ruiz/ }).textContent())
      .toContain("Replied");

    // The customer answers: it shows up without a reload.
    await personaSends(suite.t.server, "carlos", "Perfecto, gracias. ¿Y tiene demo?");
    await thread.getByText("Perfecto, gracias. ¿Y tiene demo?").waitFor();
    expect(businessMessagesTo(suite.t.server, "carlos")).toHaveLength(2);

    // An internal note stays inside beedesk.
    await page.getByRole("tab", { name: "Note" }).click();
    await page.getByLabel("Note", { exact: true }).fill("Interested in SEO Suite, OC 4.1");
    await page.getByRole("button", { name: "Add note" }).click();
    await thread.getByText("Interested in SEO Suite, OC 4.1").waitFor();
    expect(businessMessagesTo(suite.t.server, "carlos")).toHaveLength(2);
    await page.close();
  });

  it("shows a linked customer's licenses and works on a phone-sized screen: list, then conversation", async () => {
    await personaSends(
      suite.t.server,
      "james",
      "I bought One Page Checkout and it shows an error after installing",
    );
    const redirect = await waitForBusinessMessage(suite.t.server, "james", { timeoutMs: 15_000 });
    expect(textOf(redirect)).toContain("One Page Checkout");

    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    await signIn(page);
    await page.getByLabel("State").selectOption("redirected");
    const item = page.getByRole("link", { name: /James Whitaker/ });
    await item.click();
    const thread = page.getByRole("article", { name: "James Whitaker" });
    await thread.waitFor();
    // On a phone the list gives way to the conversation, with a way back.
    expect(await page.getByRole("heading", { name: "Inbox", level: 1 }).isVisible()).toBe(false);
    // The customer and the actions open as a drawer there.
    await page.getByRole("button", { name: "Customer and actions", exact: true }).click();
    await page.getByText(/One Page Checkout\s+support ended/).waitFor();
    // A ticket from the conversation: support has ended, so the agent gives a courtesy reason.
    await page.getByText("Create a ticket").click();
    await page.getByLabel("Subject").fill("Error after installing One Page Checkout");
    await page.getByLabel("Courtesy reason (support is not active)").fill("Installed before support ended");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Ticket #\d+ created/ })
      .waitFor();
    await page.getByRole("button", { name: "Close customer and actions" }).click();
    await page.getByRole("button", { name: /Back to the list/ }).click();
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
    await page.close();
  });

  it("lets the owner reword an auto-reply with a live preview, refuses one over WhatsApp's limits, and pushes the profile text", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    await signIn(page);
    await openScreen(page, "Settings");
    await page.getByRole("heading", { name: "Auto-replies" }).waitFor();

    // A greeting that only breaks the 1024-character limit once {rates} is filled in: the preview says so
    // and saving is refused.
    const greeting = page.getByLabel("Greeting on the official number (new contact, once per cooldown)");
    await greeting.fill(`${"Hola. ".repeat(165)}{rates}`);
    await page.getByRole("alert").filter({ hasText: "at most 1024 characters" }).waitFor();
    await page.getByRole("button", { name: "Save auto-replies" }).click();
    await page.getByRole("status").filter({ hasText: "at most 1024" }).waitFor();
    expect((await getSettings(suite.t.server.ctx)).texts.overrides).toEqual({});

    await page.getByLabel("Button: pre-sales question").fill("Consulta de preventa");
    await greeting.fill("¡Hola! Soy el asistente de {vendor}. Soporte premium: {premiumLink}");
    const preview = page.getByRole("complementary", { name: "Preview" });
    await preview
      .getByText("¡Hola! Soy el asistente de HuntBee. Soporte premium: https://wa.me/34600333444")
      .waitFor();
    await preview.getByText("Consulta de preventa").waitFor();
    await page.getByRole("button", { name: "Save auto-replies" }).click();
    await page.getByRole("status").filter({ hasText: "Auto-replies saved." }).waitFor();
    expect((await getSettings(suite.t.server.ctx)).texts.overrides.buttonPresales).toEqual({
      es: "Consulta de preventa",
    });

    // A new Spanish contact now gets the owner's wording.
    const nueva = await simulatorOf(suite.t.server).createPersona({
      name: "Nueva Clienta",
      phone: "+34 699 000 777",
      language: "es",
    });
    await personaSends(suite.t.server, nueva, "Hola, ¿tienen descuento por volumen?");
    const greeted = await waitForBusinessMessage(suite.t.server, nueva, { timeoutMs: 15_000 });
    expect(textOf(greeted)).toBe(
      "¡Hola! Soy el asistente de HuntBee. Soporte premium: https://wa.me/34600333444",
    );
    expect(greeted.content.type === "buttons" && greeted.content.buttons.map((b) => b.title)).toEqual([
      "Consulta de preventa",
      "Ayuda con mi compra",
      "Soporte premium",
    ]);

    // The profile text: saved in settings, pushed to WhatsApp (the simulator's business profile).
    const about =
      "Solo preventa. Soporte premium de pago: +34 600 333 444. Tickets gratis con licencia activa.";
    await page.getByLabel('Official number\'s profile text (WhatsApp "about")').fill(about);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Saved\.$/ })
      .waitFor();
    const presales = (await getSettings(suite.t.server.ctx)).channels.presales.phoneNumberId;
    await expect.poll(() => simulatorOf(suite.t.server).store.profile(presales).about).toBe(about);
    await page.close();
  });
});
