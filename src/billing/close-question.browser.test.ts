import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../test/browser.js";
import { signInCookie } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import {
  personaSends,
  personaTaps,
  startSimulatorServer,
  textOf,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// Money where it matters: the time panel prices the logged time as the invoice will, and closing asks with
// the minutes and the amount. Cancelling the question keeps the work open; confirming closes it.

describeBrowser("the time panel's running total and the close question", () => {
  let owner: string;
  const suite = browserSuite(async () => {
    const t = await startSimulatorServer("sqlite");
    owner = await signInCookie(t.server);
    return t;
  });
  const http = testHttp(() => suite.t.server);

  /** An urgent job ($30.00 an hour, blocks of 15 minutes) the persona has accepted. */
  async function agreedWork(persona: "john" | "carlos", name: string): Promise<string> {
    const server = suite.t.server;
    await personaSends(server, persona, "Hi, my checkout is broken and I need urgent help", {
      to: "premium",
    });
    await waitForBusinessMessage(server, persona, { to: "premium", match: (m) => m.content.type === "list" });
    await personaTaps(server, persona, "service:urgent_critical", { to: "premium" });
    let id: string | undefined;
    await expect
      .poll(async () => {
        const list = (await http.get("/api/v1/engagements", owner)).json().data as {
          id: string;
          contact: { name: string };
        }[];
        id = list.find((e) => e.contact.name === name)?.id;
        return id;
      })
      .toBeTruthy();
    const quote = await http.post(`/api/v1/engagements/${id}/quotes`, owner, {
      serviceType: "urgent_critical",
      estimateHours: 1,
      capHours: 2,
      incrementMinutes: 15,
      minimumMinutes: 0,
    });
    expect(quote.statusCode).toBe(201);
    await waitForBusinessMessage(server, persona, {
      to: "premium",
      match: (m) => m.content.type === "buttons" && /quote|presupuesto/i.test(textOf(m)),
    });
    await personaTaps(server, persona, "Accept", { to: "premium" });
    await expect
      .poll(async () => (await http.get(`/api/v1/engagements/${id}`, owner)).json().state)
      .toBe("agreed");
    return id!;
  }

  for (const [persona, name, width] of [
    ["john", "John Carter", 1200],
    ["carlos", "Carlos Ruiz", 390],
  ] as const) {
    it(`at ${width} px: 51 min show as $30.00 to invoice, and closing asks exactly that`, {
      timeout: 90_000,
    }, async () => {
      const id = await agreedWork(persona, name);
      const page = await suite.browser.newPage({ locale: "en-US", viewport: { width, height: 900 } });
      await signInWithForm(page, `${suite.t.url}/app`);
      await page.getByRole("heading", { name: /Welcome/ }).waitFor();
      await page.goto(`${suite.t.url}/app/premium/${id}`);
      await page.getByRole("heading", { name: new RegExp(name) }).waitFor();

      await page.getByLabel("Minutes").fill("51");
      await page.getByRole("textbox", { name: "What was done" }).last().fill("Fixed the checkout");
      await page.getByRole("button", { name: "Add", exact: true }).click();
      await page.getByText("Fixed the checkout").waitFor();
      // 51 minutes round up to 4 blocks of 15 = 1 h at $30.00: what the invoice will say.
      await page
        .locator(".running-total", { hasText: "Running total: 51 min = $30.00 to invoice" })
        .waitFor();

      const questions: string[] = [];
      page.once("dialog", (d) => {
        questions.push(d.message());
        void d.dismiss();
      });
      await page.getByRole("button", { name: "Close the engagement" }).click();
      await expect.poll(() => questions.length).toBe(1);
      expect(questions[0]).toBe("Close with 51 min = $30.00 to invoice?");
      expect((await http.get(`/api/v1/engagements/${id}`, owner)).json().state).toBe("in_progress");
      expect(await page.getByRole("button", { name: "Close the engagement" }).count()).toBe(1);

      page.once("dialog", (d) => void d.accept());
      await page.getByRole("button", { name: "Close the engagement" }).click();
      await page.locator(".badge", { hasText: "In review" }).first().waitFor();
      expect((await http.get(`/api/v1/engagements/${id}`, owner)).json().state).toBe("in_review");
      await page.close();
    });
  }
});
