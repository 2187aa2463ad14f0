import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  decimalAmount,
  formatDuration,
  hoursToMinutes,
  newQuoteCode,
  parseBillingReply,
  paymentUrl,
  quoteButtonId,
  rateCardVersion,
  sha256Hex,
  termsText,
} from "./terms.js";

const base = {
  code: "Q-7F3K",
  kind: "initial" as const,
  serviceType: "urgent_critical" as const,
  hourlyRateCents: 3000,
  currency: "USD",
  incrementMinutes: 15,
  minimumMinutes: 0,
  estimateMinutes: 120,
  capMinutes: 240,
};

describe("termsText", () => {
  it("states service, rate, blocks, minimum, estimate, cap and how to accept, in English", () => {
    const text = termsText({ ...base, language: "en" });
    expect(text).toContain("Premium support quote Q-7F3K");
    expect(text).toContain("Service: Urgent critical work.");
    expect(text).toContain("Rate: $30.00 per hour.");
    expect(text).toContain("in blocks of 15 minutes");
    expect(text).toContain("No minimum charge.");
    expect(text).toContain("Estimate: about 2 hours (about $60.00).");
    expect(text).toContain("Cap: 4 hours, never more than $120.00.");
    expect(text).not.toContain("Deposit");
    expect(text).toContain("we stop and ask you again before going past 4 hours".replace("we", "We"));
    expect(text).toContain("Reply Accept");
    expect(text.length).toBeLessThanOrEqual(1024);
  });

  it("writes the same terms in Spanish, with a minimum and fractional hours", () => {
    const text = termsText({ ...base, language: "es", minimumMinutes: 30, estimateMinutes: 90 });
    expect(text).toContain("Presupuesto de soporte premium Q-7F3K");
    expect(text).toContain("Servicio: Trabajo crítico urgente.");
    expect(text).toContain("Tarifa: 30,00\u00a0US$ por hora.");
    expect(text).toContain("bloques de 15 minutos");
    expect(text).toContain("Cargo mínimo: 30 minutos.");
    expect(text).toContain("Estimación: 1,5 horas aproximadamente (unos 45,00\u00a0US$).");
    expect(text).toContain("Límite: 4 horas, nunca más de 120,00\u00a0US$.");
    expect(text).toContain("antes de pasar de 4 horas");
    expect(text).toContain("Responde Aceptar");
  });

  it("states a deposit, and amounts in the quote's currency", () => {
    const en = termsText({ ...base, currency: "EUR", depositCents: 5000, language: "en" });
    expect(en).toContain("Rate: €30.00 per hour.");
    expect(en).toContain("never more than €120.00");
    expect(en).toContain("Deposit before work starts: €50.00.");
    const es = termsText({ ...base, currency: "EUR", depositCents: 5000, language: "es" });
    expect(es).toContain("Depósito antes de empezar: 50,00\u00a0€.");
    // A minimum above the estimate: the estimate is billed as the minimum would bill it.
    const min = termsText({ ...base, minimumMinutes: 180, language: "en" });
    expect(min).toContain("Estimate: about 2 hours (about $90.00).");
  });

  it("says what a cap extension changes", () => {
    const text = termsText({
      ...base,
      kind: "extension",
      capMinutes: 360,
      previousCapMinutes: 240,
      language: "en",
    });
    expect(text).toContain("Cap extension Q-7F3K");
    expect(text).toContain("Your current cap is 4 hours. This raises it to 6 hours");
  });

  it("stays within a button message body for every allowed value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 0, max: 480 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.constantFrom("es" as const, "en" as const),
        (rate, inc, min, cap, language) => {
          const text = termsText({
            ...base,
            kind: "extension",
            hourlyRateCents: rate,
            incrementMinutes: inc,
            minimumMinutes: min,
            estimateMinutes: cap,
            capMinutes: cap,
            previousCapMinutes: cap,
            depositCents: rate * 100,
            language,
          });
          return text.length <= 1024;
        },
      ),
    );
  });
});

