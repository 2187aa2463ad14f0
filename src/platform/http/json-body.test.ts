import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../../test/harness.js";

describeEachDatabase("JSON bodies", (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { worker: false });
  });
  afterAll(async () => t.close());

  it("signs out with DELETE, a JSON content type and no body", async () => {
    const cookie = await signInCookie(t.server);
    const res = await t.server.app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie, "content-type": "application/json" },
    });
    expect(res.statusCode).toBe(204);
    const after = await t.server.app.inject({ method: "GET", url: "/api/v1/session", headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it("still refuses a missing body where the route needs one, and malformed or poisoned JSON", async () => {
    const cases = [
      { payload: undefined, message: /Invalid body/ },
      { payload: "{not json", message: /JSON/ },
      { payload: '{"__proto__":{"admin":true},"email":"a@b.c","password":"x"}', message: /not valid JSON/ },
    ];
    for (const c of cases) {
      const res = await t.server.app.inject({
        method: "POST",
        url: "/api/v1/session",
        headers: { "content-type": "application/json" },
        payload: c.payload,
      });
      expect(res.statusCode, String(c.payload)).toBe(400);
      expect(res.json().error.message).toMatch(c.message);
    }
  });
});
