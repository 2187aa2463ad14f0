import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getSettings } from "../../../settings/settings.service.js";
import { describeBrowser, launchBrowser } from "../../../test/browser.js";
import { OWNER, type TestServer } from "../../../test/harness.js";
import { startSimulatorServer } from "../../../whatsapp/simulator/simulator.testing.js";

// Issue 14, the first hour: the owner's first sign-in asks name, business, time zone, hours and invoice
// seller details; Home then shows the checklist with live counts and the day's numbers. Desktop and 390 px.
describeBrowser("the first hour in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  async function signIn(page: Page, url: string) {
    await page.goto(`${url}/app`);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`asks the owner's first questions, saves them, and shows the checklist (${viewport.width} px)`, async () => {
      const t: TestServer & { url: string } = await startSimulatorServer("sqlite", {});
      try {
        const page = await browser.newPage({ locale: "en-US", viewport, timezoneId: "America/Mexico_City" });
        await signIn(page, t.url);
        const form = page.getByRole("form", { name: "A few questions before you start" });
        await form.waitFor();
        // The zone offered is the browser's, saying which one the settings held.
        const before = (await getSettings(t.server.ctx)).vendor.timeZone;
        expect(before).not.toBe("America/Mexico_City");
        expect(await form.getByLabel("Time zone").inputValue()).toBe("America/Mexico_City");
        await form.getByText(`Taken from your browser (the settings said ${before}).`).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
          true,
        );
        await form.getByLabel(/Your name/).fill("Marta Ruiz");
        await form.getByLabel("Business name").fill("Marta Modules");
        await form.getByLabel("Time zone").fill("Asia/Kolkata");
        await form.getByLabel("Saturday").uncheck();
        await form.getByLabel("Opens at").fill("08:30");
        await form.getByLabel("Closes at").fill("17:30");
        await form.getByLabel("Legal name").fill("Marta Modules S.L.");
        await form.getByLabel("Address").fill("Calle Mayor 1, Madrid");
        await form.getByLabel("Tax ID").fill("B12345678");
        await form.getByRole("button", { name: "Save and start" }).click();
        await expect.poll(() => form.count()).toBe(0);
        // The new name shows at once, without signing in again.
        await page.getByRole("heading", { name: "Welcome, Marta Ruiz" }).waitFor();

        const settings = await getSettings(t.server.ctx);
        expect(settings.vendor).toMatchObject({
          name: "Marta Modules",
          ownerName: "Marta Ruiz",
          timeZone: "Asia/Kolkata",
          legalName: "Marta Modules S.L.",
          address: "Calle Mayor 1, Madrid",
          taxId: "B12345678",
        });
        expect(settings.presales.businessHours).toMatchObject({ open: "08:30", close: "17:30" });

        // The checklist: hours are set now; no agents and no licenses yet.
        const checklist = page.getByRole("region", { name: "Your first hour" });
        await checklist.waitFor();
        const text = (await checklist.textContent()) ?? "";
        expect(text).toMatch(/Set your business hours\s*\(done\)/);
        expect(text).toMatch(/Add agents\s*\(0 agents, to do\)/);
        expect(text).toMatch(/Import your licenses\s*\(0 licenses, to do\)/);
        const today = page.getByRole("region", { name: "Today" });
        expect(await today.textContent()).toContain("Waiting for an agent");

        // A second visit asks nothing.
        await page.reload();
        await checklist.waitFor();
        expect(await form.count()).toBe(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
          true,
        );
        await page.close();
      } finally {
        await t.close();
      }
    });
  }

  it("speaks the app's language in what the server writes: a Spanish browser sees WhatsApp's health in Spanish", async () => {
    const t: TestServer & { url: string } = await startSimulatorServer("sqlite", {});
    try {
      const page = await browser.newPage({ locale: "es-ES" });
      await page.goto(`${t.url}/app`);
      await page.getByLabel("Correo electrónico").fill(OWNER.email);
      await page.getByLabel("Contraseña").fill(OWNER.password);
      await page.getByRole("button", { name: "Entrar" }).click();
      const health = page.getByRole("region", { name: "Estado de WhatsApp" });
      await health.waitFor();
      // A fresh simulator has not subscribed the app to the account's webhooks yet: a next step, not an alarm.
      const step = health.getByRole("link", { name: /Siguiente paso: en Configuración → WhatsApp/ });
      await step.waitFor();
      expect(await step.getAttribute("href")).toBe("/app/settings#whatsapp");
      expect(await health.getByRole("alert").count()).toBe(0);
      expect(await health.textContent()).not.toContain("Next step");
      // The account now speaks Spanish on the server too (its mails follow).
      const session = await page.evaluate(async () => (await fetch("/api/v1/session")).json());
      expect(session.user.language).toBe("es");
    } finally {
      await t.close();
    }
  });
});
