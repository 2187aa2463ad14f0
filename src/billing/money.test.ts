import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amountCents,
  billableMinutes,
  CAP_WARN_RATIO,
  capStatus,
  computeInvoice,
  formatMoney,
  remainingMinutes,
} from "./money.js";

const minutes = fc.integer({ min: 0, max: 100_000 });
const increment = fc.integer({ min: 1, max: 240 });
const minimum = fc.integer({ min: 0, max: 600 });
const rate = fc.integer({ min: 0, max: 1_000_000 });
const entries = fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 2_000 }) }), { maxLength: 30 });

/** The rules written a second way, in BigInt, to check the real ones against. */
function referenceBillable(total: number, inc: number, min: number): bigint {
  if (total === 0) return 0n;
  const t = BigInt(total);
  const i = BigInt(inc);
  const rounded = ((t + i - 1n) / i) * i;
  return rounded > BigInt(min) ? rounded : BigInt(min);
}

function referenceAmount(mins: number, rateCents: number): bigint {
  // half up: floor((2·m·r + 60) / 120)
  return (2n * BigInt(mins) * BigInt(rateCents) + 60n) / 120n;
}

const NBSP = "\u00a0";

describe("billableMinutes", () => {
  it("rounds the total up to the increment and applies the minimum", () => {
    expect(billableMinutes(1, 15, 0)).toBe(15);
    expect(billableMinutes(15, 15, 0)).toBe(15);
    expect(billableMinutes(16, 15, 0)).toBe(30);
    expect(billableMinutes(20, 15, 60)).toBe(60);
    expect(billableMinutes(61, 15, 60)).toBe(75);
    expect(billableMinutes(7, 1, 0)).toBe(7);
  });

  it("bills nothing when no time was worked, whatever the minimum", () => {
    fc.assert(fc.property(increment, minimum, (inc, min) => billableMinutes(0, inc, min) === 0));
  });

  it("matches a BigInt reference computation", () => {
    fc.assert(
      fc.property(minutes, increment, minimum, (total, inc, min) => {
        expect(BigInt(billableMinutes(total, inc, min))).toBe(referenceBillable(total, inc, min));
      }),
    );
  });

  it("matches the reference near the top of the safe integer range", () => {
    const big = fc.integer({
      min: Number.MAX_SAFE_INTEGER - 10_000_000,
      max: Number.MAX_SAFE_INTEGER - 1_000,
    });
    fc.assert(
      fc.property(big, increment, (total, inc) => {
        expect(BigInt(billableMinutes(total, inc, 0))).toBe(referenceBillable(total, inc, 0));
      }),
    );
  });

  it("is never negative and never less than the time worked", () => {
    fc.assert(
      fc.property(minutes, increment, minimum, (total, inc, min) => {
        const billed = billableMinutes(total, inc, min);
        expect(billed).toBeGreaterThanOrEqual(0);
        expect(billed).toBeGreaterThanOrEqual(total);
      }),
    );
  });

  it("is monotone in the time worked", () => {
    fc.assert(
      fc.property(minutes, minutes, increment, minimum, (a, b, inc, min) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(billableMinutes(lo, inc, min)).toBeLessThanOrEqual(billableMinutes(hi, inc, min));
      }),
    );
  });

  it("never adds a full increment or more when the minimum does not decide", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), increment, minimum, (total, inc, min) => {
        const billed = billableMinutes(total, inc, min);
        if (billed > min) {
          expect(billed - total).toBeLessThan(inc);
          expect(billed % inc).toBe(0);
        }
      }),
    );
  });

  it("leaves multiples of the increment unchanged", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), increment, (k, inc) => {
        expect(billableMinutes(k * inc, inc, 0)).toBe(k * inc);
      }),
    );
  });

  it("refuses negative, fractional and non-finite input with a RangeError", () => {
    expect(() => billableMinutes(-1, 15, 0)).toThrow(RangeError);
    expect(() => billableMinutes(1.5, 15, 0)).toThrow(/totalMinutes/);
    expect(() => billableMinutes(Number.NaN, 15, 0)).toThrow(RangeError);
    expect(() => billableMinutes(10, 0, 0)).toThrow(/incrementMinutes/);
    expect(() => billableMinutes(10, 2.5, 0)).toThrow(RangeError);
    expect(() => billableMinutes(10, 15, -5)).toThrow(/minimumMinutes/);
    expect(() => billableMinutes(Number.POSITIVE_INFINITY, 15, 0)).toThrow(RangeError);
    expect(() => billableMinutes(Number.MAX_SAFE_INTEGER, 2, 0)).toThrow(RangeError);
  });
});

