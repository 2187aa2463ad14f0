import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { newLicenseKey } from "../licenses/licenses.service.js";
import { listMails } from "../mail/mail.service.js";
import { describeEachDatabase, startTestServer, TestClock, type TestServer } from "../test/harness.js";
import { CUSTOMER_COOKIE, MAGIC_LINK_LIMITS, PORTAL_CSRF_COOKIE } from "./portal/portal-kit.js";
import {
  buildCustomer,
  buildLicense,
  buildPortalWorld,
  multipartBody,
  portalSession,
  TINY_PNG,
} from "./tickets.factories.js";

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = "application/x-www-form-urlencoded";

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden ${name} in page`);
  return match[1]!;
}

describeEachDatabase("portal sign-in with a magic link", (dialect) => {
  let t: TestServer;
  let clock: TestClock;
  let world: Awaited<ReturnType<typeof buildPortalWorld>>;

  beforeAll(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, { clock, worker: false });
    world = await buildPortalWorld(t.server.ctx);
  });
  afterAll(async () => t.close());
  beforeEach(async () => await t.server.deps.limiter.reset());

  const inject = (opts: InjectOptions) => t.server.app.inject(opts);

  /** Open the sign-in page: the pre-session cookie and the form token it carries. */
  async function signInPage() {
    const res = await inject({ method: "GET", url: "/support?lang=en" });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === PORTAL_CSRF_COOKIE)!;
    return { cookie: `${PORTAL_CSRF_COOKIE}=${cookie.value}`, csrf: hidden(res.body, "_csrf") };
  }

  async function requestLink(email: string, pre?: { cookie: string; csrf: string }) {
    const p = pre ?? (await signInPage());
    return inject({
      method: "POST",
      url: "/support/sign-in?lang=en",
      headers: { cookie: p.cookie, "content-type": FORM },
      payload: form({ email, _csrf: p.csrf }),
    });
  }

  async function mailsTo(email: string) {
    return (await listMails(t.server.ctx.db.kysely, { limit: 50, offset: 0, to: email })).items;
  }

  async function latestToken(email: string): Promise<string> {
    const [latest] = await mailsTo(email);
    const mail = await (await import("../mail/mail.service.js")).findMail(t.server.ctx.db.kysely, latest!.id);
    const match = /\/support\/auth\?token=([0-9a-z]+)/.exec(mail!.text);
    return match![1]!;
  }

  async function openLink(token: string) {
    const page = await inject({ method: "GET", url: `/support/auth?token=${token}&lang=en` });
    const pre = page.cookies.find((c) => c.name === PORTAL_CSRF_COOKIE);
    const csrf = hidden(page.body, "_csrf");
    const post = await inject({
      method: "POST",
      url: "/support/auth?lang=en",
      headers: { cookie: `${PORTAL_CSRF_COOKIE}=${pre?.value ?? ""}`, "content-type": FORM },
      payload: form({ token, _csrf: csrf }),
    });
    return { page, post };
  }

  it("gives the same answer for a known and an unknown address, and mails only the customer", async () => {
    const known = await requestLink("Alice@Example.com");
    const unknown = await requestLink("nobody@example.com");
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (body: string, email: string) =>
      body.replace(email, "EMAIL").replace(/name="_csrf" value="[^"]*"/g, "");
    expect(strip(known.body, "alice@example.com")).toBe(strip(unknown.body, "nobody@example.com"));
    expect(await mailsTo("alice@example.com")).toHaveLength(1);
    expect(await mailsTo("nobody@example.com")).toHaveLength(0);
    const [mail] = await mailsTo("alice@example.com");
    expect(mail!.subject).toContain("sign-in link");
  });

  it("shows every address the way forward: another address, the license key, the store, the premium line", async () => {
    const sent = await requestLink("bought-with-another@example.com");
    expect(sent.body).toContain("Not the address of your purchase?");
    expect(sent.body).toContain('action="/support/sign-in-key?lang=en"');
    expect(sent.body).toContain('href="https://www.huntbee.com"');
    expect(sent.body).toContain('href="#premium"');
    expect(sent.body).toContain('id="premium"');
  });

  it("signs in with a license key: the link goes to the license's address, shown masked", async () => {
    const pre = await signInPage();
    const before = (await mailsTo("alice@example.com")).length;
    const res = await inject({
      method: "POST",
      url: "/support/sign-in-key?lang=en",
      headers: { cookie: pre.cookie, "content-type": FORM },
      // As a customer pastes it: lower case, spaces around.
      payload: form({ key: `  ${world.aliceActive.key.toLowerCase()} `, _csrf: pre.csrf }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("a••••@e••••••.com");
    expect(res.body).not.toContain("alice@example.com");
    expect((await mailsTo("alice@example.com")).length).toBe(before + 1);
    const { post } = await openLink(await latestToken("alice@example.com"));
    expect(post.statusCode).toBe(303);
  });

  it("answers an unknown or malformed key with a clear error and mails no one", async () => {
    const pre = await signInPage();
    const mails = async () =>
      (await listMails(t.server.ctx.db.kysely, { limit: 500, offset: 0 })).items.length;
    const before = await mails();
    const broken = world.aliceActive.key.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    for (const key of [newLicenseKey("HB"), broken, "not a key", ""]) {
      const res = await inject({
        method: "POST",
        url: "/support/sign-in-key?lang=es",
        headers: { cookie: pre.cookie, "content-type": FORM },
        payload: form({ key, _csrf: pre.csrf }),
      });
      expect(res.statusCode, key).toBe(404);
      expect(res.body).toContain("No encontramos ninguna licencia con esa clave");
    }
    expect(await mails()).toBe(before);
    const noToken = await inject({
      method: "POST",
      url: "/support/sign-in-key",
      headers: { cookie: pre.cookie, "content-type": FORM },
      payload: form({ key: world.aliceActive.key }),
    });
    expect(noToken.statusCode).toBe(403);
    expect(await mails()).toBe(before);
  });

  it("says plainly that a refunded or revoked license has nothing to renew, and shows the official number", async () => {
    const carol = await buildCustomer(t.server.ctx, { email: "carol@example.com", language: "en" });
    for (const status of ["refunded", "revoked"] as const) {
      await buildLicense(t.server.ctx, {
        customerId: carol.id,
        productId: world.product.id,
        supportUntil: "2027-01-01",
        status,
      });
    }
    const session = await portalSession(t.server.ctx, carol.id);
    const home = await inject({
      method: "GET",
      url: "/support?lang=en",
      headers: { cookie: session.cookie },
    });
    expect(home.body).toContain("This license was refunded, so it has no support and cannot be renewed.");
    expect(home.body).toContain("This license was revoked, so it has no support.");
    expect(home.body).not.toContain("Renew support");
    expect(home.body).toContain('href="https://wa.me/');
  });

  it("signs in once with a link: the second use is refused", async () => {
    await requestLink("alice@example.com");
    const token = await latestToken("alice@example.com");
    const first = await openLink(token);
    expect(first.page.statusCode).toBe(200);
    expect(first.post.statusCode).toBe(303);
    const session = first.post.cookies.find((c) => c.name === CUSTOMER_COOKIE)!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Lax");
    expect(session.path).toBe("/support");
    expect(session.secure).toBeFalsy();
    const home = await inject({
      method: "GET",
      url: "/support?lang=en",
      headers: { cookie: `${CUSTOMER_COOKIE}=${session.value}` },
    });
    expect(home.body).toContain("Signed in as alice@example.com");
    expect(home.body).toContain("Mega Filter PRO");

    const second = await openLink(token);
    expect(second.page.statusCode).toBe(410);
    expect(second.post.statusCode).toBe(410);
    expect(second.post.cookies.find((c) => c.name === CUSTOMER_COOKIE)).toBeUndefined();
  });

  it("refuses a link after 15 minutes", async () => {
    await requestLink("alice@example.com");
    const token = await latestToken("alice@example.com");
    clock.advance(15 * 60_000 + 1000);
    const late = await openLink(token);
    expect(late.post.statusCode).toBe(410);
    expect(late.post.body).toContain("expired or was already used");
  });

  it("never accepts an agent's session cookie as a customer's, nor a made-up token", async () => {
    const res = await inject({
      method: "GET",
      url: "/support?lang=en",
      headers: { cookie: `${CUSTOMER_COOKIE}=forged` },
    });
    expect(res.body).toContain("Send me a sign-in link");
    const bad = await openLink("x".repeat(40));
    expect(bad.post.statusCode).toBe(410);
  });

  it("mails an address at most a few times per window, with the same answer, and limits each client", async () => {
    const before = (await mailsTo("bruno@example.com")).length;
    const pre = await signInPage();
    for (let i = 0; i < MAGIC_LINK_LIMITS.perEmail + 2; i++) {
      const res = await requestLink("bruno@example.com", pre);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("Check your inbox");
    }
    expect((await mailsTo("bruno@example.com")).length - before).toBe(MAGIC_LINK_LIMITS.perEmail);

    await t.server.deps.limiter.reset();
    const statuses: number[] = [];
    for (let i = 0; i < MAGIC_LINK_LIMITS.perIp + 1; i++)
      statuses.push((await requestLink(`x${i}@example.com`, pre)).statusCode);
    expect(statuses.slice(0, MAGIC_LINK_LIMITS.perIp).every((s) => s === 200)).toBe(true);
    const limited = await requestLink("another@example.com", pre);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBeTruthy();
    expect(limited.body).toContain("Too many requests");
  });

  it("keeps the per-address mail limit for its whole window while one-minute limits come and go", async () => {
    const before = (await mailsTo("bruno@example.com")).length;
    const pre = await signInPage();
    for (let i = 0; i < MAGIC_LINK_LIMITS.perEmail; i++) await requestLink("bruno@example.com", pre);
    for (let minute = 0; minute < 3; minute++) {
      clock.advance(61_000);
      // A one-minute limiter at work (the webhook's) used to sweep away the quarter-hour counts.
      const webhook = await inject({ method: "POST", url: "/webhooks/whatsapp", payload: "{}" });
      expect(webhook.statusCode).toBe(401);
      expect((await requestLink("bruno@example.com", pre)).statusCode).toBe(200);
    }
    expect((await mailsTo("bruno@example.com")).length - before).toBe(MAGIC_LINK_LIMITS.perEmail);
  });

  it("refuses files on the forms that take none, before reading them (415, never 500)", async () => {
    const before = (await mailsTo("bruno@example.com")).length;
    const pre = await signInPage();
    const alice = await portalSession(t.server.ctx, world.alice.id);
    const six = multipartBody(
      { _csrf: pre.csrf, email: "bruno@example.com" },
      Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.png`, data: TINY_PNG })),
    );
    const eleven = multipartBody({ _csrf: pre.csrf, token: "x".repeat(40) }, [
      { name: "big.bin", data: Buffer.alloc(11 * 1024 * 1024, 1) },
    ]);
    const attempts = [
      { url: "/support/sign-in?lang=en", body: six },
      { url: "/support/auth?lang=en", body: eleven },
      { url: "/support/sign-out?lang=en", body: six },
    ];
    for (const a of attempts) {
      const res = await inject({
        method: "POST",
        url: a.url,
        headers: { cookie: a.url.includes("sign-out") ? alice.cookie : pre.cookie, ...a.body.headers },
        payload: a.body.payload,
      });
      expect(res.statusCode, a.url).toBe(415);
      expect(res.body).toContain("This form takes no files");
    }
    expect((await mailsTo("bruno@example.com")).length).toBe(before);
  });

  it("limits sign-in link confirmations per client before reading the form", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await openLink("y".repeat(40))).post.statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 410)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("refuses every form post without its CSRF token (403), and with another session's token", async () => {
    const pre = await signInPage();
    const noToken = await inject({
      method: "POST",
      url: "/support/sign-in",
      headers: { cookie: pre.cookie, "content-type": FORM },
      payload: form({ email: "alice@example.com" }),
    });
    expect(noToken.statusCode).toBe(403);

    const alice = await portalSession(t.server.ctx, world.alice.id);
    const bruno = await portalSession(t.server.ctx, world.bruno.id);
    const fields = {
      licenseId: world.aliceActive.id,
      category: "installation",
      subject: "Cannot install",
      description: "The installer stops with an error.",
    };
    for (const csrf of [undefined, bruno.csrf, ""]) {
      const res = await inject({
        method: "POST",
        url: "/support/tickets",
        headers: { cookie: alice.cookie, "content-type": FORM },
        payload: form(csrf === undefined ? fields : { ...fields, _csrf: csrf }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain("This form has expired");
    }
    const replies = await inject({
      method: "POST",
      url: "/support/sign-out",
      headers: { cookie: alice.cookie, "content-type": FORM },
      payload: form({}),
    });
    expect(replies.statusCode).toBe(403);
    const ok = await inject({
      method: "POST",
      url: "/support/tickets",
      headers: { cookie: alice.cookie, "content-type": FORM },
      payload: form({ ...fields, _csrf: alice.csrf }),
    });
    expect(ok.statusCode).toBe(303);
  });
});
