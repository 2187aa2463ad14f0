import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, TestClock } from "../../test/harness.js";
import {
  acceptTap,
  type BillingTest,
  billingSent,
  call,
  closeApproved,
  customerTaps,
  QUOTE,
  quote,
  requestedEngagement,
  settle,
  startBillingServer,
  textOf,
} from "../billing.test-support.js";

describeEachDatabase("the simulator's stand-in for Stripe Checkout", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    // Simulator mode (no WhatsApp access token) without STRIPE_SECRET_KEY: the local checkout page.
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")), {
      BEEDESK_STRIPE_SIMULATOR: "auto",
    });
  });
  afterEach(async () => t.stop());

  const get = (url: string) => t.server.app.inject({ method: "GET", url });
  const post = (url: string) =>
    t.server.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });

  it("Pay sends the signed webhook through POST /webhooks/stripe: the deposit is paid; Cancel pays nothing", async () => {
    expect(t.server.ctx.config.stripe.mode).toBe("simulated");
    const made = await requestedEngagement(t);
    const q = await quote(t, made.engagement.id, { ...QUOTE, depositCents: 3000 });
    await customerTaps(t, made.customer, acceptTap(q.id));
    const payPath = /\/billing\/pay\/[0-9a-z]{40}/.exec(
      textOf((await billingSent(t, made.conversationId)).at(-1)),
    )?.[0];
    expect(payPath).toBeTruthy();

    const first = await get(payPath as string);
    expect(first.statusCode).toBe(303);
    const checkout = new URL(first.headers.location as string).pathname;
    expect(checkout).toMatch(/^\/simulator\/checkout\/cs_sim_[0-9a-z]{24}$/);
    const page = await get(`${checkout}?lang=es`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("30,00");
    expect(page.body).toContain(">Pagar<");
    const cancelled = await post(`${checkout}/cancel?lang=en`);
    expect(cancelled.headers.location).toBe("/billing/paid?lang=en&cancelled=1");
    expect((await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`)).body.payments).toEqual([]);

    const again = new URL((await get(payPath as string)).headers.location as string).pathname;
    expect(again).not.toBe(checkout);
    expect((await post(`${again}/pay`)).statusCode).toBe(303);
    expect((await post(`${again}/pay`)).statusCode).toBe(303); // a second Pay on a paid checkout pays nothing
    const detail = (await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`)).body;
    expect(
      detail.payments.map((p: { amountCents: number; method: string }) => [p.amountCents, p.method]),
    ).toEqual([[3000, "stripe"]]);
    expect(detail.prepaid.depositPaid).toBe(true);
    expect((await get("/billing/paid?lang=en")).body).toContain("Your payment is being confirmed");
  });

  it("a credit note on a payment made through the stand-in is refunded through it too, and its page shows it", async () => {
    const premium = (await call(t, "GET", "/api/v1/settings")).body.premium;
    const set = await call(t, "PUT", "/api/v1/settings/premium", { ...premium, unusedPrepaid: "refund" });
    expect(set.status).toBe(200);
    const made = await requestedEngagement(t);
    const q = await quote(t, made.engagement.id, { ...QUOTE, depositCents: 3000 });
    await customerTaps(t, made.customer, acceptTap(q.id));
    const payPath = /\/billing\/pay\/[0-9a-z]{40}/.exec(
      textOf((await billingSent(t, made.conversationId)).at(-1)),
    )?.[0];
    const checkout = new URL((await get(payPath as string)).headers.location as string).pathname;
    expect((await post(`${checkout}/pay`)).statusCode).toBe(303);
    // 45 minutes at $30/h: $22.50 of the $30.00 deposit; the $7.50 left goes back with a credit note, by card.
    const entry = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
      minutes: 45,
      note: "Fix",
    });
    expect(entry.status).toBe(201);
    expect((await closeApproved(t, made.engagement.id)).status).toBe(200);
    expect((await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {})).status).toBe(201);
    await settle(t);
    const sent = await t.server.ctx.db.kysely
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "payment.stripe_refund_sent")
      .where("subject_id", "=", made.engagement.id)
      .execute();
    expect(sent.map((a) => JSON.parse(a.details))).toMatchObject([
      { amountCents: 750, status: "succeeded", simulated: true },
    ]);
    const page = await get(`${checkout}?lang=en`);
    expect(page.body).toContain("Refunded to the card (simulated): $7.50");
  });
});
