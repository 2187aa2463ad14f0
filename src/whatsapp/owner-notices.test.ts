import { afterEach, beforeEach, expect, it } from "vitest";
import { listMails } from "../mail/mail.service.js";
import { describeEachDatabase, OWNER, signInCookie, TestClock, type TestServer } from "../test/harness.js";
import { NOTICE_PERIOD_MS } from "./owner-notices.js";
import {
  injectFailure,
  personaSends,
  startSimulatorServer,
  webhooksSettled,
} from "./simulator/simulator.testing.js";

// The owners hear by mail when the WhatsApp account needs them: Meta flags a number, rejects a template, or
// refuses sends for a reason only the owner can fix. One mail per problem per period, driven through the
// simulator's webhooks and Graph API.

describeEachDatabase("WhatsApp notices to the owners", (dialect) => {
  let t: TestServer & { url: string };
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startSimulatorServer(dialect, { clock });
  });
  afterEach(async () => {
    await t.server.worker?.drain();
    await webhooksSettled(t.server);
    await t.close();
  });

  const simulator = async (url: string, body: unknown) => {
    const res = await t.server.app.inject({
      method: "POST",
      url: `/simulator/api/account${url}`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
    expect(res.statusCode).toBeLessThan(300);
    await webhooksSettled(t.server);
  };
  const notices = async () =>
    (await listMails(t.server.ctx.db.kysely, { limit: 50, offset: 0, to: OWNER.email })).items.filter((m) =>
      m.kind.startsWith("whatsapp.notice."),
    );

  it("mails the owner once when Meta flags a number, again only after the period, never when it recovers", async () => {
    await simulator("/numbers/presales/quality", { event: "FLAGGED" });
    const first = await notices();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: "whatsapp.notice.quality", language: "en" });
    expect(first[0]?.subject).toBe("WhatsApp needs your attention: Official (pre-sales) number's quality");

    await simulator("/numbers/presales/quality", { event: "FLAGGED" });
    await simulator("/numbers/presales/quality", { event: "UNFLAGGED" });
    expect(await notices()).toHaveLength(1);

    clock.advance(NOTICE_PERIOD_MS + 60_000);
    await simulator("/numbers/presales/quality", { event: "FLAGGED" });
    expect(await notices()).toHaveLength(2);
  });

  it("mails the owner when Meta rejects a template", async () => {
    await simulator("/templates/next-review", { status: "REJECTED", reason: "INVALID_FORMAT" });
    const cookie = await signInCookie(t.server);
    const created = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/whatsapp/templates",
      headers: { cookie, "content-type": "application/json" },
      payload: JSON.stringify({
        name: "shipping_note",
        language: "en",
        category: "UTILITY",
        body: "Hello {{1}}, your order is on its way.",
        examples: ["Ana"],
      }),
    });
    expect(created.statusCode).toBe(201);
    await expect
      .poll(async () => (await notices()).map((m) => m.subject), { timeout: 10_000 })
      .toEqual(["WhatsApp needs your attention: template shipping_note (en) is REJECTED"]);
  });

  it("mails the owner when WhatsApp refuses sends for an expired token, once for many failures", async () => {
    injectFailure(t.server, { count: 3, code: 190, httpStatus: 401 });
    await personaSends(t.server, "carlos", "Hello, is the filter compatible with 4.0.2.3?");
    await personaSends(t.server, "john", "Hi there");
    await t.server.worker?.drain();
    const mails = await notices();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: "whatsapp.notice.sends", relatedId: "sends:presales:190" });
  });
});
