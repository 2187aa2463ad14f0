import { afterEach, beforeEach, expect, it } from "vitest";
import {
  acceptTap,
  agent,
  type BillingTest,
  call,
  customerTaps,
  QUOTE,
  quote,
  requestedEngagement,
  startBillingServer,
} from "../billing/billing.test-support.js";
import { getSettings } from "../settings/settings.service.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";

// Reports in one currency at the owner's own exchange rates (issue 15): Settings → exchange rates, then the
// billing panel adds the per-currency figures up in the reporting currency, labelled with the rates' date.

const card = (currency: string, rate: number) => ({
  currency,
  hourly: { consultation: rate, technical_support: rate, urgent_critical: rate },
});

describeEachDatabase("reports at the owner's exchange rates", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  it("adds deposits owed in USD, EUR and INR up in EUR, naming the currency it has no rate for", async () => {
    const rates = (await getSettings(t.server.ctx)).rates;
    await call(t, "PUT", "/api/v1/settings/rates", {
      ...rates,
      cards: [card("EUR", 2800), card("INR", 200000)],
    });
    // Three agreed quotes whose deposits are still to be paid.
    const deposits = [
      { currency: "USD", depositCents: 3333 },
      { currency: "EUR", depositCents: 5000 },
      { currency: "INR", depositCents: 100000 },
    ];
    for (const d of deposits) {
      const made = await requestedEngagement(t);
      const q = await quote(t, made.engagement.id, { ...QUOTE, ...d });
      await customerTaps(t, made.customer, acceptTap(q.id));
    }
    const before = await call(t, "GET", "/api/v1/reports?from=2026-11-25&to=2026-11-25");
    expect(before.body.series.billing.depositsOutstanding).toHaveLength(3);
    expect(before.body.series.billing.inReportingCurrency).toBeNull();

    const exchange = { currency: "EUR", asOf: "2026-11-24", rates: [{ currency: "USD", rate: "0.92" }] };
    expect((await call(t, "PUT", "/api/v1/settings/exchange", exchange)).status).toBe(200);
    const after = await call(t, "GET", "/api/v1/reports?from=2026-11-25&to=2026-11-25");
    // $33.33 × 0.92 = €30.6636 → €30.66, + €50.00; the rupees are left out and named.
    expect(after.body.series.billing.inReportingCurrency).toEqual({
      currency: "EUR",
      asOf: "2026-11-24",
      invoicedCents: 0,
      paidCents: 0,
      depositsOutstandingCents: 8066,
      missing: ["INR"],
    });
  });

  it("refuses bad rates with 400 and changes nothing; only the owner may set them", async () => {
    const good = { currency: "EUR", asOf: "2026-11-24", rates: [{ currency: "USD", rate: "0.92" }] };
    expect((await call(t, "PUT", "/api/v1/settings/exchange", good)).status).toBe(200);
    for (const rates of [
      [{ currency: "USD", rate: "-1" }],
      [{ currency: "USD", rate: "0" }],
      [{ currency: "USD", rate: "1e3" }],
      [{ currency: "usd", rate: "1" }],
      [
        { currency: "USD", rate: "1" },
        { currency: "USD", rate: "2" },
      ],
    ]) {
      const res = await call(t, "PUT", "/api/v1/settings/exchange", { ...good, rates });
      expect(res.status, JSON.stringify(rates)).toBe(400);
    }
    expect((await call(t, "PUT", "/api/v1/settings/exchange", { ...good, asOf: "24/11/2026" })).status).toBe(
      400,
    );
    const ana = await agent(t);
    const byAgent = await call(
      t,
      "PUT",
      "/api/v1/settings/exchange",
      { ...good, currency: "USD" },
      ana.cookie,
    );
    expect(byAgent.status).toBe(403);
    expect((await getSettings(t.server.ctx)).exchange).toEqual(good);
  });
});