describe("amountCents", () => {
  it("charges the hourly rate for exactly 60 minutes", () => {
    fc.assert(fc.property(rate, (r) => amountCents(60, r) === r));
    fc.assert(
      fc.property(rate, fc.integer({ min: 0, max: 1_000 }), (r, h) => amountCents(60 * h, r) === h * r),
    );
  });

  it("rounds half up to the cent", () => {
    expect(amountCents(15, 1500)).toBe(375);
    expect(amountCents(1, 1500)).toBe(25);
    expect(amountCents(1, 30)).toBe(1); // 0.5 cents → 1
    expect(amountCents(1, 29)).toBe(0); // 0.483 cents → 0
    expect(amountCents(1, 90)).toBe(2); // 1.5 cents → 2
    expect(amountCents(7, 2000)).toBe(233); // 233.33…
    expect(amountCents(5, 2000)).toBe(167); // 166.66…
  });

  it("matches a reference computation written differently", () => {
    fc.assert(
      fc.property(minutes, rate, (m, r) => {
        expect(BigInt(amountCents(m, r))).toBe(referenceAmount(m, r));
      }),
    );
  });

  it("stays exact where floating point would not", () => {
    const m = 1_000_000_007;
    const r = 8_999_999;
    expect(BigInt(amountCents(m, r))).toBe(referenceAmount(m, r));
    expect(() => amountCents(Number.MAX_SAFE_INTEGER, 1_000)).toThrow(RangeError);
  });

  it("is never negative and is monotone in time and in rate", () => {
    fc.assert(
      fc.property(minutes, minutes, rate, rate, (a, b, r1, r2) => {
        const [m1, m2] = a <= b ? [a, b] : [b, a];
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        expect(amountCents(m1, lo)).toBeGreaterThanOrEqual(0);
        expect(amountCents(m1, lo)).toBeLessThanOrEqual(amountCents(m2, lo));
        expect(amountCents(m1, lo)).toBeLessThanOrEqual(amountCents(m1, hi));
      }),
    );
  });

  it("refuses invalid input with a RangeError", () => {
    expect(() => amountCents(-1, 1500)).toThrow(/billableMinutes/);
    expect(() => amountCents(60, -1)).toThrow(/hourlyRateCents/);
    expect(() => amountCents(60, 15.5)).toThrow(RangeError);
  });
});

