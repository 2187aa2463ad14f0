import fs from "node:fs";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scheduleBackup } from "../backup/backup-schedule.js";
import { createCustomer } from "../licenses/customers.service.js";
import { SYSTEM_ACTOR } from "../licenses/licenses.service.js";
import { createLogger } from "../platform/logger.js";
import { BeedeskServer } from "../server.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { describeBrowser, launchBrowser } from "../test/browser.js";
import { OWNER, tempDir, testConfig } from "../test/harness.js";
import { buildLicense, buildProduct } from "../tickets/tickets.factories.js";
import { createUser } from "../users/users.service.js";

// The owner's data-rights and backup controls in the agent app, in Chromium: export and erase a customer, the
// backup settings and the Home card, retention settings and "run now"; an agent sees none of it and the API
// refuses them.

const AGENT = { email: "agent.browser@example.com", password: "agent-password-1" };

describeBrowser("data rights, backups and retention in the agent app (Chromium)", () => {
  let t: { server: BeedeskServer; url: string; close(): Promise<void> };
  let browser: Browser;
  let backups: string;
  beforeAll(async () => {
    // The database in the data folder, as a real install has it: the backup reads it from there.
    const config = testConfig({ BEEDESK_ADMIN_EMAIL: OWNER.email, BEEDESK_ADMIN_PASSWORD: OWNER.password });
    const server = new BeedeskServer(config, {
      worker: { idleMs: 50 },
      log: createLogger({ logLevel: "silent" }),
    });
    await server.prepare();
    await server.app.listen({ port: 0, host: "127.0.0.1" });
    server.startBackground();
    const address = server.app.server.address();
    if (!address || typeof address === "string") throw new Error("no address");
    t = {
      server,
      url: `http://127.0.0.1:${address.port}`,
      close: async () => {
        await server.stop();
        fs.rmSync(config.dataDir, { recursive: true, force: true });
      },
    };
    backups = tempDir("beedesk-browser-backups-");
    await createUser(t.server.ctx, { ...AGENT, name: "Agent Ana", role: "agent" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    fs.rmSync(backups, { recursive: true, force: true });
  });

  async function signIn(page: Page, who: { email: string; password: string }, welcome: string) {
    await page.goto(`${t.url}/app`);
    await page.getByLabel(/^(Email|Correo electrónico)$/).fill(who.email);
    await page.getByLabel(/^(Password|Contraseña)$/).fill(who.password);
    await page.getByRole("button", { name: /^(Sign in|Entrar|Iniciar sesión)$/ }).click();
    await page.getByRole("heading", { name: welcome }).waitFor();
  }

  async function customer(name: string, email: string) {
    const ctx = t.server.ctx;
    const made = await createCustomer(ctx, { email, name, language: "en", phones: [] }, SYSTEM_ACTOR);
    const product = await buildProduct(ctx, `Product of ${name}`);
    await buildLicense(ctx, { customerId: made.id, productId: product.id, supportUntil: "2027-11-20" });
    return made;
  }

  it("the owner exports a customer's data as a zip and erases it", async () => {
    const person = await customer("Quentin Export", "quentin.export@example.com");
    const page = await browser.newPage({ locale: "en-US", acceptDownloads: true });
    await signIn(page, OWNER, "Welcome, Owner");
    await page.goto(`${t.url}/app/customers/${person.id}`);
    await page.getByRole("heading", { name: "Quentin Export" }).waitFor();
    const rights = page.getByRole("region", { name: "Data rights" });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      rights.getByRole("link", { name: "Export data (zip)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^customer-${person.id}-\\d{4}-\\d{2}-\\d{2}\\.zip$`),
    );
    const zip = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
    const exported = JSON.parse(new TextDecoder().decode(zip["customer.json"]));
    expect(exported).toMatchObject({ name: "Quentin Export", email: "quentin.export@example.com" });
    expect(Object.keys(zip)).toContain("README.txt");

    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await rights.getByRole("button", { name: "Erase personal data" }).click();
    await rights.getByRole("status").filter({ hasText: "Personal data erased." }).waitFor();
    expect(asked).toContain("This cannot be undone");
    await page.getByRole("heading", { name: "[erased]" }).waitFor();
    const row = await t.server.ctx.db.kysely
      .selectFrom("customers")
      .select(["name", "email"])
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe("[erased]");
    expect(row.email).not.toContain("quentin");
    await page.close();
  });

  it("a dismissed erase confirmation erases nothing", async () => {
    const person = await customer("Rita Keep", "rita.keep@example.com");
    const page = await browser.newPage({ locale: "en-US" });
    await signIn(page, OWNER, "Welcome, Owner");
    await page.goto(`${t.url}/app/customers/${person.id}`);
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("button", { name: "Erase personal data" }).click();
    await page.getByRole("heading", { name: "Rita Keep" }).waitFor();
    const row = await t.server.ctx.db.kysely
      .selectFrom("customers")
      .select("email")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe("rita.keep@example.com");
    await page.close();
  });

  it("the owner turns on scheduled backups and Home shows the last one", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await signIn(page, OWNER, "Welcome, Owner");
    const card = page.getByRole("region", { name: "Backups" });
    await card.getByText("Scheduled backups are off (Settings → Backups).").waitFor();

    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const form = page.getByRole("group", { name: "Scheduled backups" });
    await form.getByLabel("Back up every day").check();
    // Late in the day, so the scheduler's own minute tick does not start one before the card is read.
    await form.getByLabel("At (the business's time zone)").fill("23:59");
    await form.getByLabel(/^Folder/).fill(backups);
    await form.getByLabel("Archives to keep").fill("3");
    await page.getByRole("button", { name: "Save backups" }).click();
    await page.getByText("Backup settings saved.").waitFor();
    expect((await getSettings(t.server.ctx)).backups).toEqual({
      enabled: true,
      time: "23:59",
      folder: backups,
      keep: 3,
    });

    await page.getByRole("link", { name: "Home" }).click();
    await card.getByText(/^No scheduled backup has run yet; the next one is at 23:59 \(/).waitFor();
    // The day's backup, as the worker's scheduler queues it once the set time has come.
    const ctx = t.server.ctx;
    await updateSettings(ctx, "backups", { ...(await getSettings(ctx)).backups, time: "00:00" }, null);
    expect(await scheduleBackup(ctx)).toBe(true);
    await expect
      .poll(() => fs.readdirSync(backups).filter((f) => f.endsWith(".tar.gz")).length, { timeout: 30_000 })
      .toBe(1);
    const archive = fs.readdirSync(backups).find((f) => f.endsWith(".tar.gz"))!;
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await card.getByRole("status").textContent()) ?? "";
        },
        { timeout: 30_000 },
      )
      .toContain(archive);
    expect(await card.getByRole("status").textContent()).toMatch(
      /^Last backup .+: beedesk-\d{8}T\d{6}Z\.tar\.gz \(\d+\.\d MB\)\.$/,
    );
    await page.close();
  }, 90_000);

  it("the owner sets retention, runs it now and sees the run; in Spanish too", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await signIn(page, OWNER, "Welcome, Owner");
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    const form = page.getByRole("form", { name: "Retention" });
    await form.getByText("No retention run yet.").waitFor();
    await form.getByLabel(/^Delete media and attachments/).fill("30");
    await form.getByLabel(/^Anonymise closed conversations/).fill("6");
    await form.getByRole("button", { name: "Save retention" }).click();
    await form.getByText("Retention settings saved.").waitFor();
    expect((await getSettings(t.server.ctx)).retention).toEqual({ mediaDays: 30, anonymiseMonths: 6 });

    await form.getByRole("button", { name: "Run now" }).click();
    await form.getByText("Retention run queued.").waitFor();
    const run = form.getByRole("listitem").filter({ hasText: "(run by hand)" });
    await run.waitFor({ timeout: 30_000 });
    expect(await run.textContent()).toContain("0 media files, 0 attachments, 0 conversations, 0 contacts");
    await page.close();

    const es = await browser.newPage({ locale: "es-ES" });
    await signIn(es, OWNER, "Hola, Owner");
    await es.getByRole("region", { name: "Copias de seguridad" }).getByRole("heading").waitFor();
    await es.getByRole("link", { name: "Configuración", exact: true }).click();
    const formEs = es.getByRole("form", { name: "Conservación de datos" });
    expect(await formEs.getByLabel(/^Borrar archivos multimedia/).inputValue()).toBe("30");
    await formEs.getByRole("listitem").filter({ hasText: "(a mano)" }).waitFor();
    await es.close();
  });

  it("an agent sees none of it, and the API refuses them", async () => {
    const person = await customer("Sam Agentview", "sam.agentview@example.com");
    const page = await browser.newPage({ locale: "en-US" });
    await signIn(page, AGENT, "Welcome, Agent Ana");
    expect(await page.getByRole("region", { name: "Backups" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Settings", exact: true }).count()).toBe(0);
    await page.goto(`${t.url}/app/customers/${person.id}`);
    await page.getByRole("heading", { name: "Sam Agentview" }).waitFor();
    expect(await page.getByRole("region", { name: "Data rights" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Erase personal data" }).count()).toBe(0);

    const statuses = await page.evaluate(async (id) => {
      const json = { "content-type": "application/json" };
      const calls: [string, RequestInit][] = [
        [`/api/v1/customers/${id}/export`, {}],
        [`/api/v1/customers/${id}/erase`, { method: "POST", headers: json, body: '{"confirm":true}' }],
        ["/api/v1/backups/status", {}],
        ["/api/v1/retention", {}],
        ["/api/v1/retention/run", { method: "POST", headers: json, body: "{}" }],
        [
          "/api/v1/settings/backups",
          {
            method: "PUT",
            headers: json,
            body: '{"enabled":true,"time":"01:00","folder":"","keep":1}',
          },
        ],
      ];
      const out: number[] = [];
      for (const [url, init] of calls) out.push((await fetch(url, init)).status);
      return out;
    }, person.id);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403]);
    const row = await t.server.ctx.db.kysely
      .selectFrom("customers")
      .select("email")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe("sam.agentview@example.com");
    await page.close();
  });
});
