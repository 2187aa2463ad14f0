import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.js";

/** Routes under /api and /webhooks that the OpenAPI document leaves out on purpose. */
const UNDOCUMENTED = new Set([
  "GET /api/openapi.json", // the document itself
]);

describe("the OpenAPI document", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite");
  });
  afterAll(async () => t.close());

  it("lists every API and webhook route the server registers, with its method", async () => {
    const doc = (await t.server.app.inject("/api/openapi.json")).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const registered = t.server.deps.allRoutes.filter(
      // Fastify answers HEAD for every GET by itself; the document lists the GET.
      (r) => (r.url.startsWith("/api/") || r.url.startsWith("/webhooks/")) && r.method !== "HEAD",
    );
    expect(registered.length).toBeGreaterThan(50);
    const missing = registered
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => !UNDOCUMENTED.has(key))
      .filter((key) => {
        const [method, url] = key.split(" ") as [string, string];
        return !doc.paths[url.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
      });
    expect(missing).toEqual([]);
  });
});
