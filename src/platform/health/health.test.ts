import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../../test/harness.js";

describeEachDatabase("probes, metrics and the OpenAPI document", (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t.close());

  it("GET /healthz answers 200 and /readyz reports the database ready with migrations current", async () => {
    expect((await t.server.app.inject("/healthz")).statusCode).toBe(200);
    const ready = await t.server.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", database: dialect });
  });

  it("GET /metrics exposes request counts, durations and the outbox backlog in Prometheus format", async () => {
    await t.server.app.inject("/healthz");
    const res = await t.server.app.inject("/metrics");
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /beedesk_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(res.body).toContain("beedesk_http_request_duration_seconds_bucket");
    expect(res.body).toMatch(/beedesk_outbox_jobs\{status="pending"\} 0/);
  });

  it("GET /api/openapi.json documents the API routes with their schemas", async () => {
    const doc = (await t.server.app.inject("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/session"].post.requestBody.content["application/json"].schema.required).toEqual(
      ["email", "password"],
    );
    expect(doc.paths["/api/v1/api-keys/{id}"].delete.parameters[0]).toMatchObject({
      name: "id",
      in: "path",
      required: true,
    });
  });

  it("answers unknown routes and malformed JSON with the error shape, never a 5xx", async () => {
    const missing = await t.server.app.inject("/api/v1/nothing-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("not_found");
    const bad = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeTypeOf("string");
    const wrongType = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: 5, password: [] },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe("validation_failed");
  });
});
