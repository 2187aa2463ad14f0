import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, TestClock } from "../test/harness.js";
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
  startBillingServer,
  textOf,
} from "./billing.test-support.js";
import { billingData } from "./billing-data.service.js";

// "Keep as credit" (premium.unusedPrepaid = "keep", the default): unused prepaid money becomes the customer's
// credit, told to them and shown to agents, and their next agreement draws it first as a payment.

describeEachDatabase("customer credit from unused prepaid money", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function workAndInvoice(id: string, minutes: number) {
    const entry = await call(t, "POST", `/api/v1/engagements/${id}/time-entries`, { minutes, note: "Fix" });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    expect((await closeApproved(t, id)).status).toBe(200);
    const invoice = await call(t, "POST", `/api/v1/engagements/${id}/invoice`, {});
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    return invoice.body;
  }

  it("keeps the unused deposit as credit, and the next agreement's deposit draws it first", async () => {
    const first = await requestedEngagement(t);
    const q1 = await quote(t, first.engagement.id, { ...QUOTE, depositCents: 3000 });
    await customerTaps(t, first.customer, acceptTap(q1.id));
    await call(t, "POST", `/api/v1/engagements/${first.engagement.id}/payments`, {
      amountCents: 3000,
      method: "manual",
    });
    // 45 minutes at $30/h: $22.50 of the $30.00 paid; $7.50 kept as credit.
    await workAndInvoice(first.engagement.id, 45);
    const after = (await call(t, "GET", `/api/v1/engagements/${first.engagement.id}`)).body;
    expect(after.customerCredit).toEqual([{ currency: "USD", cents: 750 }]);
    const told = (await billingSent(t, first.conversationId)).map(textOf).find((x) => x.includes("credit"));
    expect(told).toContain("$7.50 you paid in advance was not used: we keep it as your credit (now $7.50)");

    // The same customer's next work, with a $30.00 deposit: the credit pays $7.50 of it at once.
    const second = await requestedEngagement(t, first.customer);
    const q2 = await quote(t, second.engagement.id, { ...QUOTE, depositCents: 3000 });
    await customerTaps(t, first.customer, acceptTap(q2.id));
    const drawn = (await call(t, "GET", `/api/v1/engagements/${second.engagement.id}`)).body;
    expect(drawn.payments).toMatchObject([{ amountCents: 750, method: "credit", currency: "USD" }]);
    expect(drawn.customerCredit).toEqual([]);
    const early = await call(t, "POST", `/api/v1/engagements/${second.engagement.id}/time-entries`, {
      minutes: 15,
      note: "Too early",
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "deposit_unpaid", details: { paidCents: 750 } });
    await call(t, "POST", `/api/v1/engagements/${second.engagement.id}/payments`, {
      amountCents: 2250,
      method: "manual",
    });
    // 60 minutes: $30.00, all netted off by the credit and the payment.
    const invoice = await workAndInvoice(second.engagement.id, 60);
    expect(invoice).toMatchObject({ totalCents: 0, status: "paid" });
    expect(invoice.lines).toContainEqual({ kind: "prepaid", minutes: 0, amountCents: -3000 });
    const audit = await t.server.ctx.db.kysely
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "in", ["credit.keep", "payment.record"])
      .where("subject_id", "=", second.engagement.id)
      .execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.details).method])).toContainEqual([
      "payment.record",
      "credit",
    ]);

    // The customer's data export holds the ledger: kept by the first engagement, drawn by the second.
    const contacts = await t.server.ctx.db.kysely
      .selectFrom("engagements")
      .select("contact_id")
      .where("id", "=", first.engagement.id)
      .execute();
    const exported = await billingData(t.server.ctx, { contactIds: contacts.map((c) => c.contact_id) });
    const ledger = exported.flatMap((e) => e.credits.map((c) => `${c.kind} ${c.amountCents} ${c.currency}`));
    expect(ledger.sort()).toEqual(["applied -750 USD", "kept 750 USD"]);
  });

  it("nets the credit off the next invoice of work billed afterwards (no deposit)", async () => {
    const first = await requestedEngagement(t);
    const q1 = await quote(t, first.engagement.id, { ...QUOTE, depositCents: 3000 });
    await customerTaps(t, first.customer, acceptTap(q1.id));
    await call(t, "POST", `/api/v1/engagements/${first.engagement.id}/payments`, {
      amountCents: 3000,
      method: "manual",
    });
    await workAndInvoice(first.engagement.id, 45);
    // Next work without a deposit: the $7.50 credit is drawn and netted on its invoice.
    const second = await requestedEngagement(t, first.customer);
    const q2 = await quote(t, second.engagement.id, QUOTE);
    await customerTaps(t, first.customer, acceptTap(q2.id));
    const invoice = await workAndInvoice(second.engagement.id, 60);
    expect(invoice.totalCents).toBe(2250);
    expect(invoice.lines).toContainEqual({ kind: "prepaid", minutes: 0, amountCents: -750 });
    const detail = (await call(t, "GET", `/api/v1/engagements/${second.engagement.id}`)).body;
    expect(detail.customerCredit).toEqual([]);
  });
});
