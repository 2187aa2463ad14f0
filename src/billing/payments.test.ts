import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  agent,
  agreedEngagement,
  type BillingTest,
  billingSent,
  call,
  QUOTE,
  requestedEngagement,
  startBillingServer,
  textOf,
} from "./billing.test-support.js";

// Deposits and prepaid time (SPEC 4.1 "Premium billing"): payments recorded by the owner, no time before the
// deposit is paid (409 deposit_unpaid), time drawing down the paid balance and stopping at it (409
// prepaid_exhausted, with a top-up request to the customer, once per balance).

// urgent_critical at $30/h in 15-minute blocks, cap 4 h ($120); a $30 deposit covers one hour.
const PREPAID = { ...QUOTE, depositCents: 3000 };

describeEachDatabase("payments, deposits and prepaid time", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  const time = (id: string, minutes: number) =>
    call(t, "POST", `/api/v1/engagements/${id}/time-entries`, { minutes, note: "Working on the checkout" });
  const pay = (id: string, amountCents: number, reference?: string) =>
    call(t, "POST", `/api/v1/engagements/${id}/payments`, { amountCents, method: "manual", reference });
  const detail = async (id: string) => (await call(t, "GET", `/api/v1/engagements/${id}`)).body;
  const topUps = async (conversationId: string) =>
    (await billingSent(t, conversationId)).filter((m) => m.callbackData === "billing:topup").map(textOf);

  it("records no time before the deposit is paid, then draws the paid balance down and stops at it", async () => {
    const { engagement, conversationId } = await agreedEngagement(t, PREPAID);
    const id = engagement.id;

    const early = await time(id, 30);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "deposit_unpaid" });
    expect(early.body.error.message).toContain("$30.00");
    expect((await call(t, "POST", `/api/v1/engagements/${id}/timer/start`, {})).body.error.code).toBe(
      "deposit_unpaid",
    );

    const first = await pay(id, 2000, "Bank transfer 4411");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      engagementId: id,
      amountCents: 2000,
      currency: "USD",
      method: "manual",
      reference: "Bank transfer 4411",
    });
    expect((await time(id, 30)).body.error.code).toBe("deposit_unpaid"); // $20 of $30
    expect((await pay(id, 1000)).status).toBe(201);
    const receipts = (await billingSent(t, conversationId)).filter(
      (m) => m.callbackData === "billing:payment",
    );
    expect(receipts.map(textOf)).toEqual([
      "We received your payment of $20.00. Paid so far: $20.00. Thank you!",
      "We received your payment of $10.00. Paid so far: $30.00. Thank you!",
    ]);

    expect((await time(id, 45)).status).toBe(201);
    const over = await time(id, 20);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: "prepaid_exhausted",
      details: { paidCents: 3000, coveredMinutes: 60, usedMinutes: 45, remainingMinutes: 15 },
    });
    expect((await time(id, 20)).status).toBe(409); // asked again at the same balance: no second message
    expect(await topUps(conversationId)).toEqual([
      "The time you paid for is used up: $30.00 covers 1 hour of work. To go on, please top up your balance; we continue as soon as we receive it.",
    ]);
    expect((await time(id, 15)).status).toBe(201);
    expect((await detail(id)).timeEntries.map((e: { minutes: number }) => e.minutes)).toEqual([45, 15]);

    // A $15 top-up covers 30 minutes more.
    expect((await pay(id, 1500, "PayPal 9X")).status).toBe(201);
    expect((await time(id, 30)).status).toBe(201);
    expect((await time(id, 1)).body.error.code).toBe("prepaid_exhausted");
    expect(await topUps(conversationId)).toHaveLength(2);
    const d = await detail(id);
    expect(d.prepaid).toEqual({
      depositCents: 3000,
      paidCents: 4500,
      depositPaid: true,
      coveredMinutes: 90,
      remainingMinutes: 0,
    });
    expect(d.payments.map((p: { amountCents: number }) => p.amountCents)).toEqual([2000, 1000, 1500]);
    expect(d.events.filter((e: { action: string }) => e.action === "request_topup")).toHaveLength(2);
  });

  it("stops a timer at the paid balance: the rest is not recorded", async () => {
    const { engagement } = await agreedEngagement(t, PREPAID);
    await pay(engagement.id, 3000);
    expect((await time(engagement.id, 40)).status).toBe(201);
    expect((await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/start`, {})).status).toBe(201);
    t.clock.advance(50 * 60_000);
    const stopped = await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/stop`, {});
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.entry.minutes).toBe(20);
    expect(stopped.body.clampedMinutes).toBe(30);
    expect(
      (await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/start`, {})).body.error.code,
    ).toBe("prepaid_exhausted");
  });

  it("leaves work without a deposit billed afterwards, as before", async () => {
    const { engagement } = await agreedEngagement(t);
    expect((await time(engagement.id, 200)).status).toBe(201);
    expect((await time(engagement.id, 41)).body.error.code).toBe("cap_reached");
    expect((await detail(engagement.id)).prepaid).toBeNull();
  });

  it("keeps two payments made at once, and refuses bad payments changing nothing", async () => {
    const { engagement } = await agreedEngagement(t, PREPAID);
    const both = await Promise.all([pay(engagement.id, 1200), pay(engagement.id, 1800)]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect((await detail(engagement.id)).prepaid.paidCents).toBe(3000);

    for (const body of [
      { amountCents: 0, method: "manual" },
      { amountCents: 12.5, method: "manual" },
      { amountCents: 100, method: "card" },
      { amountCents: 100 },
    ]) {
      expect((await call(t, "POST", `/api/v1/engagements/${engagement.id}/payments`, body)).status).toBe(400);
    }
    const requested = await requestedEngagement(t);
    const early = await pay(requested.engagement.id, 1000);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("agreement_required");
    const { cookie } = await agent(t);
    const hidden = await call(
      t,
      "POST",
      `/api/v1/engagements/${engagement.id}/payments`,
      { amountCents: 100, method: "manual" },
      cookie,
    );
    expect(hidden.status).toBe(404);
    expect((await detail(engagement.id)).payments).toHaveLength(2);
  });
});
