import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { capturingLog } from "../test/log-capture.js";
import { writeSettingRow } from "./settings.repository.js";
import { getSettings, seedSettings } from "./settings.service.js";

describeEachDatabase("settings checked at the boundary", (dialect) => {
  let t: TestServer;
  let cookie: string;
  let captured: ReturnType<typeof capturingLog>;
  beforeAll(async () => {
    captured = capturingLog();
    t = await startTestServer(dialect, { worker: false, log: captured.log });
    cookie = await signInCookie(t.server);
  });
  afterAll(async () => t.close());

  const http = testHttp(() => t.server);
  const put = (section: string, body: unknown) => http.put(`/api/v1/settings/${section}`, cookie, body);

  it("refuses an unknown time zone, bad business hours and links that are not http(s), changing nothing", async () => {
    const before = await getSettings(t.server.ctx);
    const { vendor, presales, rates } = before;
    const refused: [string, unknown, string][] = [
      ["vendor", { ...vendor, timeZone: "Not/AZone" }, "vendor.timeZone"],
      ["vendor", { ...vendor, website: "javascript:alert(1)" }, "vendor.website"],
      ["vendor", { ...vendor, renewalUrl: "data:text/html,<script>alert(1)</script>" }, "vendor.renewalUrl"],
      [
        "presales",
        { ...presales, businessHours: { ...presales.businessHours, open: "99:99" } },
        "presales.businessHours.open",
      ],
      [
        "presales",
        { ...presales, businessHours: { ...presales.businessHours, days: [1, 1, 2] } },
        "presales.businessHours.days",
      ],
      ["rates", { ...rates, paymentUrlTemplate: "javascript:pay({amount})" }, "rates.paymentUrlTemplate"],
    ];
    for (const [section, body, path] of refused) {
      const res = await put(section, body);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await getSettings(t.server.ctx)).toEqual(before);
    const fine = await put("vendor", { ...vendor, timeZone: "Europe/Madrid" });
    expect(fine.statusCode).toBe(200);
  });

  it("refuses a product link that is not http(s)", async () => {
    const res = await http.post("/api/v1/products", cookie, {
      sku: "X-1",
      name: "X",
      storeUrl: "javascript:alert(1)",
    });
    expect(res.statusCode).toBe(400);
  });

  it("keeps every public route up when an older database holds bad values, and says which", async () => {
    const ctx = t.server.ctx;
    const s = await getSettings(ctx);
    const at = ctx.clock.now().toISOString();
    // What an older beedesk let an owner save.
    await writeSettingRow(
      ctx.db.kysely,
      "vendor",
      { ...s.vendor, timeZone: "Not/AZone", website: "javascript:x" },
      null,
      at,
    );
    await writeSettingRow(
      ctx.db.kysely,
      "presales",
      { ...s.presales, businessHours: { days: [1, 1], open: "99:99", close: "18:00" } },
      null,
      at,
    );
    await seedSettings(ctx); // as at start-up
    const read = await getSettings(ctx);
    expect(read.vendor.timeZone).toBe("Asia/Kolkata");
    expect(read.vendor.website).toBe("https://www.huntbee.com");
    expect(read.vendor.name).toBe(s.vendor.name);
    expect(read.presales.autoReplyCooldownHours).toBe(s.presales.autoReplyCooldownHours);

    const anon = { "content-type": "application/json" };
    const answers = await Promise.all([
      t.server.app.inject({ method: "GET", url: "/policy?lang=en" }),
      t.server.app.inject({ method: "GET", url: "/contact?lang=es" }),
      t.server.app.inject({ method: "GET", url: "/support?lang=en" }),
      t.server.app.inject({
        method: "POST",
        url: "/api/v1/licenses/verify",
        headers: anon,
        payload: { key: "BEE-0000-0000-0000-0000", domain: "shop.example.com" },
      }),
      t.server.app.inject({ method: "GET", url: "/api/v1/licenses", headers: { cookie } }),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const warnings = captured.lines.filter((l) => l.msg.startsWith("stored settings are invalid"));
    expect(warnings.map((w) => [w.section, [...(w.fields as string[])].sort()])).toEqual([
      ["vendor", ["timeZone", "website"]],
      ["presales", ["businessHours"]],
    ]);
  });
});
