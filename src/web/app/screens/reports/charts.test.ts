import { describe, expect, it } from "vitest";
import { labelStep, niceMax } from "./charts.js";

describe("niceMax", () => {
  it("tops the axis with four round steps", () => {
    expect(niceMax(0.35)).toBe(0.4);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(37.5)).toBe(40);
    expect(niceMax(1500)).toBe(2000);
    expect(niceMax(0)).toBe(1);
  });

  it("steps by whole units for counts", () => {
    expect(niceMax(1, true)).toBe(4);
    expect(niceMax(3, true)).toBe(4);
    expect(niceMax(9, true)).toBe(12);
    expect(niceMax(0, true)).toBe(4);
  });

  it("shows fewer day labels on a narrow chart, never so many that they touch", () => {
    const month = Array.from({ length: 30 }, (_, i) => `11-${String(i + 1).padStart(2, "0")}`);
    expect(labelStep(month, 580)).toBe(3);
    expect(labelStep(month, 300)).toBe(5);
    expect(labelStep(month.slice(0, 7), 580)).toBe(1);
    for (const span of [200, 300, 580, 900]) {
      const shown = Math.ceil(month.length / labelStep(month, span));
      expect(shown * (5 * 7 + 12)).toBeLessThanOrEqual(span);
    }
  });
});
