import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, openScreen, signInWithForm } from "../../../../test/browser.js";
import { storedSetting } from "../../../../test/harness.js";
import { startListeningServer } from "../../../../test/listen.js";

// Settings, section by section (issue 14): each section saves on its own, the server's reasons show beside
// the field, agents and API keys are managed here; the screen fits a 390 px phone.
describeBrowser("settings sections in Chromium", () => {
  const suite = browserSuite(() => startListeningServer("sqlite"));

  async function openSettings(page: Page) {
    await signInWithForm(page, `${suite.t.url}/app`);
    await openScreen(page, "Settings");
    await page.getByRole("navigation", { name: "Settings sections" }).waitFor();
  }

  it("saves hours, tickets, links and fixed services each on its own, with the server's reasons per field", async () => {
    const page = await suite.browser.newPage({ locale: "en-US" });
    await openSettings(page);
    await page.getByRole("link", { name: "Hours and time zone" }).click();
    const hours = page.getByRole("form", { name: "Hours and time zone" });
    await hours.getByLabel("Time zone (IANA, e.g. Europe/Madrid)").fill("Mars/Olympus");
    await hours.getByRole("button", { name: "Save hours" }).click();
    await hours.getByText("must be an IANA time zone such as Europe/Madrid").waitFor();
    expect((await storedSetting(suite.t, "vendor")).timeZone).toBe("Asia/Kolkata");

    await hours.getByLabel("Time zone (IANA, e.g. Europe/Madrid)").fill("Europe/Madrid");
    await hours.getByLabel("Saturday").check();
    await hours.getByLabel("Opens at").fill("09:30");
    await hours.getByLabel("Automatic reply cooldown (hours)").fill("12");
    await hours.getByRole("button", { name: "Save hours" }).click();
    await hours.getByText("Hours and time zone saved.").waitFor();
    expect((await storedSetting(suite.t, "vendor")).timeZone).toBe("Europe/Madrid");
    expect(await storedSetting(suite.t, "presales")).toEqual({
      autoReplyCooldownHours: 12,
      businessHours: { days: [1, 2, 3, 4, 5, 6], open: "09:30", close: "19:00" },
      catalogue: { compatibility: true, price: true, link: true, qa: true },
    });

    const tickets = page.getByRole("form", { name: "Tickets and refunds" });
    await tickets.getByLabel("Refund window (days after purchase)").fill("30");
    await tickets.getByRole("button", { name: "Save tickets" }).click();
    await tickets.getByText("Tickets and refunds saved.").waitFor();
    expect((await storedSetting(suite.t, "tickets")).refundWindowDays).toBe(30);

    const links = page.getByRole("form", { name: "Renewals and payments" });
    await links.getByLabel("Payment link").fill("javascript:alert({amount})");
    await links.getByRole("button", { name: "Save links" }).click();
    await links.getByText(/must be an http:\/\/ or https:\/\/ link/).waitFor();
    await links.getByLabel("Renewal page (where customers renew support)").fill("https://shop.example/renew");
    await links.getByLabel("Payment link").fill("https://pay.example/{invoice}?amount={amount}");
    await links.getByRole("button", { name: "Save links" }).click();
    await links.getByText("Renewals and payments saved.").waitFor();
    expect((await storedSetting(suite.t, "vendor")).renewalUrl).toBe("https://shop.example/renew");
    // The hours saved before are kept: each section spreads what is stored now.
    expect((await storedSetting(suite.t, "vendor")).timeZone).toBe("Europe/Madrid");
    expect((await storedSetting(suite.t, "rates")).paymentUrlTemplate).toBe(
      "https://pay.example/{invoice}?amount={amount}",
    );

    const fixed = page.getByRole("form", { name: "Fixed-price services" });
    await fixed.getByRole("button", { name: "Add a service" }).click();
    const row = fixed.locator("fieldset.fixed-service").last();
    await row.getByLabel("Code").fill("install");
    await row.getByLabel("Name (English)").fill("Installation");
    await row.getByLabel("Name (Spanish)").fill("Instalación");
    await row.getByLabel("Price (USD)").fill("25,50");
    await fixed.getByRole("button", { name: "Save services" }).click();
    await fixed.getByText("Fixed-price services saved.").waitFor();
    expect((await storedSetting(suite.t, "rates")).fixed.at(-1)).toEqual({
      id: "install",
      name: { en: "Installation", es: "Instalación" },
      priceCents: 2550,
    });
    await page.close();
  });

  it("adds an agent, changes the role, deactivates; creates an API key shown once and revokes it (390 px)", async () => {
    const page = await suite.browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    page.on("dialog", (dialog) => void dialog.accept());
    await openSettings(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );

    const invite = page.getByRole("form", { name: "Add agent" });
    await invite.getByLabel("Name").fill("Ana");
    await invite.getByLabel("Email").fill("ana@example.com");
    await invite.getByLabel("Temporary password (at least 8 characters)").fill("agent-password");
    await invite.getByRole("button", { name: "Add agent" }).click();
    const agents = page.getByRole("region", { name: "Agents" });
    await agents.getByLabel("Role of Ana").waitFor();
    await agents.getByLabel("Role of Ana").selectOption("owner");
    await expect
      .poll(async () => (await accounts()).find((u) => u.email === "ana@example.com")?.role)
      .toBe("owner");
    await agents.getByRole("button", { name: "Deactivate Ana" }).click();
    await agents.getByRole("button", { name: "Reactivate Ana" }).waitFor();
    expect((await accounts()).find((u) => u.email === "ana@example.com")?.disabled_at).not.toBeNull();

    const keys = page.getByRole("region", { name: "API keys" });
    await keys.getByLabel("Key name").fill("shop sync");
    await keys.getByLabel("Everything").uncheck();
    await keys.getByLabel("Licenses only").check();
    await keys.getByRole("button", { name: "Create key" }).click();
    await keys.getByText("Copy this key now: it is shown only once.").waitFor();
    const secret = await keys.locator(".secret-once code").textContent();
    expect(secret?.length).toBeGreaterThan(20);
    // The key works for what its scope allows (renewing: an unknown license is a 404, not a refusal) and no more.
    const renew = () =>
      fetch(`${suite.t.url}/api/v1/licenses/HB-NOPE/renew`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ months: 12 }),
      });
    expect((await renew()).status).toBe(404);
    const users = await fetch(`${suite.t.url}/api/v1/users`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(users.status).toBe(403);
    await keys.getByText("Licenses only").first().waitFor();
    await keys.getByRole("button", { name: "Revoke shop sync" }).click();
    await keys.getByText(/revoked/).waitFor();
    const refused = await fetch(`${suite.t.url}/api/v1/licenses`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.status).toBe(401);

    // A reload never shows the secret again.
    await page.reload();
    await page.getByRole("region", { name: "API keys" }).getByText("shop sync").waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await page.close();
  });

  function accounts() {
    return suite.t.database.db.kysely.selectFrom("users").select(["email", "role", "disabled_at"]).execute();
  }
});
