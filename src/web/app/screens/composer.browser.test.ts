import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../../../test/browser.js";
import {
  personaSends,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../../../whatsapp/simulator/simulator.testing.js";

// Issue 14, composer: "/" opens the canned replies filled for this customer, one click sends the portal link,
// and the keyboard moves through the inbox (j/k, r, e, ?); desktop and a 390 px phone.
describeBrowser("the WhatsApp composer and the inbox's shortcuts in Chromium", () => {
  const suite = browserSuite(async () => {
    const t = await startSimulatorServer("sqlite", { demo: true });
    for (const [persona, text] of [
      ["carlos", "Hola, ¿el módulo funciona con OpenCart 4?"],
      ["john", "Hello, does the module work with OpenCart 4?"],
    ] as const) {
      await personaSends(t.server, persona, text);
      await waitForBusinessMessage(t.server, persona, { timeoutMs: 15_000 });
    }
    return t;
  });

  async function signIn(page: Page) {
    await signInWithForm(page, `${suite.t.url}/app/inbox`);
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
  }

  const noSideScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`"/" offers canned replies filled for the customer; Enter inserts one (${viewport.width} px)`, async () => {
      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      await page
        .getByRole("link", { name: /Carlos/ })
        .first()
        .click();
      const reply = page.getByRole("textbox", { name: "Reply" });
      await reply.click();
      await reply.pressSequentially("/portal");
      const list = page.getByRole("listbox", { name: "Canned replies" });
      await list.waitFor();
      const options = list.getByRole("option");
      await expect.poll(() => options.count()).toBeGreaterThan(0);
      const first = (await options.first().textContent()) ?? "";
      expect(first).toContain("/support?lang=");
      expect(first).toContain("Carlos");
      expect(first).not.toContain("{name}");
      await reply.press("Enter");
      await expect.poll(() => list.count()).toBe(0);
      const text = await reply.inputValue();
      expect(text).toMatch(/^(Hi|Hola) Carlos/);
      expect(text).not.toContain("/portal");

      // A word that matches nothing says so, and Escape closes the list, keeping the text.
      await reply.pressSequentially(" /zzzz");
      await page.getByText("No canned reply matches").waitFor();
      await reply.press("Escape");
      await expect.poll(() => page.getByText("No canned reply matches").count()).toBe(0);
      expect(await reply.inputValue()).toContain("/zzzz");
      expect(await noSideScroll(page)).toBe(true);
      await page.close();
    });

    it(`shows search results' matching words highlighted and jumps to the message (${viewport.width} px)`, async () => {
      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      await page.getByLabel("Search messages").fill("funciona");
      const item = page.locator("a.conversation-item", { hasText: "Carlos" }).first();
      const mark = item.locator("mark").first();
      await mark.waitFor();
      expect(await mark.textContent()).toBe("funciona");
      expect(await item.getAttribute("href")).toMatch(/#message-/);
      await item.click();
      const found = page.locator("li.entry.found");
      await found.waitFor();
      expect(await found.textContent()).toContain("OpenCart 4");
      expect(await noSideScroll(page)).toBe(true);
      await page.close();
    });

    it(`sends the portal link in one click (${viewport.width} px)`, async () => {
      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      await page
        .getByRole("link", { name: /John Carter/ })
        .first()
        .click();
      await page.getByRole("button", { name: "Portal link" }).click();
      await page.getByRole("status").filter({ hasText: "Sent." }).waitFor();
      await expect.poll(() => page.locator(".thread").textContent()).toContain("/support?lang=");
      await page.close();
    });

    it(`inserts emoji from the picker with the keyboard and sends them (${viewport.width} px)`, async () => {
      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      await page
        .getByRole("link", { name: /John Carter/ })
        .first()
        .click();
      const reply = page.getByRole("textbox", { name: "Reply" });
      await reply.fill(`Thanks ${viewport.width} `);
      const toggle = page.getByRole("button", { name: "Emoji", exact: true });
      await toggle.click();
      const grid = page.getByRole("group", { name: "Emoji" });
      // The first emoji has the focus; the arrows move, Enter inserts at the caret and closes the grid.
      await expect
        .poll(() =>
          grid.getByRole("button", { name: "Smiling face" }).evaluate((b) => b === document.activeElement),
        )
        .toBe(true);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowRight");
      await expect
        .poll(() =>
          grid.getByRole("button", { name: "Waving hand" }).evaluate((b) => b === document.activeElement),
        )
        .toBe(true);
      await page.keyboard.press("Enter");
      await expect.poll(() => reply.inputValue()).toBe(`Thanks ${viewport.width} 👋`);
      expect(await grid.count()).toBe(0);
      // Escape closes without inserting and gives the focus back to the button.
      await toggle.click();
      await grid.waitFor();
      await page.keyboard.press("Escape");
      expect(await grid.count()).toBe(0);
      expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await expect.poll(() => page.locator(".thread").textContent()).toContain(`Thanks ${viewport.width} 👋`);
      await page.close();
    });
  }

  it("moves with j/k, focuses the reply with r, closes with e and shows the help with ?", async () => {
    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 1280, height: 800 } });
    await signIn(page);
    const items = page.locator("a.conversation-item");
    await expect.poll(() => items.count()).toBeGreaterThan(1);
    await page.locator("body").press("j");
    await expect.poll(() => items.first().getAttribute("aria-current")).toBe("true");
    await page.locator("body").press("j");
    await expect.poll(() => items.nth(1).getAttribute("aria-current")).toBe("true");
    await page.locator("body").press("k");
    await expect.poll(() => items.first().getAttribute("aria-current")).toBe("true");

    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    expect(await help.textContent()).toContain("Close the conversation");
    await page.keyboard.press("Escape");
    await expect.poll(() => help.count()).toBe(0);

    await page.keyboard.press("r");
    const reply = page.getByRole("textbox", { name: "Reply" });
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    // Typing in the reply is text, not shortcuts.
    await page.keyboard.type("jke?");
    expect(await reply.inputValue()).toBe("jke?");
    expect(await help.count()).toBe(0);
    await reply.fill("");
    await reply.evaluate((el) => (el as HTMLTextAreaElement).blur());

    await page.keyboard.press("e");
    await page.getByText("Conversation closed.").waitFor();
    await expect.poll(() => page.locator(".conversation-head .state").textContent()).toBe("Closed");
    await page.close();
  });
});
