import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.js";

/**
 * Routes under /api and /app that answer without a session or API key. Keep this list short:
 * each entry is public on purpose.
 */
const PUBLIC_ALLOW_LIST = new Set([
  "POST /api/v1/session", // signing in
  "GET /api/openapi.json", // the API description
  "HEAD /api/openapi.json",
  "GET /app", // the agent app's shell (no data; it signs in through the API)
  "GET /app/*", // the shell's client-side routes and hashed assets
  "HEAD /app",
  "HEAD /app/*",
  "POST /api/v1/licenses/verify", // the shop's public, rate-limited license check
]);

function sampleUrl(url: string): string {
  return url.replace(/:(\w+)/g, "sample-$1").replace("*", "sample");
}

describe("authorization on every /api and /app route", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite");
  });
  afterAll(async () => t.close());

  it("refuses every non-allow-listed route without a session or API key", async () => {
    const routes = t.server.deps.allRoutes.filter(
      (r) => r.url.startsWith("/api") || r.url.startsWith("/app"),
    );
    expect(routes.length).toBeGreaterThan(8);
    const open: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (PUBLIC_ALLOW_LIST.has(key)) continue;
      const res = await t.server.app.inject({
        method: route.method as "GET",
        url: sampleUrl(route.url),
        headers: { "content-type": "application/json" },
        payload: route.method === "GET" || route.method === "HEAD" ? undefined : "{}",
      });
      if (res.statusCode !== 401) open.push(`${key} → ${res.statusCode}`);
    }
    expect(open).toEqual([]);
  });

  it("refuses a forged or garbage session cookie and a wrong Bearer key", async () => {
    const cookie = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/session",
      headers: { cookie: "beedesk_session=forged" },
    });
    expect(cookie.statusCode).toBe(401);
    const bearer = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: "Bearer bdk_wrong" },
    });
    expect(bearer.statusCode).toBe(401);
  });

  it("sets protective headers on every answer", async () => {
    const res = await t.server.app.inject("/policy");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });
});
