import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../test/browser.js";
import { signInCookie } from "../test/harness.js";
import {
  personaSends,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// Issue 14, triage: the list previews the customer's message (never the automatic greeting), marks what needs
// a human reply, and offers "Needs reply" as a view of its own; desktop and a 390 px phone.
describeBrowser("the inbox's needs-reply view in Chromium", () => {
  const suite = browserSuite(() => startSimulatorServer("sqlite", { demo: true }));

  async function signIn(page: Page) {
    await signInWithForm(page, `${suite.t.url}/app/inbox`);
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
  }

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`shows the customer's question, marks it and lists it under Needs reply until answered (${viewport.width} px)`, async () => {
      const question = `¿Tenéis descuento por volumen? (${viewport.width})`;
      await personaSends(suite.t.server, "carlos", question);
      await waitForBusinessMessage(suite.t.server, "carlos", { timeoutMs: 15_000 });

      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      const item = page.getByRole("link", { name: /Carlos Ruiz/ });
      await expect.poll(() => item.textContent()).toContain(question);
      expect(await item.textContent()).toContain("Needs reply");

      await page.getByLabel("State").selectOption({ label: "Needs reply" });
      await item.waitFor();

      // A person answers: the conversation leaves the view.
      const cookie = await signInCookie(suite.t.server);
      const list = await suite.t.server.app.inject({
        method: "GET",
        url: "/api/v1/conversations?needsReply=true",
        headers: { cookie },
      });
      const id = (list.json().data as { id: string; contact: { name: string | null } }[])[0]!.id;
      const reply = await suite.t.server.app.inject({
        method: "POST",
        url: `/api/v1/conversations/${id}/messages`,
        headers: { cookie },
        payload: { text: "Sí, a partir de 5 licencias." },
      });
      expect(reply.statusCode).toBeLessThan(300);
      await page.reload();
      await page.getByLabel("State").selectOption({ label: "Needs reply" });
      await page.getByText("No conversations match.").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
        true,
      );
      await page.close();
    });
  }

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`shows each view's count from the server and lists the longest-waiting customer first (${viewport.width} px)`, async () => {
      await personaSends(suite.t.server, "john", `Do you ship invoices? (${viewport.width})`);
      await waitForBusinessMessage(suite.t.server, "john", { timeoutMs: 15_000 });
      // WhatsApp stamps messages to the second: Carlos writes in a later one.
      await new Promise((r) => setTimeout(r, 1100));
      await personaSends(suite.t.server, "carlos", `¿Y factura con IVA? (${viewport.width})`);
      await waitForBusinessMessage(suite.t.server, "carlos", { timeoutMs: 15_000 });
      const cookie = await signInCookie(suite.t.server);
      const counts = (
        await suite.t.server.app.inject({
          method: "GET",
          url: "/api/v1/conversations/counts",
          headers: { cookie },
        })
      ).json().data as { view: string; conversations: number; unread: number }[];
      const needs = counts.find((c) => c.view === "needsReply")!;
      expect(needs.conversations).toBeGreaterThanOrEqual(2);

      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signIn(page);
      const views = page.getByRole("navigation", { name: "Views" });
      const button = views.getByRole("button", { name: /Needs reply/ });
      await expect.poll(() => button.textContent()).toContain(String(needs.conversations));
      if (needs.unread > 0) expect(await button.textContent()).toContain(`${needs.unread} new`);
      await button.click();
      expect(await button.getAttribute("aria-pressed")).toBe("true");
      expect(await page.getByLabel("State").inputValue()).toBe("needs_reply");
      // John wrote before Carlos: he has waited longer, so he comes first.
      const names = page.locator("a.conversation-item .name");
      await expect
        .poll(() => names.allTextContents())
        .toEqual(expect.arrayContaining(["John Carter", "Carlos Ruiz"]));
      const order = await names.allTextContents();
      expect(order.indexOf("John Carter")).toBeLessThan(order.indexOf("Carlos Ruiz"));
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
        true,
      );
      await page.close();
    });
  }
});
