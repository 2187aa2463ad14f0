import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, TestClock } from "../test/harness.js";
import { buildCustomer } from "../tickets/tickets.factories.js";
import {
  agreedEngagement,
  answerReview,
  type BillingTest,
  billingSent,
  call,
  closeApproved,
  QUOTE,
  requestedEngagement,
  reviewTokenOf,
  startBillingServer,
  textOf,
} from "./billing.test-support.js";
import { computeInvoice } from "./money.js";
import { pdfText } from "./pdf-text.test-support.js";

describeEachDatabase("closing, invoicing and payment", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  const entries = (id: string) => `/api/v1/engagements/${id}/time-entries`;

  /** An agreed engagement with these minutes recorded, closed. */
  async function closedWith(minutes: number[], body: Record<string, unknown> = { ...QUOTE, capHours: 10 }) {
    const made = await agreedEngagement(t, body);
    for (const [i, m] of minutes.entries()) {
      const res = await call(t, "POST", entries(made.engagement.id), { minutes: m, note: `Task ${i + 1}` });
      if (res.status !== 201) throw new Error(`entry: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await closeApproved(t, made.engagement.id);
    return made;
  }

  it("closes: stops running timers and sends the customer the time by entry, total and amount", async () => {
    const made = await agreedEngagement(t);
    await call(t, "POST", entries(made.engagement.id), { minutes: 40, note: "Fixed the payment module" });
    await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/timer/start`, {});
    t.clock.advance(22 * 60_000);
    const closed = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe("in_review");
    expect(closed.body.runningTimers).toEqual([]);
    expect(closed.body.timeEntries.map((e: { minutes: number }) => e.minutes)).toEqual([40, 22]);
    const summary = textOf((await billingSent(t, made.conversationId)).at(-1));
    expect(summary).toContain("Summary of your premium support (Urgent critical work):");
    expect(summary).toContain("40 min — Fixed the payment module");
    expect(summary).toContain("Time worked: 1 h 2 min.");
    expect(summary).toContain("Billed time: 1 h 15 min (blocks of 15 minutes).");
    expect(summary).toContain("Amount: $37.50.");
    expect(summary).toMatch(/review the entries and approve them.*\/billing\/review\/[0-9a-z]{40}\?lang=en/);
    expect(
      (await call(t, "POST", entries(made.engagement.id), { minutes: 5, note: "late" })).body.error.code,
    ).toBe("invalid_state");
  });

  it("issues the invoice computed by computeInvoice, numbered INV-2026-0001, with the payment link on WhatsApp", async () => {
    const made = await closedWith([40, 22]);
    const res = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(res.status).toBe(201);
    const expected = computeInvoice({
      entries: [{ minutes: 40 }, { minutes: 22 }],
      hourlyRateCents: 3000,
      incrementMinutes: 15,
      minimumMinutes: 0,
      capMinutes: 600,
    });
    expect(res.body).toMatchObject({
      number: "INV-2026-0001",
      totalCents: expected.amountCents,
      currency: "USD",
      status: "unpaid",
      workedMinutes: 62,
      billableMinutes: 75,
      lines: expected.lines,
      paymentUrl: "https://www.paypal.me/huntbee/37.50USD",
    });
    expect(res.body.totalCents).toBe(3750);
    expect(res.body.items.map((i: { minutes: number; note: string }) => [i.minutes, i.note])).toEqual([
      [40, "Task 1"],
      [22, "Task 2"],
    ]);
    const message = textOf((await billingSent(t, made.conversationId)).at(-1));
    expect(message).toContain("Invoice INV-2026-0001 for your premium support: $37.50.");
    expect(message).toContain("Pay here: https://www.paypal.me/huntbee/37.50USD");
    const again = await call(t, "GET", `/api/v1/invoices/${res.body.id}`);
    expect(again.body).toEqual(res.body);
    const detail = await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`);
    expect(detail.body.state).toBe("invoiced");
    expect(detail.body.invoice.number).toBe("INV-2026-0001");
    expect(detail.body.timeEntries.every((e: { locked: boolean }) => e.locked)).toBe(true);
  });

  it("matches computeInvoice for the minimum charge, rounding and an overridden rate", async () => {
    for (const [minutes, body] of [
      [[7], { ...QUOTE, capHours: 10, minimumMinutes: 60 }],
      [[1, 1, 1], { ...QUOTE, capHours: 10, incrementMinutes: 30 }],
      [[59, 61, 13], { ...QUOTE, capHours: 10, hourlyRateCents: 1999, incrementMinutes: 1 }],
    ] as const) {
      const made = await closedWith([...minutes], body);
      const res = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
      const expected = computeInvoice({
        entries: minutes.map((m) => ({ minutes: m })),
        hourlyRateCents: "hourlyRateCents" in body ? body.hourlyRateCents : 3000,
        incrementMinutes: "incrementMinutes" in body ? body.incrementMinutes : 15,
        minimumMinutes: "minimumMinutes" in body ? body.minimumMinutes : 0,
        capMinutes: 600,
      });
      expect(res.body.totalCents, JSON.stringify(minutes)).toBe(expected.amountCents);
      expect(res.body.lines).toEqual(expected.lines);
    }
  });

  it("numbers invoices without gaps and starts again each year", async () => {
    const a = await closedWith([30]);
    const b = await closedWith([30]);
    expect((await call(t, "POST", `/api/v1/engagements/${a.engagement.id}/invoice`, {})).body.number).toBe(
      "INV-2026-0001",
    );
    // A refused invoice (already invoiced) does not use up a number.
    expect((await call(t, "POST", `/api/v1/engagements/${a.engagement.id}/invoice`, {})).status).toBe(409);
    expect((await call(t, "POST", `/api/v1/engagements/${b.engagement.id}/invoice`, {})).body.number).toBe(
      "INV-2026-0002",
    );
    t.clock.set("2027-01-02T10:00:00Z");
    t.cookie = await signInCookie(t.server);
    const c = await closedWith([30]);
    expect((await call(t, "POST", `/api/v1/engagements/${c.engagement.id}/invoice`, {})).body.number).toBe(
      "INV-2027-0001",
    );
  });

  it("locks invoiced entries: no change, deletion or new time", async () => {
    const made = await closedWith([30]);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    const entryId = invoice.body.items[0].entryId;
    const patch = await call(t, "PATCH", `/api/v1/time-entries/${entryId}`, { minutes: 10 });
    expect(patch.status).toBe(409);
    expect(patch.body.error.details.reason).toBe("locked");
    expect((await call(t, "DELETE", `/api/v1/time-entries/${entryId}`, {})).status).toBe(409);
    expect((await call(t, "POST", entries(made.engagement.id), { minutes: 5, note: "x" })).status).toBe(409);
    // The database refuses it too, however it is asked.
    await expect(
      t.server.ctx.db.kysely
        .updateTable("time_entries")
        .set({ minutes: 1 })
        .where("id", "=", entryId)
        .execute(),
    ).rejects.toThrow(/invoiced/);
  });

  it("keeps issued invoices and agreements immutable in the database", async () => {
    const made = await closedWith([30]);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    const db = t.server.ctx.db.kysely;
    await expect(
      db.updateTable("invoices").set({ total_cents: 1 }).where("id", "=", invoice.body.id).execute(),
    ).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("invoices").where("id", "=", invoice.body.id).execute()).rejects.toThrow(
      /immutable/,
    );
    await expect(db.updateTable("agreements").set({ terms_text: "other" }).execute()).rejects.toThrow(
      /immutable/,
    );
    await expect(db.deleteFrom("agreements").execute()).rejects.toThrow(/immutable/);
    const stored = await sql<{ n: number }>`select count(*) as n from agreements`.execute(db);
    expect(Number(stored.rows[0]!.n)).toBe(1);
  });

  it("corrects an invoice with a credit note, then re-invoices the corrected time", async () => {
    const made = await closedWith([30, 20]);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect((await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/credit-note`, {})).status).toBe(400);
    const credit = await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/credit-note`, {
      reason: "20 minutes were for another job",
    });
    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({
      kind: "credit_note",
      number: "CN-2026-0001",
      creditsInvoiceId: invoice.body.id,
      totalCents: -invoice.body.totalCents,
      reason: "20 minutes were for another job",
    });
    expect((await call(t, "GET", `/api/v1/invoices/${invoice.body.id}`)).body.status).toBe("credited");
    expect(
      (await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/credit-note`, { reason: "again" })).status,
    ).toBe(409);
    const detail = await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`);
    expect(detail.body.state).toBe("closed");
    expect(detail.body.invoice).toBeNull();
    const second = detail.body.timeEntries[1].id;
    expect(
      (await call(t, "DELETE", `/api/v1/time-entries/${second}`, { reason: "another job" })).status,
    ).toBe(200);
    // The customer approved 50 minutes: the corrected time goes back to them for review before invoicing.
    const waiting = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(waiting.body.error.code).toBe("review_pending");
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain("We adjusted the time");
    await answerReview(t, await reviewTokenOf(t, made.engagement.id), "approve");
    const corrected = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(corrected.body).toMatchObject({ number: "INV-2026-0002", totalCents: 1500, workedMinutes: 30 });
    expect(textOf((await billingSent(t, made.conversationId)).at(-3))).toContain(
      "cancelled by credit note CN-2026-0001",
    );
  });

  it("marks an invoice paid and unpaid, moving the engagement with it", async () => {
    const made = await closedWith([30]);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    const paid = await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/paid`, {});
    expect(paid.body).toMatchObject({ status: "paid", paidAt: "2026-11-25T10:00:00.000Z" });
    expect((await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`)).body.state).toBe("paid");
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain(
      "We received your payment for invoice INV-2026-0001",
    );
    expect((await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/paid`, {})).status).toBe(409);
    const unpaid = await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/unpaid`, {});
    expect(unpaid.body).toMatchObject({ status: "unpaid", paidAt: null });
    expect((await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`)).body.state).toBe("invoiced");
  });

  it("renders the invoice PDF with vendor, customer, entries, rounding, agreement hash, number and total", async () => {
    const made = await closedWith([40, 22], { ...QUOTE, capHours: 10, minimumMinutes: 90 });
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    const res = await t.server.app.inject({
      method: "GET",
      url: `/api/v1/invoices/${invoice.body.id}/pdf`,
      headers: { cookie: t.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(res.rawPayload);
    expect(text).toContain("Invoice INV-2026-0001");
    expect(text).toContain("HuntBee");
    expect(text).toContain("Lucía Fernández");
    expect(text).toContain(`+${made.customer.waId}`);
    expect(text).toContain("Task 1");
    expect(text).toContain("Rounding up to blocks of 15 min");
    expect(text).toContain("Minimum charge (1.5 hours)");
    expect(text).toContain("$45.00");
    expect(text).toContain(`Quote ${made.quote.code} accepted on WhatsApp`);
    // Accepted at 10:00 UTC: the PDF gives the vendor's wall-clock time and names the zone.
    expect(text.replace(/\s+/g, " ")).toMatch(/November 25, 2026 at 3:30 PM \(Asia\/Kolkata\)/);
    expect(text).toContain(made.quote.termsSha256);
    expect(text).toContain("https://www.paypal.me/huntbee/45.00USD");
  });

  it("closes and invoices after the 24-hour window has closed, recording that the customer was not told", async () => {
    const made = await agreedEngagement(t);
    await call(t, "POST", entries(made.engagement.id), { minutes: 30, note: "Work" });
    const before = (await billingSent(t, made.conversationId)).length;
    t.clock.advance(26 * 3600_000);
    t.cookie = await signInCookie(t.server);
    const closed = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {});
    expect(closed.status).toBe(200);
    // No answer to the review: once its period (3 days) is over, the work counts as approved.
    t.clock.advance(3 * 86_400_000 + 60_000);
    t.cookie = await signInCookie(t.server);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(invoice.status).toBe(201);
    expect((await billingSent(t, made.conversationId)).length).toBe(before);
    const events = (await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`)).body.events;
    expect(events.find((e: { action: string }) => e.action === "close").details).toMatchObject({
      summarySent: false,
    });
    expect(events.find((e: { action: string }) => e.action === "invoice").details).toMatchObject({
      invoiceSent: false,
    });
  });

  it("bills the customer the contact was linked to after the engagement began", async () => {
    const made = await agreedEngagement(t);
    const customer = await buildCustomer(t.server.ctx, {
      name: "Tienda Lucía SL",
      email: "lucia@example.com",
    });
    await t.server.ctx.db.kysely
      .updateTable("contacts")
      .set({ customer_id: customer.id })
      .where("wa_id", "=", made.customer.waId)
      .execute();
    const detail = await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`);
    expect(detail.body.customer).toEqual({
      id: customer.id,
      name: "Tienda Lucía SL",
      email: "lucia@example.com",
    });
    await call(t, "POST", entries(made.engagement.id), { minutes: 30, note: "Work" });
    await closeApproved(t, made.engagement.id);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(invoice.body.billTo).toEqual({
      name: "Tienda Lucía SL",
      email: "lucia@example.com",
      phone: made.customer.waId,
      customerId: customer.id,
    });
  });

  it("refuses every out-of-order step through the API with invalid_state", async () => {
    const { engagement } = await requestedEngagement(t);
    const id = engagement.id;
    for (const [url, body] of [
      [`/api/v1/engagements/${id}/close`, {}],
      [`/api/v1/engagements/${id}/invoice`, {}],
    ] as const) {
      const res = await call(t, "POST", url, body);
      expect(res.status, url).toBe(409);
      expect(res.body.error.code, url).toBe("invalid_state");
    }
    const made = await closedWith([30]);
    expect(
      (await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {})).body.error.code,
    ).toBe("invalid_state");
    expect(
      (await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/quotes`, QUOTE)).body.error.code,
    ).toBe("invalid_state");
    expect(
      (await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/cancel`, {})).body.error.code,
    ).toBe("invalid_state");
    expect(
      (await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/timer/start`, {})).body.error.code,
    ).toBe("invalid_state");
    await call(t, "POST", `/api/v1/engagements/${id}/cancel`, { reason: "customer went away" });
    for (const url of ["quotes", "close", "invoice", "cancel"]) {
      const res = await call(t, "POST", `/api/v1/engagements/${id}/${url}`, url === "quotes" ? QUOTE : {});
      expect(res.status, url).toBe(409);
    }
    const events = (await call(t, "GET", `/api/v1/engagements/${id}`)).body.events;
    expect(events.at(-1)).toMatchObject({
      action: "cancel",
      toState: "cancelled",
      actorType: "user",
      details: { reason: "customer went away" },
    });
  });
});
