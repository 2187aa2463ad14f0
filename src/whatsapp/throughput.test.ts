import { expect, it } from "vitest";
import { ThroughputLimiter } from "./throughput.js";

it("starts sends evenly spaced, never more than the limit in any rolling second", async () => {
  let now = 0;
  const limiter = new ThroughputLimiter(
    () => now,
    async (ms) => {
      now += ms;
    },
  );
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: 20 }, () => limiter.acquire("106540352242922", 8).then(() => starts.push(now))),
  );
  expect(starts).toHaveLength(20);
  for (const start of starts) {
    expect(starts.filter((x) => x >= start && x < start + 1000).length).toBeLessThanOrEqual(8);
  }
  for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(125);
  // Another number has its own budget.
  const before = now;
  await limiter.acquire("106540352242923", 8);
  expect(now).toBe(before);
});
