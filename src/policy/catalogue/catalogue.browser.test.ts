import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, openScreen, signInWithForm } from "../../test/browser.js";
import { signInCookie, storedSetting } from "../../test/harness.js";
import {
  personaSends,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../../whatsapp/simulator/simulator.testing.js";

// Issue 18 in the agent app: an automatic catalogue answer shows its source in the thread and is corrected in
// one click; a question left to an agent shows the suggestion, sent in one click.
describeBrowser("catalogue answers in the conversation screen, in Chromium", () => {
  const suite = browserSuite(() => startSimulatorServer("sqlite", { demo: true }));

  async function openConversation(page: Page, name: string) {
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, `${suite.t.url}/app/inbox`);
    await page.getByRole("link", { name: new RegExp(name) }).click();
    return page.getByRole("article", { name });
  }

  it("shows an automatic answer's source and corrects it in one click", async () => {
    await personaSends(suite.t.server, "carlos", "¿El módulo de facturas funciona con OpenCart 4.0.2.3?");
    await waitForBusinessMessage(suite.t.server, "carlos", {
      timeoutMs: 15_000,
      match: (m) => m.content.type === "text" && m.content.text.includes("PDF Invoice Pro"),
    });
    const page = await suite.browser.newPage({ locale: "en-US" });
    const thread = await openConversation(page, "Carlos Ruiz");
    await thread
      .getByText(
        "Automatic answer from the catalogue: PDF Invoice Pro · platformVersions: 3.0, 4.0 · confidence 100 %",
      )
      .waitFor();
    await thread.getByRole("button", { name: "Correct it" }).click();
    await waitForBusinessMessage(suite.t.server, "carlos", {
      match: (m) => m.content.type === "text" && m.content.text.startsWith("Una corrección"),
    });
    await thread.getByText("Corrected; the customer was sent a retraction.").waitFor();
    await page.locator(".conversation-head").getByText("Needs a reply").waitFor();
    await page.close();
  });

  it("shows the suggestion for a question it left to an agent and sends it in one click", async () => {
    await personaSends(suite.t.server, "john", "Does your shipping module work with OpenCart 4?");
    await waitForBusinessMessage(suite.t.server, "john", { timeoutMs: 15_000 });
    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    const thread = await openConversation(page, "John Carter");
    await thread.getByText("Not answered automatically: no product recognised.", { exact: false }).waitFor();
    await thread.getByText("Suggested answer").waitFor();
    await thread.getByRole("button", { name: "Send suggestion" }).click();
    await waitForBusinessMessage(suite.t.server, "john", {
      match: (m) =>
        m.content.type === "text" && m.content.text.startsWith("Which of our extensions do you mean"),
    });
    await thread.getByText("Catalogue suggestion sent by an agent", { exact: false }).waitFor();
    await page.close();
  });

  it("turns a kind of answer off in Settings and edits a product's facts on the Products screen", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, `${suite.t.url}/app`);
    await openScreen(page, "Settings");
    await page.getByRole("link", { name: "Catalogue answers" }).click();
    const section = page.getByRole("form", { name: "Catalogue answers" });
    await section.getByLabel("Price, with the store link").uncheck();
    await section.getByRole("button", { name: "Save catalogue answers" }).click();
    await section.getByText("Catalogue answers saved.").waitFor();
    expect((await storedSetting(suite.t, "presales")).catalogue).toEqual({
      compatibility: true,
      price: false,
      link: true,
      qa: true,
    });

    await page.goto(`${suite.t.url}/app/products`);
    await page.getByRole("button", { name: "Edit PDF Invoice Pro" }).click();
    const form = page.getByRole("form", { name: "Edit PDF Invoice Pro" });
    await form.getByLabel("Price").fill("35.50");
    await form.getByLabel("PHP versions").fill("8.1, 8.2");
    await form.getByLabel("Multistore").check();
    await form.getByRole("button", { name: "Add a question" }).click();
    await form.getByLabel("Language").selectOption("es");
    await form.getByLabel("Question", { exact: true }).fill("¿Envía las facturas por correo?");
    await form.getByLabel("Answer", { exact: true }).fill("Sí, adjunta el PDF al correo del pedido.");
    await form.getByRole("button", { name: "Save product" }).click();
    await form.waitFor({ state: "detached" });
    const cookie = await signInCookie(suite.t.server);
    const products = await suite.t.server.app.inject({
      method: "GET",
      url: "/api/v1/products",
      headers: { cookie },
    });
    const invoice = (products.json().data as Record<string, unknown>[]).find(
      (p) => p.name === "PDF Invoice Pro",
    );
    expect(invoice).toMatchObject({
      priceCents: 3550,
      currency: "USD",
      phpVersions: ["8.1", "8.2"],
      flavours: ["ocmod", "vqmod", "multistore"],
      qa: [
        {
          question: "¿Envía las facturas por correo?",
          answer: "Sí, adjunta el PDF al correo del pedido.",
          language: "es",
        },
      ],
    });
    await page.close();
  });
});
