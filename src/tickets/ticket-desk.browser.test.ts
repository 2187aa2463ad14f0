import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser } from "../test/browser.js";
import { OWNER, signInCookie, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { startListeningServer } from "../test/listen.js";
import { createUser } from "../users/users.service.js";
import { buildPortalWorld } from "./tickets.factories.js";

describeBrowser("a ticket on the agent desk in Chromium", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  const http = testHttp(() => t.server);
  let owner = "";
  let ticket = { id: "", number: 0 };

  beforeAll(async () => {
    t = await startListeningServer("sqlite");
    browser = await launchBrowser();
    const world = await buildPortalWorld(t.server.ctx);
    await createUser(t.server.ctx, {
      email: "ana@example.com",
      name: "Ana",
      role: "agent",
      password: "agent-password-1",
      language: "en",
    });
    owner = await signInCookie(t.server);
    const created = await http.post("/api/v1/tickets", owner, {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "configuration",
      subject: "Size filter missing",
      description: "The size filter does not show on the category page.",
    });
    expect(created.statusCode).toBe(201);
    ticket = created.json();
    const canned = await http.post("/api/v1/canned-replies", owner, {
      title: "Cache",
      body: "Hi {name}, please clear the theme cache under Dashboard → Developer settings.",
      language: "en",
    });
    expect(canned.statusCode).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openTicket(page: Page) {
    await page.goto(`${t.url}/app`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();
    await page.goto(`${t.url}/app/tickets/${ticket.id}`);
    await page.getByRole("heading", { name: `#${ticket.number} Size filter missing` }).waitFor();
  }

  it("replies with a canned answer, adds an internal note, changes the status and assigns the ticket", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await openTicket(page);
    const thread = page.locator(".ticket-thread");
    expect(await thread.textContent()).toContain("The size filter does not show on the category page.");

    await page.getByLabel("Canned reply").selectOption({ label: "Cache (en)" });
    const reply = page.getByRole("textbox", { name: "Reply" });
    // The server fills the variables for this ticket's customer (Alice Shop).
    expect(await reply.inputValue()).toBe(
      "Hi Alice, please clear the theme cache under Dashboard → Developer settings.",
    );
    await page.getByRole("button", { name: "Send reply" }).click();
    await thread.getByText("please clear the theme cache").waitFor();
    expect(await reply.inputValue()).toBe("");

    await page.getByLabel("Internal note (the customer never sees it)").check();
    await reply.fill("Asked on the phone too.");
    await page.getByRole("button", { name: "Add note" }).click();
    await thread.locator("li.internal").getByText("Asked on the phone too.").waitFor();

    await page.getByLabel("Change status").selectOption("resolved");
    await page.locator(".pill.resolved").first().waitFor();
    await page.getByLabel("Assign to").selectOption({ label: "Ana" });
    await expect.poll(() => page.getByLabel("Assign to").inputValue()).not.toBe("");

    const stored = (await http.get(`/api/v1/tickets/${ticket.id}`, owner)).json();
    expect(stored.status).toBe("resolved");
    expect(stored.assignee.name).toBe("Ana");
    expect(stored.messages.map((m: { internal: boolean; body: string }) => [m.internal, m.body])).toEqual([
      [false, "Hi Alice, please clear the theme cache under Dashboard → Developer settings."],
      [true, "Asked on the phone too."],
    ]);
    await page.close();
  });

  it("says so when the ticket does not exist", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await openTicket(page);
    await page.goto(`${t.url}/app/tickets/00000000000000000000000000`);
    await page.getByText("Not found").waitFor();
    await page.close();
  });
});
