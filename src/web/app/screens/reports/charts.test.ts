import { describe, expect, it } from "vitest";
import { niceMax } from "./charts.js";

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
});
