import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BillingTerms,
  computeInvoice,
  costOfMinutes,
  creditableCents,
  netOfPayments,
  prepaidMinutes,
  quoteAmounts,
} from "./money.js";

const terms: fc.Arbitrary<BillingTerms> = fc.record({
  hourlyRateCents: fc.integer({ min: 0, max: 100_000 }),
  incrementMinutes: fc.integer({ min: 1, max: 240 }),
  minimumMinutes: fc.integer({ min: 0, max: 480 }),
  capMinutes: fc.integer({ min: 1, max: 20_000 }),
});
const cents = fc.integer({ min: 0, max: 50_000_000 });

describe("quoteAmounts", () => {
  it("states the policy's example: 2 hours at $20 with 15-minute blocks, cap 4 hours", () => {
    expect(
      quoteAmounts({
        hourlyRateCents: 2000,
        incrementMinutes: 15,
        minimumMinutes: 0,
        estimateMinutes: 120,
        capMinutes: 240,
      }),
    ).toEqual({ estimateCents: 4000, capCents: 8000 });
    // 50 minutes with a one-hour minimum bill the hour.
    expect(
      quoteAmounts({
        hourlyRateCents: 3000,
        incrementMinutes: 15,
        minimumMinutes: 60,
        estimateMinutes: 50,
        capMinutes: 90,
      }),
    ).toEqual({ estimateCents: 3000, capCents: 4500 });
  });

  it("never promises a cap below what any invoice under it bills, nor an estimate above the cap", () => {
    fc.assert(
      fc.property(terms, fc.integer({ min: 0, max: 20_000 }), (t, worked) => {
        const { estimateCents, capCents } = quoteAmounts({
          ...t,
          estimateMinutes: Math.min(worked, t.capMinutes),
        });
        const invoice = computeInvoice({ entries: [{ minutes: worked }], ...t });
        expect(invoice.amountCents).toBeLessThanOrEqual(capCents);
        expect(estimateCents).toBeLessThanOrEqual(capCents);
      }),
    );
  });
});

describe("prepaidMinutes", () => {
  it("stops at the last minute the paid amount covers", () => {
    const t = { hourlyRateCents: 2000, incrementMinutes: 15, minimumMinutes: 0, capMinutes: 600 };
    expect(prepaidMinutes(0, t)).toBe(0);
    expect(prepaidMinutes(499, t)).toBe(0); // a started block costs $5.00
    expect(prepaidMinutes(500, t)).toBe(15);
    expect(prepaidMinutes(5000, t)).toBe(150);
    expect(prepaidMinutes(1_000_000, t)).toBe(600); // never past the cap
    // A one-hour minimum: nothing until the hour is paid, then block by block.
    const m = { ...t, minimumMinutes: 60 };
    expect(prepaidMinutes(1999, m)).toBe(0);
    expect(prepaidMinutes(2000, m)).toBe(60);
  });

  it("is covered by the payment and is the most that is", () => {
    fc.assert(
      fc.property(terms, cents, (t, paid) => {
        const m = prepaidMinutes(paid, t);
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual(t.capMinutes);
        expect(costOfMinutes(m, t)).toBeLessThanOrEqual(paid);
        if (m < t.capMinutes) expect(costOfMinutes(m + 1, t)).toBeGreaterThan(paid);
      }),
    );
  });

  it("never shrinks when more is paid", () => {
    fc.assert(
      fc.property(terms, cents, cents, (t, a, b) => {
        expect(prepaidMinutes(Math.max(a, b), t)).toBeGreaterThanOrEqual(prepaidMinutes(Math.min(a, b), t));
      }),
    );
  });

  it("refuses a negative or fractional payment", () => {
    const t = { hourlyRateCents: 2000, incrementMinutes: 15, minimumMinutes: 0, capMinutes: 60 };
    expect(() => prepaidMinutes(-1, t)).toThrow(RangeError);
    expect(() => prepaidMinutes(1.5, t)).toThrow(RangeError);
  });
});

