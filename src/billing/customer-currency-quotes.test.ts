import { afterEach, beforeEach, expect, it } from "vitest";
import { getSettings } from "../settings/settings.service.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  type BillingTest,
  call,
  newCustomer,
  QUOTE,
  requestedEngagement,
  startBillingServer,
} from "./billing.test-support.js";

// The currency chosen per customer (issue 15): set on the customer, else by the phone's country when the
// owner has a card in its currency, else the default (USD) card. The quote form preselects it and a quote
// sent without a currency takes it.

const card = (currency: string, rate: number) => ({
  currency,
  hourly: { consultation: rate, technical_support: rate, urgent_critical: rate },
});

describeEachDatabase("currency per customer", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function setCards(cards: unknown[]) {
    const rates = (await getSettings(t.server.ctx)).rates;
    expect((await call(t, "PUT", "/api/v1/settings/rates", { ...rates, cards })).status).toBe(200);
  }

  it("is the default card's when the owner has no card in the phone's currency", async () => {
    const { engagement } = await requestedEngagement(t);
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.suggestedCurrency).toEqual({ currency: "USD", source: "default" });
  });

  it("follows the phone's country: +34 → EUR, +91 → INR, and a quote without a currency takes it", async () => {
    await setCards([card("EUR", 2800), card("INR", 200000)]);
    const spain = await requestedEngagement(t);
    const india = await requestedEngagement(t, { waId: "919876500001", name: "Priya" });
    const spainView = await call(t, "GET", `/api/v1/engagements/${spain.engagement.id}`);
    expect(spainView.body.suggestedCurrency).toEqual({ currency: "EUR", source: "phone" });
    const indiaView = await call(t, "GET", `/api/v1/engagements/${india.engagement.id}`);
    expect(indiaView.body.suggestedCurrency).toEqual({ currency: "INR", source: "phone" });
    const q = await call(t, "POST", `/api/v1/engagements/${india.engagement.id}/quotes`, QUOTE);
    expect(q.status).toBe(201);
    expect(q.body).toMatchObject({ currency: "INR", hourlyRateCents: 200000 });
    // The agent may still choose another card explicitly.
    const usd = await call(t, "POST", `/api/v1/engagements/${spain.engagement.id}/quotes`, {
      ...QUOTE,
      currency: "USD",
    });
    expect(usd.body).toMatchObject({ currency: "USD", hourlyRateCents: 3000 });
  });

  it("set on the customer wins over the phone, through the agent API, with the change on the audit trail", async () => {
    await setCards([card("EUR", 2800), card("MXN", 50000)]);
    const customer = newCustomer("Lucía MX");
    const { engagement } = await requestedEngagement(t, customer);
    const created = await call(t, "POST", "/api/v1/customers", {
      email: "lucia@example.com",
      name: "Lucía",
      phones: [`+${customer.waId}`],
    });
    expect(created.status).toBe(201);
    expect(created.body.currency).toBeNull();
    const id = created.body.id as string;
    const patched = await call(t, "PATCH", `/api/v1/customers/${id}`, { currency: "MXN" });
    expect(patched.status).toBe(200);
    expect(patched.body.currency).toBe("MXN");
    expect((await call(t, "GET", `/api/v1/customers/${id}`)).body.currency).toBe("MXN");
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.suggestedCurrency).toEqual({ currency: "MXN", source: "customer" });
    const q = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, QUOTE);
    expect(q.body).toMatchObject({ currency: "MXN", hourlyRateCents: 50000 });
    const audit = await t.server.ctx.db.kysely
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("subject_id", "=", id)
      .where("action", "=", "customer.updated")
      .execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ currency: { from: null, to: "MXN" } }]);
    // Back to automatic: the phone's country again.
    expect((await call(t, "PATCH", `/api/v1/customers/${id}`, { currency: null })).body.currency).toBeNull();
    const again = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(again.body.suggestedCurrency).toEqual({ currency: "EUR", source: "phone" });
  });

  it("refuses a currency without a card, a code that is not ISO 4217, and anyone signed out, changing nothing", async () => {
    const created = await call(t, "POST", "/api/v1/customers", { email: "c@example.com", name: "C" });
    const id = created.body.id as string;
    const noCard = await call(t, "PATCH", `/api/v1/customers/${id}`, { currency: "GBP", name: "Changed" });
    expect(noCard.status).toBe(400);
    expect(noCard.body.error.message).toContain("no rate card in GBP");
    expect((await call(t, "PATCH", `/api/v1/customers/${id}`, { currency: "pounds" })).status).toBe(400);
    const newOne = await call(t, "POST", "/api/v1/customers", {
      email: "d@example.com",
      name: "D",
      currency: "GBP",
    });
    expect(newOne.status).toBe(400);
    expect((await call(t, "PATCH", `/api/v1/customers/${id}`, { currency: "USD" }, "")).status).toBe(401);
    const after = await call(t, "GET", `/api/v1/customers/${id}`);
    expect(after.body).toMatchObject({ currency: null, name: "C" });
    expect((await call(t, "GET", "/api/v1/customers?q=d@example.com")).body.total).toBe(0);
  });
});
