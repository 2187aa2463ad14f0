import { describe, expect, it } from "vitest";
import { newId, randomToken } from "./ids.js";

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
});