describe("netOfPayments", () => {
  it("applies what was paid, up to the amount, and keeps the rest apart", () => {
    expect(netOfPayments(2250, 3000)).toEqual({ appliedCents: 2250, dueCents: 0, unusedCents: 750 });
    expect(netOfPayments(2250, 1000)).toEqual({ appliedCents: 1000, dueCents: 1250, unusedCents: 0 });
    expect(netOfPayments(0, 0)).toEqual({ appliedCents: 0, dueCents: 0, unusedCents: 0 });
  });

  it("never asks for less than the work minus the payments, nor loses a cent", () => {
    fc.assert(
      fc.property(cents, cents, (amount, paid) => {
        const { appliedCents, dueCents, unusedCents } = netOfPayments(amount, paid);
        expect(appliedCents + dueCents).toBe(amount);
        expect(appliedCents + unusedCents).toBe(paid);
        expect(Math.min(appliedCents, dueCents, unusedCents)).toBeGreaterThanOrEqual(0);
        expect(dueCents === 0 || unusedCents === 0).toBe(true);
      }),
    );
  });

  it("leaves nothing due on prepaid work: time stops where the payments stop covering it", () => {
    fc.assert(
      fc.property(terms, cents, fc.integer({ min: 0, max: 20_000 }), (t, paid, worked) => {
        const recorded = Math.min(worked, prepaidMinutes(paid, t));
        expect(netOfPayments(costOfMinutes(recorded, t), paid).dueCents).toBe(0);
      }),
    );
  });
});

describe("creditableCents", () => {
  it("lets credit notes add up to the work billed and never past it", () => {
    fc.assert(
      fc.property(
        terms,
        fc.integer({ min: 0, max: 20_000 }),
        fc.array(cents, { maxLength: 12 }),
        (t, worked, asks) => {
          const invoice = computeInvoice({ entries: [{ minutes: worked }], ...t });
          const lines = [
            ...invoice.lines,
            { kind: "prepaid" as const, minutes: 0, amountCents: -invoice.amountCents },
          ];
          let credited = 0;
          for (const ask of asks) {
            if (ask >= 1 && ask <= creditableCents(lines, credited)) credited += ask;
          }
          expect(credited).toBeLessThanOrEqual(invoice.amountCents);
          expect(creditableCents(lines, credited)).toBe(invoice.amountCents - credited);
        },
      ),
    );
  });

  it("lets an unused deposit be given back too: never more than the work billed or what was paid, whichever is more", () => {
    fc.assert(
      fc.property(
        terms,
        fc.integer({ min: 0, max: 20_000 }),
        cents,
        fc.array(cents, { maxLength: 12 }),
        (t, worked, paid, asks) => {
          const invoice = computeInvoice({ entries: [{ minutes: worked }], ...t });
          const net = netOfPayments(invoice.amountCents, paid);
          const lines = net.appliedCents
            ? [...invoice.lines, { kind: "prepaid" as const, minutes: 0, amountCents: -net.appliedCents }]
            : invoice.lines;
          const ceiling = Math.max(invoice.amountCents, paid);
          let credited = 0;
          for (const ask of asks) {
            if (ask >= 1 && ask <= creditableCents(lines, credited, paid)) credited += ask;
          }
          expect(credited).toBeLessThanOrEqual(ceiling);
          expect(creditableCents(lines, credited, paid)).toBe(ceiling - credited);
          // The unused balance alone can always be refunded in one credit note.
          expect(creditableCents(lines, 0, paid)).toBeGreaterThanOrEqual(net.unusedCents);
        },
      ),
    );
  });

  it("refunds the unused hour of a 2-hour deposit when 1 hour was worked", () => {
    const t = { hourlyRateCents: 3000, incrementMinutes: 15, minimumMinutes: 0, capMinutes: 240 };
    const invoice = computeInvoice({ entries: [{ minutes: 60 }], ...t });
    const net = netOfPayments(invoice.amountCents, 6000);
    expect(net).toMatchObject({ appliedCents: 3000, dueCents: 0, unusedCents: 3000 });
    const lines = [...invoice.lines, { kind: "prepaid" as const, minutes: 0, amountCents: -3000 }];
    expect(creditableCents(lines, 0, 6000)).toBe(6000);
    expect(creditableCents(lines, 3000, 6000)).toBe(3000);
    expect(creditableCents(lines, 6000, 6000)).toBe(0);
  });
});
