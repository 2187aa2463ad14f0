import { afterEach, beforeEach, expect, it } from "vitest";
import {
  describeEachDatabase,
  OWNER,
  signInCookie,
  startTestServer,
  type TestServer,
} from "../test/harness.js";

describeEachDatabase("sessions and API keys", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect);
  });
  afterEach(async () => t.close());

  it("creates the first owner from BEEDESK_ADMIN_* and signs them in with an HttpOnly SameSite cookie", async () => {
    const res = await t.server.app.inject({ method: "POST", url: "/api/v1/session", payload: OWNER });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: OWNER.email, role: "owner" });
    const cookie = res.cookies.find((c) => c.name === "beedesk_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    // PUBLIC_URL is http:// in tests, so the Secure flag is off and the cookie works on plain http.
    expect(cookie?.secure).toBeUndefined();
    const me = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/session",
      headers: { cookie: `beedesk_session=${cookie?.value}` },
    });
    expect(me.json().user.email).toBe(OWNER.email);
  });

  it("refuses a wrong password with the same answer as an unknown email", async () => {
    const wrong = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: OWNER.email, password: "nope-nope" },
    });
    const unknown = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: "who@example.com", password: "nope-nope" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("invalid_credentials");
  });

  it("rate-limits sign-in attempts on one account", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.server.app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: OWNER.email, password: "wrong-password" },
        remoteAddress: `10.0.0.${i}`,
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it("signs out: the cookie no longer works", async () => {
    const cookie = await signInCookie(t.server);
    const out = await t.server.app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie, "content-type": "application/json" },
      payload: "{}",
    });
    expect(out.statusCode).toBe(204);
    const me = await t.server.app.inject({ method: "GET", url: "/api/v1/session", headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it("accepts a session cookie on writes only with Content-Type: application/json (no cross-site forms)", async () => {
    const cookie = await signInCookie(t.server);
    const form = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie, "content-type": "text/plain" },
      payload: JSON.stringify({ email: "a@example.com", name: "A", role: "agent", password: "password-123" }),
    });
    expect(form.statusCode).toBe(403);
    expect(form.json().error.code).toBe("csrf_failed");
    const json = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie },
      payload: { email: "a@example.com", name: "A", role: "agent", password: "password-123" },
    });
    expect(json.statusCode).toBe(201);
  });

  it("lets only the owner create accounts, and an agent sign in", async () => {
    const owner = await signInCookie(t.server);
    await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie: owner },
      payload: { email: "agent@example.com", name: "Ana", role: "agent", password: "agent-password" },
    });
    const agent = await signInCookie(t.server, "agent@example.com", "agent-password");
    const res = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie: agent },
      payload: { email: "b@example.com", name: "B", role: "agent", password: "password-123" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
    const settings = await t.server.app.inject({
      method: "PUT",
      url: "/api/v1/settings/rates",
      headers: { cookie: agent },
      payload: {},
    });
    expect(settings.statusCode).toBe(403);
  });

  it("creates an API key shown once, stores it hashed, accepts it as Bearer and refuses it once revoked", async () => {
    const cookie = await signInCookie(t.server);
    const created = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: { cookie },
      payload: { name: "shop" },
    });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    const stored = await t.database.db.kysely
      .selectFrom("api_keys")
      .select("key_hash")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(secret);
    const list = await t.server.app.inject({ method: "GET", url: "/api/v1/api-keys", headers: { cookie } });
    expect(JSON.stringify(list.json())).not.toContain(secret);

    const withKey = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(withKey.statusCode).toBe(200);
    // A Bearer key needs no JSON content type: it is not a cookie a browser sends on its own.
    const revoke = await t.server.app.inject({
      method: "DELETE",
      url: `/api/v1/api-keys/${id}`,
      headers: { cookie, "content-type": "application/json" },
      payload: "{}",
    });
    expect(revoke.statusCode).toBe(204);
    const after = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it("limits a key to its scope", async () => {
    const cookie = await signInCookie(t.server);
    const { secret } = (
      await t.server.app.inject({
        method: "POST",
        url: "/api/v1/api-keys",
        headers: { cookie },
        payload: { name: "shop", scopes: ["licenses"] },
      })
    ).json();
    const res = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.statusCode).toBe(403);
  });

  it("stores passwords with scrypt, never in clear", async () => {
    const row = await t.database.db.kysely
      .selectFrom("users")
      .select("password_hash")
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(row.password_hash).not.toContain(OWNER.password);
  });
});
