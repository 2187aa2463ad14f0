import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../../../../test/browser.js";
import { signInCookie } from "../../../../test/harness.js";
import {
  personaSends,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../../../../whatsapp/simulator/simulator.testing.js";

// Issue 14, linking: saving a customer's phone links the WhatsApp contact on it, with an undo; desktop and
// a 390 px phone.
describeBrowser("linking a customer and a WhatsApp contact by phone in Chromium", () => {
  const suite = browserSuite(async () => {
    const t = await startSimulatorServer("sqlite", { demo: true });
    await personaSends(t.server, "john", "Hello, I bought the checkout module last week");
    await waitForBusinessMessage(t.server, "john", { timeoutMs: 15_000 });
    return t;
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`links the contact when the phone is saved, and undoes it (${viewport.width} px)`, async () => {
      const cookie = await signInCookie(suite.t.server);
      const made = await suite.t.server.app.inject({
        method: "POST",
        url: "/api/v1/customers",
        headers: { cookie },
        payload: { email: `john-${viewport.width}@example.com`, name: "John Carter" },
      });
      expect(made.statusCode).toBe(201);
      const id = made.json().id as string;

      const page = await suite.browser.newPage({ locale: "en-US", viewport });
      await signInWithForm(page, `${suite.t.url}/app/customers/${id}`);
      const form = page.getByRole("form", { name: "Details" });
      await form.waitFor();
      await form.getByLabel("WhatsApp / phone numbers").fill("+44 7700 900123");
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText("Linked the WhatsApp contact").waitFor();
      expect(await form.getByText("Linked the WhatsApp contact").textContent()).toContain("+447700900123");
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
        true,
      );

      const contactCustomer = async () => {
        const list = await suite.t.server.app.inject({
          method: "GET",
          url: "/api/v1/conversations",
          headers: { cookie },
        });
        const c = (list.json().data as { contact: { waId: string; customerId: string | null } }[]).find(
          (x) => x.contact.waId === "447700900123",
        );
        return c?.contact.customerId ?? null;
      };
      expect(await contactCustomer()).toBe(id);
      await form.getByRole("button", { name: "Undo" }).click();
      await form.getByText("The WhatsApp contact is no longer linked.").waitFor();
      expect(await contactCustomer()).toBeNull();
      // Free the number for the next viewport's customer.
      await suite.t.server.app.inject({
        method: "PATCH",
        url: `/api/v1/customers/${id}`,
        headers: { cookie },
        payload: { phones: [] },
      });
      await page.close();
    });
  }
});