describe("computeInvoice", () => {
  const terms = { hourlyRateCents: 2000, incrementMinutes: 15, minimumMinutes: 0 };

  it("rounds the total, not each entry", () => {
    const invoice = computeInvoice({
      ...terms,
      entries: [{ minutes: 10 }, { minutes: 10 }, { minutes: 10 }],
    });
    expect(invoice.workedMinutes).toBe(30);
    expect(invoice.billableMinutes).toBe(30);
    expect(invoice.amountCents).toBe(1000);
    expect(invoice.lines).toEqual([{ kind: "worked", minutes: 30, amountCents: 1000 }]);
  });

  it("shows rounding, minimum and cap as their own lines", () => {
    const rounded = computeInvoice({ ...terms, entries: [{ minutes: 50 }] });
    expect(rounded.lines.map((l) => [l.kind, l.minutes])).toEqual([
      ["worked", 50],
      ["rounding", 10],
    ]);
    expect(rounded.amountCents).toBe(2000);

    const minimumApplied = computeInvoice({ ...terms, minimumMinutes: 60, entries: [{ minutes: 20 }] });
    expect(minimumApplied.minimumApplied).toBe(true);
    expect(minimumApplied.lines.map((l) => [l.kind, l.minutes])).toEqual([
      ["worked", 20],
      ["rounding", 10],
      ["minimum", 30],
    ]);
    expect(minimumApplied.amountCents).toBe(2000);

    const capped = computeInvoice({ ...terms, capMinutes: 50, entries: [{ minutes: 48 }] });
    expect(capped.capApplied).toBe(true);
    expect(capped.billableMinutes).toBe(50);
    expect(capped.lines.at(-1)).toMatchObject({ kind: "cap", minutes: -10 });
  });

  it("bills nothing for no entries", () => {
    const invoice = computeInvoice({ ...terms, minimumMinutes: 60, entries: [] });
    expect(invoice).toMatchObject({
      workedMinutes: 0,
      billableMinutes: 0,
      amountCents: 0,
      minimumApplied: false,
    });
  });

  it("agrees with billableMinutes and amountCents on the total", () => {
    fc.assert(
      fc.property(entries, rate, increment, minimum, (list, r, inc, min) => {
        const invoice = computeInvoice({
          entries: list,
          hourlyRateCents: r,
          incrementMinutes: inc,
          minimumMinutes: min,
        });
        const worked = list.reduce((sum, e) => sum + e.minutes, 0);
        expect(invoice.workedMinutes).toBe(worked);
        expect(invoice.billableMinutes).toBe(billableMinutes(worked, inc, min));
        expect(BigInt(invoice.amountCents)).toBe(referenceAmount(invoice.billableMinutes, r));
      }),
    );
  });

  it("does not depend on how the time is split into entries or their order", () => {
    fc.assert(
      fc.property(entries, rate, increment, minimum, (list, r, inc, min) => {
        const base = { hourlyRateCents: r, incrementMinutes: inc, minimumMinutes: min };
        const worked = list.reduce((sum, e) => sum + e.minutes, 0);
        const split = computeInvoice({ ...base, entries: list });
        const reversed = computeInvoice({ ...base, entries: [...list].reverse() });
        const single = computeInvoice({ ...base, entries: [{ minutes: worked }] });
        expect(reversed).toEqual(split);
        expect(single).toEqual(split);
      }),
    );
  });

  it("bills no more than rounding each entry separately would", () => {
    fc.assert(
      fc.property(entries, increment, (list, inc) => {
        const invoice = computeInvoice({
          entries: list,
          hourlyRateCents: 1500,
          incrementMinutes: inc,
          minimumMinutes: 0,
        });
        const perEntry = list.reduce((sum, e) => sum + billableMinutes(e.minutes, inc, 0), 0);
        expect(invoice.billableMinutes).toBeLessThanOrEqual(perEntry);
      }),
    );
  });

  it("has lines that add up to the totals exactly", () => {
    fc.assert(
      fc.property(
        entries,
        rate,
        increment,
        minimum,
        fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
        (list, r, inc, min, cap) => {
          const invoice = computeInvoice({
            entries: list,
            hourlyRateCents: r,
            incrementMinutes: inc,
            minimumMinutes: min,
            capMinutes: cap,
          });
          expect(invoice.lines[0]?.kind).toBe("worked");
          expect(invoice.lines.reduce((sum, l) => sum + l.minutes, 0)).toBe(invoice.billableMinutes);
          expect(invoice.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(invoice.amountCents);
          expect(invoice.amountCents).toBe(amountCents(invoice.billableMinutes, r));
          expect(invoice.amountCents).toBeGreaterThanOrEqual(0);
          if (cap !== undefined) expect(invoice.billableMinutes).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it("is monotone in time: adding an entry never lowers the invoice", () => {
    fc.assert(
      fc.property(
        entries,
        fc.integer({ min: 0, max: 2_000 }),
        rate,
        increment,
        minimum,
        (list, extra, r, inc, min) => {
          const base = { hourlyRateCents: r, incrementMinutes: inc, minimumMinutes: min };
          const before = computeInvoice({ ...base, entries: list });
          const after = computeInvoice({ ...base, entries: [...list, { minutes: extra }] });
          expect(after.billableMinutes).toBeGreaterThanOrEqual(before.billableMinutes);
          expect(after.amountCents).toBeGreaterThanOrEqual(before.amountCents);
        },
      ),
    );
  });

  it("refuses invalid entries and terms with a RangeError naming the field", () => {
    expect(() => computeInvoice({ ...terms, entries: [{ minutes: 5 }, { minutes: -1 }] })).toThrow(
      /entries\[1\]\.minutes/,
    );
    expect(() => computeInvoice({ ...terms, entries: [{ minutes: 0.5 }] })).toThrow(RangeError);
    expect(() => computeInvoice({ ...terms, incrementMinutes: 0, entries: [] })).toThrow(/incrementMinutes/);
    expect(() => computeInvoice({ ...terms, capMinutes: 0, entries: [] })).toThrow(/capMinutes/);
    expect(() => computeInvoice({ ...terms, hourlyRateCents: -100, entries: [] })).toThrow(/hourlyRateCents/);
    expect(() =>
      computeInvoice({ ...terms, entries: [{ minutes: Number.MAX_SAFE_INTEGER }, { minutes: 1 }] }),
    ).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats dollars in English and Spanish", () => {
    expect(formatMoney(1500, "USD", "en")).toBe("$15.00");
    expect(formatMoney(1500, "USD", "es")).toBe(`15,00${NBSP}US$`);
    expect(formatMoney(123456789, "USD", "en")).toBe("$1,234,567.89");
    expect(formatMoney(123456789, "USD", "es")).toBe(`1.234.567,89${NBSP}US$`);
    expect(formatMoney(5, "EUR", "es")).toBe(`0,05${NBSP}€`);
    expect(formatMoney(-250, "USD", "en")).toBe("-$2.50");
  });

  it("follows the currency's minor units", () => {
    expect(formatMoney(1500, "JPY", "en")).toBe("¥1,500");
    expect(formatMoney(1500, "KWD", "en")).toBe(`KWD${NBSP}1.500`);
  });

  it("agrees with Intl on ordinary amounts and stays exact on huge ones", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom("es" as const, "en" as const),
        (c, locale) => {
          const expected = new Intl.NumberFormat(locale, { style: "currency", currency: "USD" }).format(
            c / 100,
          );
          expect(formatMoney(c, "USD", locale)).toBe(expected);
        },
      ),
    );
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "USD", "en")).toBe("$90,071,992,547,409.91");
  });

  it("refuses fractional cents and unknown currencies", () => {
    expect(() => formatMoney(1.5, "USD", "en")).toThrow(RangeError);
    expect(() => formatMoney(100, "DOLLARS", "en")).toThrow(RangeError);
  });
});

describe("capStatus", () => {
  it("warns at 80 % and stops at 100 %", () => {
    expect(capStatus(0, 600)).toEqual({ ratio: 0, warn: false, reached: false, remainingMinutes: 600 });
    expect(capStatus(479, 600)).toMatchObject({ warn: false, reached: false, remainingMinutes: 121 });
    expect(capStatus(480, 600)).toMatchObject({
      ratio: 0.8,
      warn: true,
      reached: false,
      remainingMinutes: 120,
    });
    expect(capStatus(600, 600)).toMatchObject({ ratio: 1, warn: true, reached: true, remainingMinutes: 0 });
    expect(capStatus(700, 600)).toMatchObject({ warn: true, reached: true, remainingMinutes: 0 });
  });

  it("agrees with the ratio and keeps used + remaining at the cap until it is passed", () => {
    fc.assert(
      fc.property(minutes, fc.integer({ min: 1, max: 100_000 }), (used, cap) => {
        const status = capStatus(used, cap);
        expect(status.warn).toBe(used * 5 >= cap * 4);
        expect(status.reached).toBe(used >= cap);
        if (status.reached) expect(status.warn).toBe(true);
        expect(status.remainingMinutes).toBe(remainingMinutes(used, cap));
        expect(status.remainingMinutes).toBeGreaterThanOrEqual(0);
        expect(Math.min(used, cap) + status.remainingMinutes).toBe(cap);
        if (status.ratio >= CAP_WARN_RATIO + 1e-9) expect(status.warn).toBe(true);
      }),
    );
  });

  it("refuses a zero cap and invalid usage", () => {
    expect(() => capStatus(10, 0)).toThrow(/capMinutes/);
    expect(() => capStatus(-1, 60)).toThrow(/usedMinutes/);
  });
});
