import { afterEach, beforeEach, expect, it } from "vitest";
import { updateSettings } from "../settings/settings.service.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { type Method, testHttp } from "../test/http.js";
import { generateLicenseKey } from "./license-key.js";

type Json = Record<string, unknown>;

describeEachDatabase("licenses API", (dialect) => {
  let t: TestServer;
  let clock: TestClock;
  let cookie: string;
  const http = testHttp(() => t.server);

  // 2026-11-25 10:00 UTC is 15:30 in Kolkata (the default vendor time zone).
  beforeEach(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, { clock });
    cookie = await signInCookie(t.server);
    await call("POST", "/api/v1/products", {
      sku: "HB-SEO",
      name: "Advanced SEO Suite",
      platformVersions: ["3.0", "4.0"],
      supportMonths: 12,
    });
  });
  afterEach(async () => t.close());

  async function call(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = { cookie },
  ) {
    // A successful answer is checked against its route's response shape.
    const res = await http.request(method, url, { body, headers });
    return { status: res.statusCode, body: res.body ? (res.json() as Json) : {} };
  }

  async function apiKey(scopes: string[]): Promise<Record<string, string>> {
    const res = await call("POST", "/api/v1/api-keys", { name: "shop", scopes });
    expect(res.status).toBe(201);
    return { authorization: `Bearer ${res.body.secret as string}` };
  }

  async function purchase(body: Json, headers: Record<string, string> = { cookie }) {
    return call(
      "POST",
      "/api/v1/licenses",
      { email: "ana@example.es", productSku: "HB-SEO", orderRef: "A-1", ...body },
      headers,
    );
  }

  it("creates a license on purchase, with the customer, once per (order, product)", async () => {
    const first = await purchase({ name: "Ana", phone: "+34 611 000 001", purchaseDate: "2026-11-01" });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      productSku: "HB-SEO",
      productName: "Advanced SEO Suite",
      orderRef: "A-1",
      source: "shop",
      purchaseDate: "2026-11-01",
      supportUntil: "2027-11-01",
      status: "active",
      support: { active: true, reason: "active" },
    });
    expect(first.body.key).toMatch(/^HB-[0-9A-Z]{4}-/);
    const again = await purchase({ name: "Ana", purchaseDate: "2026-11-01" });
    expect(again.status).toBe(200);
    expect(again.body.key).toBe(first.body.key);
    const list = await call("GET", "/api/v1/licenses");
    expect(list.body.total).toBe(1);
    const customers = await call("GET", "/api/v1/customers?q=ana");
    expect(customers.body.data).toMatchObject([
      {
        email: "ana@example.es",
        language: "es",
        phones: ["+34611000001"],
        licenseCount: 1,
        activeLicenseCount: 1,
      },
    ]);
  });

  it("creates one license when the same purchase arrives twice at the same moment", async () => {
    const key = await apiKey(["licenses"]);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => purchase({ orderRef: "RACE-1", email: "race@example.com" }, key)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.key)).size).toBe(1);
    expect((await call("GET", "/api/v1/licenses")).body.total).toBe(1);
    expect((await call("GET", "/api/v1/customers")).body.total).toBe(1);
  });

  it("keeps customer emails unique whatever their capitalisation", async () => {
    const a = await call("POST", "/api/v1/customers", { email: "Bob@Example.com", name: "Bob" });
    expect(a.status).toBe(201);
    expect(a.body.email).toBe("bob@example.com");
    const b = await call("POST", "/api/v1/customers", { email: "BOB@example.COM", name: "Bobby" });
    expect(b.status).toBe(409);
    expect((b.body.error as Json).code).toBe("conflict");
    // The shop's purchase with another capitalisation lands on the same customer.
    const bought = await purchase({ email: "bOb@EXAMPLE.com" });
    expect(bought.body.customerId).toBe(a.body.id);
    const bad = await call("POST", "/api/v1/customers", { email: "not-an-email", name: "X" });
    expect(bad.status).toBe(400);
  });

  it("judges support on the vendor's calendar: last day active, the day after expired", async () => {
    await updateSettings(
      t.server.ctx,
      "vendor",
      { ...(await vendor()), timeZone: "America/Los_Angeles" },
      null,
    );
    const created = await purchase({ purchaseDate: "2025-11-25", supportMonths: 12 });
    expect(created.body.supportUntil).toBe("2026-11-25");
    const key = created.body.key as string;
    // 2026-11-26 07:00 UTC is still the 25th in Los Angeles: the last day, support active.
    clock.set("2026-11-26T07:00:00Z");
    expect((await call("GET", `/api/v1/licenses/${key}`)).body.support).toMatchObject({
      active: true,
      daysLeft: 0,
    });
    // 09:00 UTC is the 26th there: expired yesterday.
    clock.set("2026-11-26T09:00:00Z");
    expect((await call("GET", `/api/v1/licenses/${key}`)).body.support).toMatchObject({
      active: false,
      reason: "expired",
    });
    expect((await call("GET", "/api/v1/licenses?support=expired")).body.total).toBe(1);
    expect((await call("GET", "/api/v1/licenses?support=active")).body.total).toBe(0);
  });

  it("ends support for revoked and refunded licenses even inside the period", async () => {
    const a = await purchase({ orderRef: "R-1" });
    const b = await purchase({ orderRef: "R-2" });
    const revoked = await call("POST", `/api/v1/licenses/${a.body.key}/revoke`, { reason: "chargeback" });
    expect(revoked.body.support).toMatchObject({ active: false, reason: "revoked" });
    const refunded = await call("POST", `/api/v1/licenses/${b.body.key}/refund`, {
      reason: "asked in 15 days",
    });
    expect(refunded.body.support).toMatchObject({ active: false, reason: "refunded" });
    expect((await call("GET", "/api/v1/licenses?status=refunded")).body.total).toBe(1);
    const renew = await call("POST", `/api/v1/licenses/${a.body.key}/renew`, { months: 12 });
    expect(renew.status).toBe(409);
  });

  it("renews from the later of today and the current end, and a repeated renewal order changes nothing", async () => {
    const active = await purchase({ orderRef: "N-1", purchaseDate: "2026-06-01" }); // until 2027-06-01
    const expired = await purchase({ orderRef: "N-2", purchaseDate: "2024-01-10" }); // until 2025-01-10
    const r1 = await call("POST", `/api/v1/licenses/${active.body.key}/renew`, {
      months: 12,
      orderRef: "RN-1",
    });
    expect(r1.body.supportUntil).toBe("2028-06-01");
    const repeat = await call("POST", `/api/v1/licenses/${active.body.key}/renew`, {
      months: 12,
      orderRef: "RN-1",
    });
    expect(repeat.body.supportUntil).toBe("2028-06-01");
    const r2 = await call("POST", `/api/v1/licenses/${expired.body.key}/renew`, { months: 6 });
    expect(r2.body.supportUntil).toBe("2027-05-25"); // from today (2026-11-25), not from 2025
    expect(r2.body.support).toMatchObject({ active: true });
    const to = await call("POST", `/api/v1/licenses/${expired.body.key}/renew`, {
      supportUntil: "2027-12-31",
    });
    expect(to.body.supportUntil).toBe("2027-12-31");
    const shorter = await call("POST", `/api/v1/licenses/${expired.body.key}/renew`, {
      supportUntil: "2027-01-01",
    });
    expect(shorter.status).toBe(409);
    const bad = await call("POST", `/api/v1/licenses/${expired.body.key}/renew`, { months: 0 });
    expect(bad.status).toBe(400);
    // Keys are found however they are typed.
    const sloppy = (active.body.key as string).toLowerCase().replaceAll("-", " ").replaceAll("0", "o");
    expect((await call("GET", `/api/v1/licenses/${encodeURIComponent(sloppy)}`)).body.key).toBe(
      active.body.key,
    );
  });

  it("applies concurrent renewals once per renewal order, and each distinct one in full", async () => {
    const key = await apiKey(["licenses"]);
    const created = await purchase({ orderRef: "C-1", purchaseDate: "2026-06-01" }, key); // until 2027-06-01
    const url = `/api/v1/licenses/${created.body.key}/renew`;
    const same = await Promise.all(
      Array.from({ length: 3 }, () => call("POST", url, { months: 12, orderRef: "RN-9" }, key)),
    );
    expect(same.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await call("GET", `/api/v1/licenses/${created.body.key}`)).body.supportUntil).toBe("2028-06-01");
    await Promise.all([
      call("POST", url, { months: 1, orderRef: "RN-10" }, key),
      call("POST", url, { months: 1, orderRef: "RN-11" }, key),
    ]);
    const after = await call("GET", `/api/v1/licenses/${created.body.key}`);
    expect(after.body.supportUntil).toBe("2028-08-01");
    expect((after.body.audit as Json[]).filter((a) => a.action === "license.renewed")).toHaveLength(3);
  });

  it("records every change in the audit trail with who made it", async () => {
    const key = await apiKey(["licenses"]);
    const created = await purchase({ orderRef: "AU-1" }, key);
    const k = created.body.key as string;
    await call("POST", `/api/v1/licenses/${k}/renew`, { months: 1 }, key);
    await call("POST", `/api/v1/licenses/${k}/domains`, { domain: "https://WWW.Shop.example/admin" });
    expect((await call("DELETE", `/api/v1/licenses/${k}/domains/shop.example`, {})).status).toBe(200);
    await call("POST", `/api/v1/licenses/${k}/revoke`, { reason: "fraud" });
    const detail = await call("GET", `/api/v1/licenses/${k}`);
    const audit = detail.body.audit as Json[];
    expect(audit.map((a) => a.action)).toEqual([
      "license.created",
      "license.renewed",
      "license.domain_added",
      "license.domain_removed",
      "license.revoked",
    ]);
    expect(audit[0]).toMatchObject({ actorType: "api_key", actorName: "shop" });
    expect(audit[2]).toMatchObject({ actorType: "user", details: { domain: "shop.example" } });
    expect(audit[4]).toMatchObject({ actorType: "user", details: { reason: "fraud", to: "revoked" } });
    expect(detail.body.customer).toMatchObject({ email: "ana@example.es" });
  });

  it("lets a licenses-scoped API key create and renew, but not list customers or licenses", async () => {
    const key = await apiKey(["licenses"]);
    const created = await purchase({ orderRef: "K-1" }, key);
    expect(created.status).toBe(201);
    expect(
      (await call("POST", `/api/v1/licenses/${created.body.key}/renew`, { months: 1 }, key)).status,
    ).toBe(200);
    expect((await call("GET", "/api/v1/customers", undefined, key)).status).toBe(403);
    expect((await call("GET", "/api/v1/licenses", undefined, key)).status).toBe(403);
    expect((await call("POST", `/api/v1/licenses/${created.body.key}/revoke`, {}, key)).status).toBe(403);
    // An "all" key can read; no key at all cannot create.
    const all = await apiKey(["all"]);
    expect((await call("GET", "/api/v1/customers", undefined, all)).status).toBe(200);
    expect((await purchase({ orderRef: "K-2" }, {})).status).toBe(401);
  });

  it("refuses an unknown product, a malformed key and bad dates without changing anything", async () => {
    expect((await purchase({ productSku: "NOPE" })).status).toBe(400);
    expect((await purchase({ key: "HB-1234-5678-9ABC-DEFG-0" })).status).toBe(400);
    expect((await purchase({ purchaseDate: "2026-02-30" })).status).toBe(400);
    expect((await call("GET", "/api/v1/customers")).body.total).toBe(0);
  });

  it("answers verify with exactly valid, supportActive and supportUntil", async () => {
    const created = await purchase({ orderRef: "V-1", purchaseDate: "2026-01-01" });
    const k = created.body.key as string;
    const anon = {};
    const ok = await call(
      "POST",
      "/api/v1/licenses/verify",
      { key: k.toLowerCase(), domain: "any.example" },
      anon,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ valid: true, supportActive: true, supportUntil: "2027-01-01" });
    // Once a domain is activated, only that domain verifies.
    await call("POST", `/api/v1/licenses/${k}/domains`, { domain: "shop.example" });
    expect(
      (await call("POST", "/api/v1/licenses/verify", { key: k, domain: "www.shop.example" }, anon)).body,
    ).toEqual({ valid: true, supportActive: true, supportUntil: "2027-01-01" });
    expect(
      (await call("POST", "/api/v1/licenses/verify", { key: k, domain: "other.example" }, anon)).body,
    ).toEqual({
      valid: false,
      supportActive: false,
      supportUntil: null,
    });
    // A well-formed key nobody holds, and a typo caught by the check character.
    const unknown = await call(
      "POST",
      "/api/v1/licenses/verify",
      { key: generateLicenseKey("HB"), domain: "a.b" },
      anon,
    );
    expect(unknown.body).toEqual({ valid: false, supportActive: false, supportUntil: null });
    const typo = `${k.slice(0, -1)}${k.endsWith("1") ? "2" : "1"}`;
    const malformed = await call(
      "POST",
      "/api/v1/licenses/verify",
      { key: typo, domain: "shop.example" },
      anon,
    );
    expect(malformed.body).toEqual({ valid: false, supportActive: false, supportUntil: null });
    await call("POST", `/api/v1/licenses/${k}/revoke`, {});
    expect(
      (await call("POST", "/api/v1/licenses/verify", { key: k, domain: "shop.example" }, anon)).body,
    ).toEqual({
      valid: false,
      supportActive: false,
      supportUntil: null,
    });
  });

  it("rate-limits verify per address", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await t.server.app.inject({
        method: "POST",
        url: "/api/v1/licenses/verify",
        payload: { key: "HB-0000-0000-0000-0000-0", domain: "a.example" },
        remoteAddress: "10.9.9.9",
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
    const other = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/licenses/verify",
      payload: { key: "HB-0000-0000-0000-0000-0", domain: "a.example" },
      remoteAddress: "10.9.9.10",
    });
    expect(other.statusCode).toBe(200);
  });

  it("shows a customer with licenses and support state, and edits phones and notes", async () => {
    const created = await purchase({ phone: "+34 611 000 001" });
    const id = created.body.customerId as string;
    const patched = await call("PATCH", `/api/v1/customers/${id}`, {
      notes: "VIP",
      phones: ["+34 611 000 001", "0044 7700 900123"],
    });
    expect(patched.body).toMatchObject({ notes: "VIP", phones: ["+34611000001", "+447700900123"] });
    const detail = await call("GET", `/api/v1/customers/${id}`);
    expect(detail.body.licenses).toMatchObject([
      { productName: "Advanced SEO Suite", support: { active: true } },
    ]);
    const other = await call("POST", "/api/v1/customers", {
      email: "x@example.com",
      name: "X",
      phones: ["+44 7700 900123"],
    });
    expect(other.status).toBe(409);
    expect((await call("GET", "/api/v1/customers/nope")).status).toBe(404);
  });

  it("filters by support exactly as supportState judges each license", async () => {
    // Dates around today (2026-11-25 in Kolkata) and every status; the SQL filter must agree with the rule.
    const offsets = [-400, -2, -1, 0, 1, 2, 300];
    const statuses = ["active", "active", "revoked", "refunded"] as const;
    let n = 0;
    for (const days of offsets) {
      for (const status of statuses) {
        const until = new Date(Date.UTC(2026, 10, 25 + days)).toISOString().slice(0, 10);
        const created = await purchase({
          orderRef: `F-${n++}`,
          purchaseDate: "2024-01-01",
          supportUntil: until,
        });
        if (status !== "active") {
          await call(
            "POST",
            `/api/v1/licenses/${created.body.key}/${status === "revoked" ? "revoke" : "refund"}`,
            {},
          );
        }
      }
    }
    const all = (await call("GET", "/api/v1/licenses?limit=200")).body.data as Json[];
    const keysWhere = (pred: (l: Json) => boolean) =>
      all
        .filter(pred)
        .map((l) => l.key)
        .sort();
    const active = ((await call("GET", "/api/v1/licenses?support=active&limit=200")).body.data as Json[])
      .map((l) => l.key)
      .sort();
    const expired = ((await call("GET", "/api/v1/licenses?support=expired&limit=200")).body.data as Json[])
      .map((l) => l.key)
      .sort();
    expect(active).toEqual(keysWhere((l) => (l.support as Json).active === true));
    expect(expired).toEqual(keysWhere((l) => (l.support as Json).reason === "expired"));
    expect(active.length).toBe(8); // today, tomorrow, +2, +300 days, twice each (status active)
  });

  it("documents the licenses API in the OpenAPI file", async () => {
    const doc = (await t.server.app.inject("/api/openapi.json")).json();
    const verify = doc.paths["/api/v1/licenses/verify"].post;
    expect(Object.keys(verify.responses["200"].content["application/json"].schema.properties).sort()).toEqual(
      ["supportActive", "supportUntil", "valid"],
    );
    expect(doc.paths["/api/v1/licenses/{key}/renew"].post).toBeTruthy();
    expect(doc.paths["/api/v1/licenses/import"].post).toBeTruthy();
    expect(doc.paths["/api/v1/customers/{id}"].patch).toBeTruthy();
  });

  async function vendor() {
    const { getSettings } = await import("../settings/settings.service.js");
    return (await getSettings(t.server.ctx)).vendor;
  }
});
