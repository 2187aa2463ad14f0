import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { listAudit } from "../platform/audit/audit.service.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
  tempDir,
} from "../test/harness.js";
import { generateLicenseKey } from "./license-key.js";
import { runLicensesCli } from "./licenses.cli.js";
import { findLicenseByKey } from "./licenses.repository.js";
import { createCustomer, createLicense, createProduct, SYSTEM_ACTOR } from "./licenses.service.js";
import { type ImportResult, importLicensesCsv } from "./licenses-import.service.js";
import { importRowText } from "./licenses-import.text.js";

const words = (result: ImportResult) => result.rows.map((r) => importRowText("en", r));

const actor = SYSTEM_ACTOR;

describeEachDatabase("license CSV import", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect, { clock: new TestClock(new Date("2026-11-25T10:00:00Z")) });
    const ctx = t.server.ctx;
    await createProduct(ctx, { sku: "HB-SEO", name: "Advanced SEO Suite", supportMonths: 12 }, actor);
    await createProduct(ctx, { sku: "HB-OPC", name: "One Page Checkout", supportMonths: 6 }, actor);
  });
  afterEach(async () => t.close());

  const marketplaceExport = (keyA: string) =>
    [
      "\uFEFFOrder ID;Customer Email;Customer Name;Product;Order Date;Support Months;License Key;Phone",
      `5001;Ana@Example.es;"García; Ana";HB-SEO;05/01/2026;12;${keyA};+34 611 000 001`,
      `5002;bob@example.com;"Bob ""Bobby""\r\nSmith";One Page Checkout;2025-03-10T19:00:00Z;;;`,
      "5003;ana@example.es;García Ana;HB-OPC;2026-02-01;;;",
      "5004;carl@example.com;Carl;HB-NOPE;2026-02-01;;;",
      "5005;dee@example.com;Dee;HB-SEO;2026-02-30;;;",
    ].join("\r\n");

  it("dry-runs, imports, and changes nothing when the same file comes again", async () => {
    const ctx = t.server.ctx;
    const keyA = generateLicenseKey("HB");
    const text = marketplaceExport(keyA);

    const dry = await importLicensesCsv(ctx, text, { dryRun: true, actor });
    expect(dry.delimiter).toBe(";");
    expect(dry.summary).toEqual({ total: 5, create: 3, update: 0, unchanged: 0, rejected: 2 });
    expect(dry.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, "create"],
      [3, "create"],
      [5, "create"],
      [6, "rejected"],
      [7, "rejected"],
    ]);
    expect(words(dry)[3]!.reason).toMatch(/unknown product "HB-NOPE"/);
    expect(words(dry)[4]!.reason).toMatch(/bad purchase date "2026-02-30"/);
    expect(await findLicenseByKey(ctx.db.kysely, keyA)).toBeUndefined();

    const progress: number[] = [];
    const real = await importLicensesCsv(ctx, text, {
      dryRun: false,
      actor,
      batchSize: 2,
      onProgress: (p) => progress.push(p.processed),
    });
    expect(real.summary).toEqual(dry.summary);
    expect(progress.at(-1)).toBe(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const a = await findLicenseByKey(ctx.db.kysely, keyA);
    expect(a).toMatchObject({
      orderRef: "5001",
      source: "import",
      purchaseDate: "2026-01-05",
      supportUntil: "2027-01-05",
      productSku: "HB-SEO",
    });
    // The ISO instant 2025-03-10T19:00Z is already the 11th in Kolkata; six months of support.
    const bob = real.rows.find((r) => r.line === 3)!;
    expect(await findLicenseByKey(ctx.db.kysely, bob.key!)).toMatchObject({
      purchaseDate: "2025-03-11",
      supportUntil: "2025-09-11",
    });
    const cookie = await signInCookie(t.server);
    const customers = await t.server.app.inject({ url: "/api/v1/customers", headers: { cookie } });
    const byEmail = Object.fromEntries(
      (
        customers.json().data as { email: string; name: string; phones: string[]; licenseCount: number }[]
      ).map((c) => [c.email, c]),
    );
    expect(byEmail["ana@example.es"]).toMatchObject({
      name: "García; Ana",
      phones: ["+34611000001"],
      licenseCount: 2,
    });
    expect(byEmail["bob@example.com"]).toMatchObject({ name: 'Bob "Bobby"\nSmith', licenseCount: 1 });
    expect(await listAudit(ctx.db.kysely, "license", a!.id)).toMatchObject([
      { action: "license.created", details: { source: "import", line: 2 } },
    ]);

    const again = await importLicensesCsv(ctx, text, { dryRun: false, actor });
    expect(again.summary).toEqual({ total: 5, create: 0, update: 0, unchanged: 3, rejected: 2 });
    expect((await listAudit(ctx.db.kysely, "license", a!.id)).length).toBe(1);
  });

  it("updates what changed, never shortens support, and refuses a key that belongs to someone else", async () => {
    const ctx = t.server.ctx;
    const owner = await createCustomer(ctx, { email: "owner@shop.example", name: "Owner" }, actor);
    const { license } = await createLicense(
      ctx,
      { customerId: owner.id, productSku: "HB-SEO", orderRef: "9001", purchaseDate: "2026-01-01" },
      actor,
    );
    const header = "email,sku,order,purchase_date,support_until,key,status";
    const rows = [
      `owner@shop.example,HB-SEO,9001,2026-01-01,2027-06-30,${license.key},`,
      `thief@evil.example,HB-SEO,9999,2026-01-01,,${license.key},`,
    ];
    const first = await importLicensesCsv(ctx, [header, rows[0]].join("\n"), { dryRun: false, actor });
    expect(first.rows.map((r) => r.outcome)).toEqual(["update"]);
    expect(words(first)[0]!.changes).toEqual(["support until 2027-01-01 → 2027-06-30"]);
    const thief = await importLicensesCsv(ctx, [header, rows[1]].join("\n"), { dryRun: true, actor });
    expect(words(thief)[0]).toMatchObject({
      outcome: "rejected",
      reason: expect.stringMatching(/belongs to another customer/),
    });

    const older = `owner@shop.example,HB-SEO,9001,2026-01-01,2026-12-31,${license.key},refunded`;
    const second = await importLicensesCsv(ctx, [header, older].join("\n"), { dryRun: false, actor });
    expect(words(second)[0]).toMatchObject({ outcome: "update", changes: ["status active → refunded"] });
    expect(await findLicenseByKey(ctx.db.kysely, license.key)).toMatchObject({
      supportUntil: "2027-06-30",
      status: "refunded",
    });
    const audit = await listAudit(ctx.db.kysely, "license", license.id);
    expect(audit.map((e) => e.action)).toEqual(["license.created", "license.updated", "license.updated"]);
  });

  it("reports a wrong delimiter as a file problem and changes nothing", async () => {
    const result = await importLicensesCsv(ctx(), "email|sku|order\na@b.co|HB-SEO|1\n", {
      dryRun: false,
      actor,
    });
    expect(result.fileError?.code).toBe("missing_columns_delimiter");
    expect(result.summary.create).toBe(0);
  });

  it("imports through the API as a job with progress, from text/csv or JSON", async () => {
    const cookie = await signInCookie(t.server);
    const text = "email,sku,order\nz@example.com,HB-SEO,7001\ny@example.com,HB-NOPE,7002\n";
    const key = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: { cookie, "content-type": "application/json" },
      payload: { name: "shop", scopes: ["licenses"] },
    });
    const bearer = `Bearer ${key.json().secret}`;
    const dry = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/licenses/import?dryRun=true&wait=true",
      headers: { authorization: bearer, "content-type": "text/csv" },
      payload: text,
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      status: "done",
      summary: { create: 1, rejected: 1 },
      rows: [
        { line: 2, outcome: "create" },
        { line: 3, outcome: "rejected" },
      ],
    });
    const started = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/licenses/import?dryRun=false",
      headers: { cookie, "content-type": "application/json" },
      payload: { csv: text },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    let job = started.json();
    for (let i = 0; i < 100 && job.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      job = (
        await t.server.app.inject({ url: `/api/v1/licenses/imports/${id}`, headers: { cookie } })
      ).json();
    }
    expect(job).toMatchObject({
      status: "done",
      processed: 2,
      total: 2,
      summary: { create: 1, rejected: 1 },
    });
    const rejected = await t.server.app.inject({
      url: `/api/v1/licenses/imports/${id}?outcome=rejected`,
      headers: { cookie },
    });
    expect(rejected.json().rows).toMatchObject([
      { line: 3, reason: expect.stringMatching(/unknown product/) },
    ]);
    // A Spanish-speaking agent reads the same report in Spanish.
    await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie, "content-type": "application/json" },
      payload: {
        email: "agente@example.es",
        name: "Agente",
        role: "agent",
        password: "agente-password",
        language: "es",
      },
    });
    const spanish = await t.server.app.inject({
      url: `/api/v1/licenses/imports/${id}?outcome=rejected`,
      headers: { cookie: await signInCookie(t.server, "agente@example.es", "agente-password") },
    });
    expect(spanish.json().rows[0].reason).toMatch(/^producto desconocido "HB-NOPE"/);
    const noBody = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/licenses/import",
      headers: { cookie, "content-type": "application/json" },
      payload: {},
    });
    expect(noBody.statusCode).toBe(400);
    const huge = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/licenses/import",
      headers: { authorization: bearer, "content-type": "text/csv" },
      payload: `email,sku,order\n${"x".repeat(21 * 1024 * 1024)}`,
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe("payload_too_large");
  });

  it("runs from the command line with a progress line per 10 % off a terminal, and a summary", async () => {
    const dir = tempDir();
    const file = path.join(dir, "export.csv");
    const report = path.join(dir, "report.csv");
    const rows = Array.from({ length: 50 }, (_, i) => `cli${i}@example.com,HB-SEO,C-${i}`);
    fs.writeFileSync(file, ["email,sku,order", ...rows, "bad,HB-SEO,C-X"].join("\n"));
    const run = async (args: string[]) => {
      let out = "";
      let err = "";
      const errStream = new Writable({
        write(chunk, _enc, done) {
          err += String(chunk);
          done();
        },
      });
      const code = await runLicensesCli(ctx(), args, { out: (t) => (out += t), err: errStream });
      return { code, out, err };
    };
    const dry = await run(["import", file, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("would create: 50");
    expect(dry.out).toContain('line 52: invalid email "bad"');
    expect(dry.err).toContain("Checking: 100% (51/51 rows)");
    const real = await run(["import", file, "--report", report]);
    expect(real.out).toContain("created: 50");
    expect(fs.readFileSync(report, "utf8").split("\n")[1]).toMatch(
      /^2,create,new customer,cli0@example.com,HB-SEO,HB-/,
    );
    const again = await run(["import", file]);
    expect(again.out).toContain("unchanged:   50");
    expect((await run(["import"])).code).toBe(2);
    expect((await run(["import", path.join(dir, "missing.csv")])).code).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("handles 100,000 rows: dry run, import and an unchanged re-import", async () => {
    const c = ctx();
    const lines = ["email,name,sku,order_id,purchase_date,support_months"];
    for (let i = 0; i < 100_000; i++) {
      const sku = i % 3 === 0 ? "HB-OPC" : "HB-SEO";
      const day = String((i % 28) + 1).padStart(2, "0");
      lines.push(`buyer${i % 40_000}@example.com,Buyer ${i},${sku},ORD-${i},2026-0${(i % 9) + 1}-${day},12`);
    }
    lines[500] = "broken@example.com,Broken,HB-SEO,ORD-X,31/02/2026,12";
    const text = lines.join("\n");
    const timings: Record<string, number> = {};
    const time = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const result = await run();
      timings[name] = Math.round(performance.now() - start);
      return result;
    };
    const dry = await time("dry run", () => importLicensesCsv(c, text, { dryRun: true, actor }));
    expect(dry.summary).toEqual({ total: 100_000, create: 99_999, update: 0, unchanged: 0, rejected: 1 });
    expect(dry.rows.find((r) => r.outcome === "rejected")).toMatchObject({ line: 501 });
    const real = await time("import", () => importLicensesCsv(c, text, { dryRun: false, actor }));
    expect(real.summary.create).toBe(99_999);
    const again = await time("re-import", () => importLicensesCsv(c, text, { dryRun: false, actor }));
    expect(again.summary).toEqual({ total: 100_000, create: 0, update: 0, unchanged: 99_999, rejected: 1 });
    console.info(`[${dialect}] 100,000-row import: ${JSON.stringify(timings)} ms`);
  }, 600_000);

  function ctx() {
    return t.server.ctx;
  }
});
