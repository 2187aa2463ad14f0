import { expect, it } from "vitest";
import { browserSuite, describeBrowser, openScreen, signInWithForm } from "../../test/browser.js";
import { OWNER } from "../../test/harness.js";
import { startListeningServer } from "../../test/listen.js";

describeBrowser("agent app and public pages in Chromium", () => {
  const suite = browserSuite(() => startListeningServer("sqlite"));

  it("signs in to /app, shows the signed-in layout, and signs out", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    await page.goto(`${suite.t.url}/app`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Wrong email or password");

    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();
    // Home first, the daily work next, the owner's settings last.
    const nav = await page.getByRole("navigation").getByRole("link").allTextContents();
    expect(nav.slice(0, 3)).toEqual(["Home", "Inbox", "Tickets"]);
    expect(nav.at(-1)).toBe("Settings");
    expect(await page.locator("body").textContent()).toContain("$15.00 per hour");

    // A reload keeps the session (HttpOnly cookie).
    await page.reload();
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to beedesk" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to beedesk" }).waitFor();
    await page.close();
  });

  it("lets the owner change a rate in settings, and the policy page follows", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    await signInWithForm(page, `${suite.t.url}/app`);
    await openScreen(page, "Settings");
    await page.getByLabel("Urgent critical work, per hour").fill("35");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Saved\.$/ })
      .waitFor();
    await new Promise((r) => setTimeout(r, 1100)); // settings cache
    await page.goto(`${suite.t.url}/policy?lang=en`);
    expect(await page.locator("main").textContent()).toContain("$35.00 per hour");
    await page.close();
  });

  it("shows the policy page in Spanish and in English, switching with the language link", async () => {
    const page = await suite.browser.newPage({ locale: "es-ES" });
    await page.goto(`${suite.t.url}/policy`);
    await page.getByRole("heading", { level: 1, name: /Política de soporte por WhatsApp/ }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toContain(
      "1. Número oficial: consultas previas a la venta",
    );
    await page.getByRole("link", { name: "Read in English" }).click();
    await page.getByRole("heading", { level: 1, name: /WhatsApp support policy/ }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    // The official number's section, and the premium section's way to the (unpublished) premium number.
    const hrefs = await page
      .getByRole("link", { name: "Chat on WhatsApp" })
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(hrefs).toHaveLength(2);
    expect(new Set(hrefs).size).toBe(1);
    expect(hrefs[0]).toMatch(/^https:\/\/wa\.me\/\d+$/);
    await page.close();
  });
});
