import { afterEach, beforeEach, expect, it } from "vitest";
import {
  agent,
  agreedEngagement,
  type BillingTest,
  call,
  closeApproved,
  newCustomer,
  openPremiumTo,
  settle,
  startBillingServer,
} from "../billing/billing.test-support.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import { buildPortalWorld } from "../tickets/tickets.factories.js";
import { buildTextPayload } from "../whatsapp/fixtures.js";
import { postWebhook } from "../whatsapp/test-support.js";
import { toCsv } from "./csv.js";
import { median, parseRange } from "./reports.service.js";

describeEachDatabase("GET /api/v1/reports", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function presalesMessage(text: string): Promise<string> {
    const customer = newCustomer("Pre Sales");
    await postWebhook(
      t.server,
      buildTextPayload({
        from: customer.waId,
        name: customer.name,
        wamid: `wamid.R${Math.random()}`,
        text,
        timestamp: t.clock.now(),
      }),
    );
    await settle(t);
    const row = await t.server.ctx.db.kysely
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select("conversations.id")
      .where("contacts.wa_id", "=", customer.waId)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A day of work: pre-sales and redirected chats, an agent's answer, a ticket, premium time, an invoice paid. */
  async function busyDay() {
    const question = await presalesMessage(
      "Hello, does the filter extension work with OpenCart 4? I want to buy it",
    );
    await presalesMessage("I bought your extension and after installing it shows an error on checkout");
    t.clock.advance(10 * 60_000);
    const reply = await call(t, "POST", `/api/v1/conversations/${question}/messages`, {
      text: "Yes, it does.",
    });
    expect(reply.status).toBeLessThan(300);

    const world = await buildPortalWorld(t.server.ctx);
    const ticket = await call(t, "POST", "/api/v1/tickets", {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "configuration",
      subject: "Sizes",
      description: "How do I set up size filters?",
    });
    t.clock.advance(30 * 60_000);
    expect(
      (await call(t, "POST", `/api/v1/tickets/${ticket.body.id}/replies`, { text: "Here is how." })).status,
    ).toBe(201);
    expect(
      (await call(t, "POST", `/api/v1/tickets/${ticket.body.id}/status`, { status: "resolved" })).status,
    ).toBe(200);

    const made = await agreedEngagement(t, {
      serviceType: "technical_support",
      estimateHours: 1,
      capHours: 2,
    });
    await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
      minutes: 45,
      note: "Fix",
    });
    await closeApproved(t, made.engagement.id);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    const unpaidToo = await agreedEngagement(t);
    await call(t, "POST", `/api/v1/engagements/${unpaidToo.engagement.id}/time-entries`, {
      minutes: 15,
      note: "Look",
    });
    await closeApproved(t, unpaidToo.engagement.id);
    const unpaid = await call(t, "POST", `/api/v1/engagements/${unpaidToo.engagement.id}/invoice`, {});
    await call(t, "POST", `/api/v1/invoices/${invoice.body.id}/paid`, {});
    return { invoice: invoice.body, unpaid: unpaid.body };
  }

  it("reports messages, deflection, tickets, first response, premium hours, revenue and unpaid invoices", async () => {
    const { invoice, unpaid } = await busyDay();
    const res = await call(t, "GET", "/api/v1/reports?from=2026-11-25&to=2026-11-25");
    expect(res.status).toBe(200);
    const s = res.body.series;
    const presales = s.messages.find((m: { role: string }) => m.role === "presales");
    expect(presales).toMatchObject({ day: "2026-11-25", number: expect.any(String), inbound: 2 });
    expect(presales.outbound).toBeGreaterThanOrEqual(1);
    expect(s.messages.find((m: { role: string }) => m.role === "premium").inbound).toBeGreaterThanOrEqual(4);
    expect(s.conversations).toEqual([{ day: "2026-11-25", presales: 1, redirected: 1 }]);
    expect(s.tickets).toEqual([{ day: "2026-11-25", opened: 1, resolved: 1 }]);
    expect(s.firstResponse.presales).toMatchObject({ medianMinutes: 10, count: 1 });
    // The owner's quotes answer premium customers (here straight away).
    expect(s.firstResponse.premium).toMatchObject({ medianMinutes: 0, count: 2 });
    expect(s.firstResponse.tickets).toMatchObject({ medianMinutes: 30, count: 1 });
    expect(s.premiumHours).toEqual(
      expect.arrayContaining([
        { serviceType: "technical_support", minutes: 45, hours: 0.75, engagements: 1 },
        { serviceType: "urgent_critical", minutes: 15, hours: 0.25, engagements: 1 },
      ]),
    );
    expect(s.revenue).toEqual([
      {
        month: "2026-11",
        currency: "USD",
        invoicedCents: invoice.totalCents + unpaid.totalCents,
        paidCents: invoice.totalCents,
      },
    ]);
    expect(s.unpaidInvoices).toEqual([
      expect.objectContaining({
        number: unpaid.number,
        totalCents: 750,
        billTo: "Lucía Fernández",
        daysOutstanding: 0,
      }),
    ]);
    // Premium billing: hours per currency, and both reviews approved by the customer.
    expect(s.billing).toEqual({
      hoursByCurrency: [{ currency: "USD", minutes: 60, hours: 1, engagements: 2 }],
      depositsOutstanding: [],
      disputedEngagements: 0,
      reviews: { sent: 2, approved: 2, approvedBySilence: 0, disputed: 0, approvalRate: 1 },
      // No exchange rates entered: no total in one currency.
      inReportingCurrency: null,
    });
    expect(res.body.hidden).toEqual([]);

    const empty = await call(t, "GET", "/api/v1/reports?from=2026-10-01&to=2026-10-31");
    expect(empty.body.series.messages).toEqual([]);
    expect(empty.body.series.revenue).toEqual([]);
    // Debts do not expire with the range.
    expect(empty.body.series.unpaidInvoices).toHaveLength(1);
  });

  it("exports every series as CSV", async () => {
    await busyDay();
    for (const series of [
      "messages",
      "conversations",
      "tickets",
      "first-response",
      "premium-hours",
      "revenue",
      "unpaid-invoices",
    ]) {
      const res = await call(t, "GET", `/api/v1/reports/${series}.csv?from=2026-11-25&to=2026-11-25`);
      expect(res.status, series).toBe(200);
      expect(res.raw.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.raw.headers["content-disposition"]).toBe(
        `attachment; filename="${series}-2026-11-25-2026-11-25.csv"`,
      );
      expect(res.raw.body.split("\r\n").length, series).toBeGreaterThan(2);
    }
    const conversations = await call(
      t,
      "GET",
      "/api/v1/reports/conversations.csv?from=2026-11-25&to=2026-11-25",
    );
    expect(conversations.raw.body).toBe("day,presales,redirected\r\n2026-11-25,1,1\r\n");
    expect((await call(t, "GET", "/api/v1/reports/secrets.csv")).status).toBe(400);
  });

  it("keeps money to the owner", async () => {
    await busyDay();
    const ana = await agent(t);
    const res = await call(t, "GET", "/api/v1/reports?from=2026-11-25&to=2026-11-25", undefined, ana.cookie);
    expect(res.status).toBe(200);
    expect(res.body.series.revenue).toBeUndefined();
    expect(res.body.series.unpaidInvoices).toBeUndefined();
    expect(res.body.series.premiumHours).toBeUndefined();
    expect(res.body.hidden).toEqual(["premium-hours", "revenue", "unpaid-invoices", "billing"]);
    expect(res.body.series.tickets).toHaveLength(1);
    for (const series of ["revenue", "unpaid-invoices", "premium-hours"]) {
      expect((await call(t, "GET", `/api/v1/reports/${series}.csv`, undefined, ana.cookie)).status).toBe(403);
    }
  });

  it("shows the premium line's counts and response times only to those who may see premium conversations", async () => {
    await busyDay();
    const ana = await agent(t);
    const range = "from=2026-11-25&to=2026-11-25";
    const hidden = await call(t, "GET", `/api/v1/reports?${range}`, undefined, ana.cookie);
    expect(hidden.body.series.messages.map((m: { role: string }) => m.role)).toEqual(["presales"]);
    expect(hidden.body.series.firstResponse.premium).toBeUndefined();
    expect(hidden.body.series.firstResponse.presales.count).toBe(1);
    const messagesCsv = await call(t, "GET", `/api/v1/reports/messages.csv?${range}`, undefined, ana.cookie);
    expect(messagesCsv.raw.body).not.toContain("premium");
    const responsesCsv = await call(
      t,
      "GET",
      `/api/v1/reports/first-response.csv?${range}`,
      undefined,
      ana.cookie,
    );
    expect(responsesCsv.raw.body.split("\r\n")[0]).toBe(
      "day,presales_median_minutes,presales_count,tickets_median_minutes,tickets_count",
    );

    await openPremiumTo(t, [ana.id]);
    const shown = await call(t, "GET", `/api/v1/reports?${range}`, undefined, ana.cookie);
    expect(shown.body.series.messages.map((m: { role: string }) => m.role)).toContain("premium");
    expect(shown.body.series.firstResponse.premium).toMatchObject({ count: 2 });
    expect(shown.body.series.premiumHours).toBeDefined();
  });

  it("refuses a nonsense range with a 400", async () => {
    for (const q of [
      "from=2026-11-30&to=2026-11-01",
      "from=yesterday",
      "from=2026-02-30",
      "from=2020-01-01&to=2026-01-01",
    ]) {
      const res = await call(t, "GET", `/api/v1/reports?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
  });
});

it("defaults to the last 30 days and computes medians", () => {
  expect(parseRange({}, new Date("2026-11-25T22:00:00Z"))).toEqual({ from: "2026-10-27", to: "2026-11-25" });
  expect(median([])).toBeNull();
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

it("writes CSV that spreadsheets read safely", () => {
  expect(
    toCsv(
      ["a", "b"],
      [
        ["x,y", 'say "hi"'],
        ["=HYPERLINK(1)", null],
        [-3, "@x"],
      ],
    ),
  ).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=HYPERLINK(1),\r\n-3,\'@x\r\n');
});
