import { afterEach, beforeEach, expect, it } from "vitest";
import { parseConfig } from "../../platform/config.js";
import { describeEachDatabase, TestClock } from "../../test/harness.js";
import {
  acceptTap,
  answerReview,
  type BillingTest,
  billingSent,
  call,
  closeApproved,
  customerTaps,
  QUOTE,
  quote,
  requestedEngagement,
  reviewTokenOf,
  settle,
  startBillingServer,
  textOf,
} from "../billing.test-support.js";
import { StripeStandin } from "./stripe-standin.test-support.js";

const PAY_LINK = /http:\/\/127\.0\.0\.1:3999(\/billing\/pay\/[0-9a-z]{40})/;
const PDF_LINK = /http:\/\/127\.0\.0\.1:3999(\/billing\/invoice\/[0-9a-z]{40})/;

it("reads STRIPE_API_BASE into the Stripe client's host, port and protocol", () => {
  const base = {
    BEEDESK_DATA_DIR: "/tmp/x",
    STRIPE_SECRET_KEY: "sk_test_1",
    STRIPE_WEBHOOK_SECRET: "whsec_1",
  };
  expect(parseConfig({ ...base, STRIPE_API_BASE: "http://127.0.0.1:12111" }).stripe).toMatchObject({
    mode: "live",
    api: { host: "127.0.0.1", port: 12111, protocol: "http" },
  });
  expect(parseConfig(base).stripe.api).toBeUndefined();
  expect(() => parseConfig({ BEEDESK_DATA_DIR: "/tmp/x", STRIPE_SECRET_KEY: "sk_test_1" })).toThrow(
    /STRIPE_WEBHOOK_SECRET/,
  );
  expect(() => parseConfig({ ...base, STRIPE_API_BASE: "ftp://x" })).toThrow(/STRIPE_API_BASE/);
});

