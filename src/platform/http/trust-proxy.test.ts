import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../../test/harness.js";

/** A production setup: forwarding headers used to be trusted whenever NODE_ENV=production. */
const PRODUCTION = {
  NODE_ENV: "production",
  SMTP_URL: "smtp://127.0.0.1:1",
  WHATSAPP_ACCESS_TOKEN: "token",
  WHATSAPP_APP_SECRET: "secret",
  WHATSAPP_VERIFY_TOKEN: "verify",
  WHATSAPP_PRESALES_PHONE_NUMBER_ID: "111",
  WHATSAPP_PRESALES_NUMBER: "+34 600 000 001",
};

async function wrongSignIns(t: TestServer, count: number, forwarded: (i: number) => string) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      headers: { "x-forwarded-for": forwarded(i) },
      payload: { email: `guess${i}@example.com`, password: "wrong-password" },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

async function verifications(t: TestServer, count: number, forwarded: (i: number) => string) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/licenses/verify",
      headers: { "x-forwarded-for": forwarded(i) },
      payload: { key: "BEE-0000-0000-0000-0000", domain: "shop.example.com" },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describeEachDatabase("forwarding headers without TRUST_PROXY", (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { env: PRODUCTION, worker: false });
  });
  afterAll(async () => t.close());

  it("limits wrong sign-ins per connection, whatever X-Forwarded-For claims", async () => {
    const statuses = await wrongSignIns(t, 12, (i) => `198.51.100.${i}`);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("limits public license verification per connection, whatever X-Forwarded-For claims", async () => {
    const statuses = await verifications(t, 32, (i) => `203.0.113.${i}`);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});

describeEachDatabase("forwarding headers from a trusted proxy (TRUST_PROXY)", (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    // app.inject connects from 127.0.0.1: the proxy the operator named.
    t = await startTestServer(dialect, { env: { ...PRODUCTION, TRUST_PROXY: "127.0.0.1" }, worker: false });
  });
  afterAll(async () => t.close());

  it("counts each client the proxy names apart", async () => {
    const statuses = await verifications(t, 32, (i) => `198.51.100.${i}`);
    expect(statuses.includes(429)).toBe(false);
    const same = await verifications(t, 31, () => "198.51.100.200");
    expect(same.slice(0, 30).includes(429)).toBe(false);
    expect(same[30]).toBe(429);
  });
});
