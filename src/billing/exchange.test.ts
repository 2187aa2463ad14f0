import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertMinor, minorDigits, totalInReportingCurrency } from "./exchange.js";

describe("convertMinor", () => {
  it("converts exactly and rounds half away from zero to the target's minor unit", () => {
    // €100.00 at 1.08 USD per EUR: $108.00.
    expect(convertMinor(10000, "EUR", "USD", "1.08")).toBe(10800);
    // ₹1,000.00 at 0.0108 EUR per INR: €10.80.
    expect(convertMinor(100000, "INR", "EUR", "0.0108")).toBe(1080);
    // 0.5 cent rounds up, 0.4999 down; negatives mirror.
    expect(convertMinor(1, "EUR", "USD", "0.5")).toBe(1);
    expect(convertMinor(1, "EUR", "USD", "0.4999")).toBe(0);
    expect(convertMinor(-1, "EUR", "USD", "0.5")).toBe(-1);
    // Currencies without cents: ¥1,000 at 0.0062 EUR per JPY is €6.20; $1.00 at 150 JPY per USD is ¥150.
    expect(minorDigits("JPY")).toBe(0);
    expect(convertMinor(1000, "JPY", "EUR", "0.0062")).toBe(620);
    expect(convertMinor(100, "USD", "JPY", "150")).toBe(150);
  });

  it("property: a rate of 1 between two-decimal currencies changes nothing, and conversion is monotonic", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (a, b) => {
        expect(convertMinor(a, "EUR", "USD", "1")).toBe(a);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(convertMinor(lo, "MXN", "EUR", "0.0512")).toBeLessThanOrEqual(
          convertMinor(hi, "MXN", "EUR", "0.0512"),
        );
      }),
    );
  });
});

describe("totalInReportingCurrency", () => {
  const exchange = { currency: "EUR", rates: [{ currency: "USD", rate: "0.92" }] };

  it("adds each currency's converted sum and names the currencies it has no rate for", () => {
    const total = totalInReportingCurrency(
      [
        { currency: "EUR", cents: 5000 },
        { currency: "USD", cents: 3333 },
        { currency: "USD", cents: 3333 },
        { currency: "INR", cents: 100000 },
      ],
      exchange,
    );
    // $66.66 × 0.92 = €61.3272 → €61.33 (the sum is converted, not each amount), + €50.00.
    expect(total).toEqual({ cents: 11133, missing: ["INR"] });
  });

  it("property: without other currencies the total is the plain sum", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 20 }), (amounts) => {
        const total = totalInReportingCurrency(
          amounts.map((cents) => ({ currency: "EUR", cents })),
          exchange,
        );
        expect(total).toEqual({ cents: amounts.reduce((s, a) => s + a, 0), missing: [] });
      }),
    );
  });
});