describe("quote codes and hashes", () => {
  it("makes short codes from an unambiguous alphabet", () => {
    for (let i = 0; i < 200; i++) expect(newQuoteCode()).toMatch(/^Q-[2-9A-HJKMNP-Z]{4}$/);
  });

  it("hashes text as UTF-8 SHA-256", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("acepto ñ")).toHaveLength(64);
  });

  it("versions the rate card by content, not key order", () => {
    const rates = {
      currency: "USD",
      hourly: { consultation: 1500, technical_support: 2000, urgent_critical: 3000 },
      fixed: [],
      incrementMinutes: 15,
      minimumMinutes: 0,
      paymentUrlTemplate: "x",
      cards: [],
    };
    const reordered = {
      hourly: { urgent_critical: 3000, consultation: 1500, technical_support: 2000 },
      paymentUrlTemplate: "x",
      minimumMinutes: 0,
      incrementMinutes: 15,
      fixed: [],
      cards: [],
      currency: "USD",
    };
    expect(rateCardVersion(rates)).toBe(rateCardVersion(reordered));
    expect(rateCardVersion(rates)).not.toBe(rateCardVersion({ ...rates, incrementMinutes: 30 }));
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });

  it("turns typed hours into the nearest whole minute", () => {
    expect(hoursToMinutes(1.5)).toBe(90);
    expect(hoursToMinutes(0.25)).toBe(15);
    expect(hoursToMinutes(2)).toBe(120);
    expect(hoursToMinutes(1.33)).toBe(80);
    expect(hoursToMinutes(0.001)).toBe(0);
    expect(hoursToMinutes(Number.NaN)).toBeUndefined();
  });

  it("formats durations in words", () => {
    expect(formatDuration(1, "en")).toBe("1 minute");
    expect(formatDuration(45, "es")).toBe("45 minutos");
    expect(formatDuration(60, "es")).toBe("1 hora");
    expect(formatDuration(150, "en")).toBe("2.5 hours");
  });
});

describe("parseBillingReply", () => {
  it("reads reply-button ids that carry the quote id", () => {
    expect(parseBillingReply({ interactiveId: quoteButtonId("accept", "0123abcd") })).toEqual({
      action: "accept",
      quoteId: "0123abcd",
      via: "button",
    });
    expect(parseBillingReply({ interactiveId: quoteButtonId("decline", "zz9") })).toMatchObject({
      action: "decline",
    });
    expect(parseBillingReply({ interactiveId: "presales_question", text: "Acepto Q-7F3K" })).toBeUndefined();
  });

  it("accepts a text naming the quote code with acepto/accept, in any case", () => {
    expect(parseBillingReply({ text: "Acepto Q-7F3K" })).toEqual({
      action: "accept",
      code: "Q-7F3K",
      via: "text",
    });
    expect(parseBillingReply({ text: "ok, I accept q-7f3k thanks" })).toMatchObject({
      action: "accept",
      code: "Q-7F3K",
    });
    expect(parseBillingReply({ text: "no acepto Q-7F3K" })).toMatchObject({ action: "decline" });
    expect(parseBillingReply({ text: "Rechazo el Q-7F3K" })).toMatchObject({ action: "decline" });
  });

  it("ignores texts without a code or without a decision", () => {
    expect(parseBillingReply({ text: "acepto" })).toBeUndefined();
    expect(parseBillingReply({ text: "¿qué es Q-7F3K?" })).toBeUndefined();
    expect(parseBillingReply({ text: "Q-0O1I accept" })).toBeUndefined();
    expect(parseBillingReply({})).toBeUndefined();
  });
});

describe("paymentUrl", () => {
  it("fills amount, currency and invoice, URL-encoded", () => {
    expect(
      paymentUrl("https://www.paypal.me/huntbee/{amount}{currency}", {
        amountCents: 3750,
        currency: "USD",
        invoice: "INV-2026-0001",
      }),
    ).toBe("https://www.paypal.me/huntbee/37.50USD");
    expect(
      paymentUrl("https://pay.example/?ref={invoice}&a={amount}", {
        amountCents: 5,
        currency: "EUR",
        invoice: "INV 1&2",
      }),
    ).toBe("https://pay.example/?ref=INV%201%262&a=0.05");
  });

  it("writes amounts with the currency's minor digits", () => {
    expect(decimalAmount(500, "JPY")).toBe("500");
    expect(decimalAmount(123456, "USD")).toBe("1234.56");
    expect(decimalAmount(1, "KWD")).toBe("0.001");
  });
});
