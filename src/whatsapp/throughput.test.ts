import { afterEach, expect, it, vi } from "vitest";
import { ThroughputLimiter } from "./throughput.js";

afterEach(() => {
  vi.useRealTimers();
});

async function startsOf(limiter: ThroughputLimiter, key: string, count: number, perSecond: number) {
  const starts: number[] = [];
  const all = Promise.all(
    Array.from({ length: count }, () => limiter.acquire(key, perSecond).then(() => starts.push(Date.now()))),
  );
  await vi.runAllTimersAsync();
  await all;
  return starts;
}

it("starts sends evenly spaced, in call order, never more than the limit in any rolling second", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  const starts = await startsOf(limiter, "106540352242922", 20, 8);
  expect(starts).toHaveLength(20);
  for (const start of starts) {
    expect(starts.filter((x) => x >= start && x < start + 1000).length).toBeLessThanOrEqual(8);
  }
  for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(125);
  // Another number has its own budget.
  const before = Date.now();
  await limiter.acquire("106540352242923", 8);
  expect(Date.now()).toBe(before);
});

it("holds Meta's top rate: 1,000 sends start within one second, each in a millisecond of its own", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  const starts = await startsOf(limiter, "106540352242922", 1000, 1000);
  expect(Math.max(...starts)).toBeLessThan(1000);
  expect(new Set(starts).size).toBe(1000);
});

it("does not bank unused time: after a quiet spell the next send starts at once, then spacing resumes", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  await startsOf(limiter, "n", 3, 10);
  vi.setSystemTime(60_000);
  const starts = await startsOf(limiter, "n", 3, 10);
  expect(starts).toEqual([60_000, 60_100, 60_200]);
});
