import { describe, expect, it } from "vitest";
import { newId, newSequentialId, randomToken } from "./ids.js";

describe("ids", () => {
  it("makes 26-character base32 ids that sort by creation time", () => {
    const earlier = newId(1_700_000_000_000);
    const later = newId(1_700_000_000_001);
    expect(earlier).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(earlier < later).toBe(true);
  });

  it("does not repeat across many ids, even past the random pool's refill", () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId(0)));
    expect(ids.size).toBe(5000);
    expect(randomToken(40)).toHaveLength(40);
  });

  it("makes sequential ids that increase strictly within one millisecond and when the clock steps back", () => {
    const ids = [
      ...Array.from({ length: 2000 }, () => newSequentialId(1_800_000_000_000)),
      newSequentialId(1_799_999_999_000),
      newSequentialId(1_800_000_000_001),
    ];
    expect(ids.every((id) => /^[0-9a-hjkmnp-tv-z]{26}$/.test(id))).toBe(true);
    for (let i = 1; i < ids.length; i++)
      expect(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`).toBe(true);
  });
});
