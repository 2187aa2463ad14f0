import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatInvoiceNumber, parseInvoiceNumber } from "./invoice-number.js";

const year = fc.integer({ min: 1000, max: 9999 });
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

describe("formatInvoiceNumber", () => {
  it("pads the sequence to four digits and grows past 9999", () => {
    expect(formatInvoiceNumber(2026, 1)).toBe("INV-2026-0001");
    expect(formatInvoiceNumber(2026, 42)).toBe("INV-2026-0042");
    expect(formatInvoiceNumber(2026, 9999)).toBe("INV-2026-9999");
    expect(formatInvoiceNumber(2026, 10000)).toBe("INV-2026-10000");
  });

  it("refuses a sequence below 1 or a year that is not four digits", () => {
    expect(() => formatInvoiceNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatInvoiceNumber(2026, 1.5)).toThrow(/sequence/);
    expect(() => formatInvoiceNumber(26, 1)).toThrow(/year/);
    expect(() => formatInvoiceNumber(10000, 1)).toThrow(RangeError);
  });

  it("sorts like the sequence within a year while numbers stay four digits", () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9999 }), (y, a, b) => {
        const order = Math.sign(formatInvoiceNumber(y, a).localeCompare(formatInvoiceNumber(y, b)));
        expect(order).toBe(Math.sign(a - b));
      }),
    );
  });
});

describe("parseInvoiceNumber", () => {
  it("round-trips every number it formats", () => {
    fc.assert(
      fc.property(year, seq, (y, s) => {
        expect(parseInvoiceNumber(formatInvoiceNumber(y, s))).toEqual({ year: y, seq: s });
      }),
    );
  });

  it("gives one spelling per invoice: anything it accepts formats back to itself", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^INV-\d{3,5}-\d{1,8}$/)), (text) => {
        const parts = parseInvoiceNumber(text);
        if (parts) expect(formatInvoiceNumber(parts.year, parts.seq)).toBe(text);
      }),
    );
  });

  it("refuses what is not a canonical invoice number", () => {
    for (const text of [
      "",
      "INV-2026-1",
      "INV-2026-00001",
      "INV-2026-0000",
      "inv-2026-0001",
      "INV-0999-0001",
      " INV-2026-0001",
      "INV-2026-0001\n",
    ]) {
      expect(parseInvoiceNumber(text)).toBeUndefined();
    }
  });
});
