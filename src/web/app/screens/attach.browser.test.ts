import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../../../test/browser.js";
import { OWNER, type TestServer } from "../../../test/harness.js";
import { TINY_PNG } from "../../../tickets/tickets.factories.js";
import {
  personaSends,
  simulatorOf,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../../../whatsapp/simulator/simulator.testing.js";

// Issue 14, composer attachments: the agent picks a PNG with the paperclip, the text becomes its caption, the
// customer receives the image and the agent's thread shows it; on a 390 px phone too.
describeBrowser("attaching an image in the WhatsApp composer (Chromium)", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  beforeAll(async () => {
    t = await startSimulatorServer("sqlite", { demo: true });
    browser = await launchBrowser();
    await personaSends(t.server, "carlos", "Hola, ¿me mandas una captura?");
    await waitForBusinessMessage(t.server, "carlos", { timeoutMs: 15_000 });
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

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`sends a PNG with the composer's text as caption, shown in both chats (${viewport.width} px)`, async () => {
      const page = await browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      await page
        .getByRole("link", { name: /Carlos/ })
        .first()
        .click();
      const caption = `Here it is (${viewport.width})`;
      await page.getByRole("textbox", { name: "Reply" }).fill(caption);
      const attach = page.getByRole("button", { name: /Attach an image or document/ });
      expect(await attach.isVisible()).toBe(true);
      const chooser = page.waitForEvent("filechooser");
      await attach.click();
      await (await chooser).setFiles({ name: "screenshot.png", mimeType: "image/png", buffer: TINY_PNG });

      await page.getByText("screenshot.png sent.").waitFor();
      expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toBe("");
      const image = page.locator(`img.media[alt="${caption}"]`);
      await image.waitFor();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

      const received = await waitForBusinessMessage(t.server, "carlos", {
        match: (m) => m.content.type === "media" && m.content.caption === caption,
        timeoutMs: 10_000,
      });
      const mediaId = (received.content as { mediaId: string }).mediaId;
      expect(simulatorOf(t.server).store.mediaBytes(mediaId)?.equals(TINY_PNG)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
        true,
      );
      await page.screenshot({ path: `/tmp/h14c/attach-${viewport.width}.png` });
      await page.close();
    });
  }

  it("says inline that WhatsApp does not take the file's type, and sends nothing", async () => {
    const page = await browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    await signIn(page);
    await page
      .getByRole("link", { name: /Carlos/ })
      .first()
      .click();
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: /Attach an image or document/ }).click();
    await (await chooser).setFiles({
      name: "setup.exe",
      mimeType: "application/x-msdownload",
      buffer: Buffer.from("MZ"),
    });
    await page.getByRole("alert").getByText("WhatsApp takes JPEG or PNG images").waitFor();
    await page.close();
  });
});
