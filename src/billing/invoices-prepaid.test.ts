import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  agreedEngagement,
  type BillingTest,
  billingSent,
  call,
  closeApproved,
  QUOTE,
  startBillingServer,
  textOf,
} from "./billing.test-support.js";
import { pdfText } from "./pdf-text.test-support.js";

// The invoice nets off what was paid in advance (SPEC 4.1 "Premium billing"): a "paid in advance" line, the
// total is what is still due, and the payment link asks for that.

describeEachDatabase("invoices net off payments", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function workAndInvoice(id: string, minutes: number) {
    const entry = await call(t, "POST", `/api/v1/engagements/${id}/time-entries`, { minutes, note: "Fix" });
    expect(entry.status).toBe(201);
    expect((await closeApproved(t, id)).status).toBe(200);
    const invoice = await call(t, "POST", `/api/v1/engagements/${id}/invoice`, {});
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    return invoice.body;
  }

  it("prepaid work: the deposit covers the invoice, which is paid at issue; the unused rest is on the trail", async () => {
    const { engagement, conversationId } = await agreedEngagement(t, { ...QUOTE, depositCents: 3000 });
    await call(t, "POST", `/api/v1/engagements/${engagement.id}/payments`, {
      amountCents: 3000,
      method: "manual",
    });
    // 45 minutes at $30/h: $22.50, all of it paid in advance.
    const invoice = await workAndInvoice(engagement.id, 45);
    expect(invoice).toMatchObject({ totalCents: 0, status: "paid", currency: "USD", paymentUrl: "" });
    expect(invoice.lines).toEqual([
      { kind: "worked", minutes: 45, amountCents: 2250 },
      { kind: "prepaid", minutes: 0, amountCents: -2250 },
    ]);
    const detail = (await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body;
    expect(detail.state).toBe("paid");
    const issued = detail.events.find((e: { action: string }) => e.action === "invoice");
    expect(issued.details).toMatchObject({ prepaidCents: 2250, unusedPrepaidCents: 750 });
    const pdf = await call(t, "GET", `/api/v1/invoices/${invoice.id}/pdf`);
    const text = pdfText(pdf.raw.rawPayload);
    expect(text).toContain("Paid in advance (deposit, top-ups)");
    expect(text).toContain("-$22.50");
    expect(text).toContain("$0.00");
    const sent = (await billingSent(t, conversationId)).filter((m) => m.callbackData === "billing:invoice");
    expect(textOf(sent[0])).toContain(`Invoice ${invoice.number} for your premium support: $0.00.`);
    expect(textOf(sent[0])).not.toContain("Pay here");
  });

  it("the owner's choice: a deposit of 2 hours with 1 hour worked refunds the unused hour with a credit note, or keeps it", async () => {
    const settings = (await call(t, "GET", "/api/v1/settings")).body;
    expect(settings.premium.unusedPrepaid).toBe("keep");
    const put = await call(t, "PUT", "/api/v1/settings/premium", {
      ...settings.premium,
      unusedPrepaid: "refund",
    });
    expect(put.status).toBe(200);
    const { engagement, conversationId } = await agreedEngagement(t, { ...QUOTE, depositCents: 6000 });
    await call(t, "POST", `/api/v1/engagements/${engagement.id}/payments`, {
      amountCents: 6000,
      method: "manual",
    });
    const invoice = await workAndInvoice(engagement.id, 60);
    expect(invoice).toMatchObject({ totalCents: 0, status: "paid" });
    const detail = (await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body;
    const notes = detail.invoices.filter((i: { kind: string }) => i.kind === "credit_note");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      totalCents: -3000,
      creditsInvoiceId: invoice.id,
      reason: "Unused prepaid balance refunded",
    });
    const told = (await billingSent(t, conversationId)).filter(
      (m) => m.callbackData === "billing:credit_note",
    );
    expect(textOf(told[0])).toContain("gives back $30.00");
    // Nothing more can be given back: the $60.00 paid is all accounted for ($30.00 of work, $30.00 refunded).
    const more = await call(t, "POST", `/api/v1/invoices/${invoice.id}/credit-notes`, {
      amountCents: 3001,
      reason: "x",
    });
    expect(more.body.error.details).toMatchObject({ availableCents: 3000 });

    // With "keep", the unused hour stays (on the trail), and nothing is credited by itself.
    await call(t, "PUT", "/api/v1/settings/premium", { ...settings.premium, unusedPrepaid: "keep" });
    const kept = await agreedEngagement(t, { ...QUOTE, depositCents: 6000 });
    await call(t, "POST", `/api/v1/engagements/${kept.engagement.id}/payments`, {
      amountCents: 6000,
      method: "manual",
    });
    await workAndInvoice(kept.engagement.id, 60);
    const keptDetail = (await call(t, "GET", `/api/v1/engagements/${kept.engagement.id}`)).body;
    expect(keptDetail.invoices.map((i: { kind: string }) => i.kind)).toEqual(["invoice"]);
    const issued = keptDetail.events.find((e: { action: string }) => e.action === "invoice");
    expect(issued.details).toMatchObject({ prepaidCents: 3000, unusedPrepaidCents: 3000 });
  });

  it("a payment on work billed afterwards is netted off, and the link asks for the rest", async () => {
    const { engagement, conversationId } = await agreedEngagement(t);
    await call(t, "POST", `/api/v1/engagements/${engagement.id}/payments`, {
      amountCents: 1000,
      method: "manual",
    });
    const invoice = await workAndInvoice(engagement.id, 45);
    expect(invoice).toMatchObject({ totalCents: 1250, status: "unpaid" });
    expect(invoice.lines).toEqual([
      { kind: "worked", minutes: 45, amountCents: 2250 },
      { kind: "prepaid", minutes: 0, amountCents: -1000 },
    ]);
    expect(invoice.lines.reduce((sum: number, l: { amountCents: number }) => sum + l.amountCents, 0)).toBe(
      invoice.totalCents,
    );
    expect(invoice.paymentUrl).toBe("https://www.paypal.me/huntbee/12.50USD");
    const sent = (await billingSent(t, conversationId)).filter((m) => m.callbackData === "billing:invoice");
    expect(textOf(sent[0])).toContain("$12.50");
  });

  it("credit notes give part of an invoice back, gapless, never more than the work billed or the deposit paid", async () => {
    const { engagement, conversationId } = await agreedEngagement(t, { ...QUOTE, depositCents: 3000 });
    await call(t, "POST", `/api/v1/engagements/${engagement.id}/payments`, {
      amountCents: 3000,
      method: "manual",
    });
    const invoice = await workAndInvoice(engagement.id, 45); // $22.50 of work, the $30.00 deposit applied
    const credit = (amountCents: number, reason = "Unused prepaid balance refunded") =>
      call(t, "POST", `/api/v1/invoices/${invoice.id}/credit-notes`, { amountCents, reason });

    const refund = await credit(750);
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body).toMatchObject({
      kind: "credit_note",
      number: "CN-2026-0001",
      creditsInvoiceId: invoice.id,
      totalCents: -750,
      currency: "USD",
      reason: "Unused prepaid balance refunded",
      lines: [{ kind: "credit", minutes: 0, amountCents: -750 }],
    });
    const told = (await billingSent(t, conversationId)).filter(
      (m) => m.callbackData === "billing:credit_note",
    );
    expect(textOf(told[0])).toBe(
      `Credit note CN-2026-0001 gives back $7.50 on invoice ${invoice.number}: Unused prepaid balance refunded`,
    );
    const pdf = pdfText((await call(t, "GET", `/api/v1/invoices/${refund.body.id}/pdf`)).raw.rawPayload);
    expect(pdf).toContain(`Credits part of invoice ${invoice.number}.`);
    expect(pdf).toContain("Given back");
    expect(pdf).toContain("-$7.50");

    expect((await credit(1500, "Goodwill")).body.number).toBe("CN-2026-0002");
    // $30.00 was paid for $22.50 of work: up to $30.00 in all can be given back, never more.
    const over = await credit(751);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: "credit_exceeds_invoice",
      details: { availableCents: 750, creditedCents: 2250, requestedCents: 751 },
    });
    expect((await credit(750, "The rest of the deposit")).body.number).toBe("CN-2026-0003");
    expect((await credit(1)).body.error.details).toMatchObject({ availableCents: 0, creditedCents: 3000 });
    for (const body of [
      { amountCents: 0, reason: "x" },
      { amountCents: 100 },
      { amountCents: 1.5, reason: "x" },
    ]) {
      expect((await call(t, "POST", `/api/v1/invoices/${invoice.id}/credit-notes`, body)).status).toBe(400);
    }
    const onCredit = await call(t, "POST", `/api/v1/invoices/${refund.body.id}/credit-notes`, {
      amountCents: 1,
      reason: "x",
    });
    expect(onCredit.status).toBe(409);
    // The invoice itself never changes.
    const after = (await call(t, "GET", `/api/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ totalCents: 0, status: "paid", lines: invoice.lines });
  });

  it("two credit notes at once cannot together exceed the invoice", async () => {
    const { engagement } = await agreedEngagement(t);
    const invoice = await workAndInvoice(engagement.id, 45); // $22.50
    const both = await Promise.all(
      [1200, 1200].map((amountCents) =>
        call(t, "POST", `/api/v1/invoices/${invoice.id}/credit-notes`, { amountCents, reason: "Correction" }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