describeEachDatabase("card payments through Stripe Checkout", (dialect) => {
  let t: BillingTest;
  let stripe: StripeStandin;
  beforeEach(async () => {
    stripe = await new StripeStandin().start();
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")), stripe.env());
  });
  afterEach(async () => {
    await t.stop();
    await stripe.stop();
  });

  const base = (id: string) => `/api/v1/engagements/${id}`;
  const follow = async (path: string) => t.server.app.inject({ method: "GET", url: path });

  /** A customer accepts a quote with a deposit; returns the engagement and the pay link's path. */
  async function withDeposit(depositCents: number) {
    const made = await requestedEngagement(t);
    const q = await quote(t, made.engagement.id, { ...QUOTE, depositCents });
    await customerTaps(t, made.customer, acceptTap(q.id));
    const text = textOf((await billingSent(t, made.conversationId)).at(-1));
    const link = PAY_LINK.exec(text)?.[1];
    expect(link, text).toBeTruthy();
    return { ...made, quote: q, payPath: link as string };
  }

  /** Follows the pay link: beedesk creates a Checkout Session at the stand-in and redirects there. */
  async function checkout(payPath: string) {
    const res = await follow(payPath);
    expect(res.statusCode, res.body).toBe(303);
    const id = /\/c\/pay\/(cs_test_\w+)$/.exec(res.headers.location as string)?.[1];
    expect(id).toBeTruthy();
    return id as string;
  }

  it("the journey: deposit paid by card, work drawn from it, review approved, invoice netted, the rest credited", async () => {
    const made = await withDeposit(6000); // 2 h at $30.00
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain("pay the deposit of $60.00");
    const entries = `${base(made.engagement.id)}/time-entries`;
    expect((await call(t, "POST", entries, { minutes: 30, note: "Early" })).body.error.code).toBe(
      "deposit_unpaid",
    );

    const sessionId = await checkout(made.payPath);
    const created = stripe.requests.find((r) => r.path === "/v1/checkout/sessions");
    expect(created?.authorization).toBe("Bearer sk_test_beedesk_standin");
    expect(created?.form).toMatchObject({
      mode: "payment",
      "line_items[0][price_data][unit_amount]": "6000",
      "line_items[0][price_data][currency]": "usd",
      "metadata[purpose]": "deposit",
      "metadata[engagementId]": made.engagement.id,
    });
    // A second click reuses the open session.
    expect(await checkout(made.payPath)).toBe(sessionId);

    const paid = stripe.completed(sessionId);
    expect(await stripe.deliver(t.server, paid)).toEqual({
      status: 200,
      body: { received: true, outcome: "paid" },
    });
    expect((await stripe.deliver(t.server, paid)).body.outcome).toBe("duplicate");
    let detail = (await call(t, "GET", base(made.engagement.id))).body;
    expect(
      detail.payments.map((p: { amountCents: number; method: string }) => [p.amountCents, p.method]),
    ).toEqual([[6000, "stripe"]]);
    expect(detail.prepaid).toMatchObject({ depositPaid: true, paidCents: 6000, coveredMinutes: 120 });
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain(
      "We received your payment of $60.00",
    );

    expect((await call(t, "POST", entries, { minutes: 75, note: "Fixed the checkout" })).status).toBe(201);
    await closeApproved(t, made.engagement.id);
    const invoice = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(invoice.status).toBe(201);
    // 1 h 15 min = $37.50 of work, all of it covered by the $60.00 paid: nothing is due.
    expect(invoice.body).toMatchObject({ totalCents: 0, status: "paid", currency: "USD" });
    expect(invoice.body.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "worked", amountCents: 3750 }),
        expect.objectContaining({ kind: "prepaid", amountCents: -3750 }),
      ]),
    );
    // The invoice message (the unused $22.50 is then kept as credit, told in a message of its own).
    const message =
      (await billingSent(t, made.conversationId)).map(textOf).findLast((m) => PDF_LINK.test(m)) ?? "";
    expect((await call(t, "GET", base(made.engagement.id))).body.customerCredit).toEqual([
      { currency: "USD", cents: 2250 },
    ]);
    const pdfPath = PDF_LINK.exec(message)?.[1];
    expect(pdfPath, message).toBeTruthy();
    const pdf = await follow(pdfPath as string);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect((await follow("/billing/invoice/0000000000000000000000000000000000000000")).statusCode).toBe(404);
    // Nothing is due any more: the pay link says so instead of opening a checkout.
    expect((await follow(made.payPath)).statusCode).toBe(200);

    const refund = await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/credit-notes`, {
      amountCents: 2250,
      reason: "Unused deposit refunded",
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ kind: "credit_note", totalCents: -2250 });
    // The refund gives back what was kept as credit: none is left to draw.
    expect((await call(t, "GET", base(made.engagement.id))).body.customerCredit).toEqual([]);
    expect(refund.body.number).toMatch(/^CN-2026-\d{4}$/);
    // The deposit was paid by card: the rest goes back through Stripe, once, on the deposit's payment intent.
    await settle(t);
    const refunds = stripe.requests.filter((r) => r.path === "/v1/refunds");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.form).toMatchObject({
      payment_intent: stripe.session(sessionId).payment_intent,
      amount: "2250",
    });
    expect(refunds[0]?.idempotencyKey).toContain(refund.body.id);
    // Stripe then reports the refund: already counted, so no second credit note.
    expect((await stripe.deliver(t.server, stripe.refunded(sessionId, 2250))).body.outcome).toBe("ignored");
    detail = (await call(t, "GET", base(made.engagement.id))).body;
    expect(detail.state).toBe("paid");
    expect(
      detail.invoices
        .filter((i: { kind: string }) => i.kind === "credit_note")
        .map((i: { totalCents: number }) => i.totalCents),
    ).toEqual([-2250]);
    console.info(
      `journey amounts: deposit 6000, paid 6000 (stripe), work 3750, invoice ${invoice.body.number} total ${invoice.body.totalCents}, credit note ${refund.body.number} ${refund.body.totalCents}`,
    );
  });

  it("refuses a wrong or missing Stripe-Signature and changes nothing", async () => {
    const made = await withDeposit(3000);
    const sessionId = await checkout(made.payPath);
    const event = stripe.completed(sessionId);
    expect((await stripe.deliver(t.server, event, "whsec_wrong")).status).toBe(401);
    const unsigned = await t.server.app.inject({
      method: "POST",
      url: "/webhooks/stripe",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(event),
    });
    expect(unsigned.statusCode).toBe(401);
    expect((await call(t, "GET", base(made.engagement.id))).body.payments).toEqual([]);
    // The genuine delivery still counts afterwards.
    expect((await stripe.deliver(t.server, event)).body.outcome).toBe("paid");
  });

  it("races: the same event twice at once pays once; two sessions both paid are two payments", async () => {
    const made = await withDeposit(3000);
    const first = await checkout(made.payPath);
    const event = stripe.completed(first);
    const both = await Promise.all([stripe.deliver(t.server, event), stripe.deliver(t.server, event)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.outcome).sort()).toEqual(["duplicate", "paid"]);
    // A different event for the same session (Stripe may send completed and async_payment_succeeded).
    expect((await stripe.deliver(t.server, stripe.completed(first))).body.outcome).toBe("already_paid");
    // Out of order: the session's expiry arriving after its payment changes nothing.
    expect((await stripe.deliver(t.server, stripe.expired(first))).body.outcome).toBe("ignored");
    // A second checkout (a top-up of the deposit's size) and a third, paid at once: both are money received.
    const second = await checkout(made.payPath);
    expect((await stripe.deliver(t.server, stripe.expired(second))).body.outcome).toBe("expired");
    const third = await checkout(made.payPath);
    expect(third).not.toBe(second);
    const paid = await Promise.all([
      stripe.deliver(t.server, stripe.completed(second)),
      stripe.deliver(t.server, stripe.completed(third)),
    ]);
    expect(paid.map((r) => r.body.outcome)).toEqual(["paid", "paid"]);
    const detail = (await call(t, "GET", base(made.engagement.id))).body;
    expect(detail.payments.map((p: { amountCents: number }) => p.amountCents)).toEqual([3000, 3000, 3000]);
  });

  it("a payment arriving during a dispute is recorded and leaves the dispute open", async () => {
    const made = await withDeposit(3000);
    await stripe.deliver(t.server, stripe.completed(await checkout(made.payPath)));
    await call(t, "POST", `${base(made.engagement.id)}/time-entries`, { minutes: 30, note: "Work" });
    const topUp = await checkout(made.payPath);
    await call(t, "POST", `${base(made.engagement.id)}/close`, {});
    await answerReview(t, await reviewTokenOf(t, made.engagement.id), "dispute", "Too long");
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("disputed");
    expect((await stripe.deliver(t.server, stripe.completed(topUp))).body.outcome).toBe("paid");
    const detail = (await call(t, "GET", base(made.engagement.id))).body;
    expect(detail.state).toBe("disputed");
    expect(detail.payments).toHaveLength(2);
    expect((await call(t, "POST", `${base(made.engagement.id)}/invoice`, {})).body.error.code).toBe(
      "review_pending",
    );
  });

  it("an invoice paid by card marks it paid once; a refund becomes a credit note, once", async () => {
    const made = await requestedEngagement(t);
    const q = await quote(t, made.engagement.id, QUOTE);
    await customerTaps(t, made.customer, acceptTap(q.id));
    await call(t, "POST", `${base(made.engagement.id)}/time-entries`, { minutes: 60, note: "Work" });
    await closeApproved(t, made.engagement.id);
    const invoice = (await call(t, "POST", `${base(made.engagement.id)}/invoice`, {})).body;
    expect(invoice.totalCents).toBe(3000);
    expect(invoice.paymentUrl).toMatch(PAY_LINK);
    const sessionId = await checkout(new URL(invoice.paymentUrl).pathname);
    expect(stripe.session(sessionId)).toMatchObject({ amount_total: 3000, metadata: { purpose: "invoice" } });
    expect((await stripe.deliver(t.server, stripe.completed(sessionId))).body.outcome).toBe("paid");
    expect((await call(t, "GET", `/api/v1/invoices/${invoice.id}`)).body.status).toBe("paid");
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("paid");
    const refund = stripe.refunded(sessionId, 1000);
    expect((await stripe.deliver(t.server, refund)).body.outcome).toBe("refunded");
    expect((await stripe.deliver(t.server, refund)).body.outcome).toBe("duplicate");
    // A later event with the same running total (a redelivery under a new id) adds nothing.
    expect((await stripe.deliver(t.server, stripe.refunded(sessionId, 1000))).body.outcome).toBe("ignored");
    const notes = (await call(t, "GET", base(made.engagement.id))).body.invoices.filter(
      (i: { kind: string }) => i.kind === "credit_note",
    );
    expect(notes.map((n: { totalCents: number }) => n.totalCents)).toEqual([-1000]);
  });
});
