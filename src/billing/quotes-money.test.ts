import { afterEach, beforeEach, expect, it } from "vitest";
import { getSettings } from "../settings/settings.service.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  acceptTap,
  type BillingTest,
  billingSent,
  call,
  customerTaps,
  newCustomer,
  QUOTE,
  quote,
  requestedEngagement,
  startBillingServer,
  textOf,
} from "./billing.test-support.js";

// Money in the quote (SPEC 4.1 "Premium billing"): a currency from the settings' rate cards (USD by default),
// a deposit, and the estimate and cap stated as amounts in the customer's language.

const EUR_CARD = {
  currency: "EUR",
  hourly: { consultation: 1400, technical_support: 1900, urgent_critical: 2800 },
};

describeEachDatabase("quotes with money: currency, deposit, amounts", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function addEuroCard() {
    const rates = (await getSettings(t.server.ctx)).rates;
    const res = await call(t, "PUT", "/api/v1/settings/rates", { ...rates, cards: [EUR_CARD] });
    expect(res.status).toBe(200);
  }

  it("quotes in USD from the policy's card by default and states estimate and cap as money", async () => {
    const { engagement, conversationId } = await requestedEngagement(t);
    const q = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, QUOTE);
    expect(q.status).toBe(201);
    // urgent_critical at $30/h, 15-minute blocks, estimate 2 h, cap 4 h.
    expect(q.body).toMatchObject({
      currency: "USD",
      hourlyRateCents: 3000,
      estimateCents: 6000,
      capCents: 12000,
      depositCents: 0,
    });
    const body = textOf((await billingSent(t, conversationId))[0]);
    expect(body).toContain("Rate: $30.00 per hour.");
    expect(body).toContain("blocks of 15 minutes");
    expect(body).toContain("No minimum charge.");
    expect(body).toContain("Estimate: about 2 hours (about $60.00).");
    expect(body).toContain("Cap: 4 hours, never more than $120.00.");
    expect(body).not.toContain("Deposit");
  });

  it("quotes in another card's currency with a deposit, in Spanish, and the agreement keeps both", async () => {
    await addEuroCard();
    const customer = newCustomer("Marta Euros");
    const { engagement, conversationId } = await requestedEngagement(t, customer, "technical_support", "es");
    const q = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      serviceType: "technical_support",
      estimateHours: 1.5,
      capHours: 3,
      minimumMinutes: 60,
      currency: "EUR",
      depositCents: 3000,
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    // €19/h: 90 minutes cost €28.50, the 3-hour cap €57.00.
    expect(q.body).toMatchObject({
      currency: "EUR",
      hourlyRateCents: 1900,
      cardRateCents: 1900,
      estimateCents: 2850,
      capCents: 5700,
      depositCents: 3000,
    });
    const body = textOf((await billingSent(t, conversationId))[0]);
    expect(body).toContain("Tarifa: 19,00\u00a0€ por hora.");
    expect(body).toContain("Cargo mínimo: 1 hora.");
    expect(body).toContain("Estimación: 1,5 horas aproximadamente (unos 28,50\u00a0€).");
    expect(body).toContain("Límite: 3 horas, nunca más de 57,00\u00a0€.");
    expect(body).toContain("Depósito antes de empezar: 30,00\u00a0€.");

    await customerTaps(t, customer, acceptTap(q.body.id));
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("agreed");
    expect(detail.body.agreement).toMatchObject({
      currency: "EUR",
      hourlyRateCents: 1900,
      minimumMinutes: 60,
      capMinutes: 180,
      capCents: 5700,
      depositCents: 3000,
      termsText: q.body.termsText,
      hashVerified: true,
    });
  });

  it("refuses a currency without a rate card, a deposit above the cap's cost, and changing them in an extension", async () => {
    const { engagement, customer } = await requestedEngagement(t);
    const noCard = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      ...QUOTE,
      currency: "EUR",
    });
    expect(noCard.status).toBe(400);
    expect(noCard.body.error.code).toBe("validation_failed");
    expect(noCard.body.error.message).toContain("no rate card in EUR");
    const notIso = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      ...QUOTE,
      currency: "euro",
    });
    expect(notIso.status).toBe(400);
    const tooMuch = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      ...QUOTE,
      depositCents: 12001,
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.message).toContain("$120.00");
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.quotes).toEqual([]);

    const q = await quote(t, engagement.id, { ...QUOTE, depositCents: 12000 });
    await customerTaps(t, customer, acceptTap(q.id));
    await addEuroCard();
    for (const change of [{ currency: "EUR" }, { depositCents: 0 }]) {
      const extension = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
        ...QUOTE,
        capHours: 6,
        ...change,
      });
      expect(extension.status).toBe(400);
    }
    const extension = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      ...QUOTE,
      capHours: 6,
    });
    expect(extension.status).toBe(201);
    expect(extension.body).toMatchObject({
      kind: "extension",
      currency: "USD",
      depositCents: 12000,
      capCents: 18000,
    });
  });

  it("keeps a rate card per currency in the settings, each currency once", async () => {
    const rates = (await getSettings(t.server.ctx)).rates;
    const twice = await call(t, "PUT", "/api/v1/settings/rates", { ...rates, cards: [EUR_CARD, EUR_CARD] });
    expect(twice.status).toBe(400);
    await addEuroCard();
    const read = await call(t, "GET", "/api/v1/settings");
    expect(read.body.rates).toMatchObject({ currency: "USD", cards: [EUR_CARD] });
    expect(read.body.rates.hourly).toEqual({
      consultation: 1500,
      technical_support: 2000,
      urgent_critical: 3000,
    });
  });
});
