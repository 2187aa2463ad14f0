import { afterEach, expect, it, vi } from "vitest";
import { ThroughputLimiter } from "./throughput.js";

afterEach(() => {
  vi.useRealTimers();
});

/** The start time of each caller, in call order. */
async function startsOf(limiter: ThroughputLimiter, key: string, count: number, perSecond: number) {
  const starts: number[] = new Array(count);
  const all = Promise.all(
    Array.from({ length: count }, (_, i) =>
      limiter.acquire(key, perSecond).then(() => {
        starts[i] = Date.now();
      }),
    ),
  );
  await vi.runAllTimersAsync();
  await all;
  return starts;
}

function mostInAnySecond(starts: number[]): number {
  return Math.max(...starts.map((s) => starts.filter((x) => x >= s && x < s + 1000).length));
}

it("never starts more than the limit in any rolling second, callers in call order", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  const starts = await startsOf(limiter, "106540352242922", 20, 8);
  expect(starts).toHaveLength(20);
  expect(mostInAnySecond(starts)).toBe(8);
  for (let i = 1; i < starts.length; i++) expect(starts[i]!).toBeGreaterThanOrEqual(starts[i - 1]!);
  // 20 sends at 8 a second: the last can start at 2 s, not before.
  expect(starts.at(-1)).toBe(2000);
  // Another number has its own budget.
  const before = Date.now();
  await limiter.acquire("106540352242923", 8);
  expect(Date.now()).toBe(before);
});

it("lets a backlog catch up after a stall, within the rolling second", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  // 500 sends in the first half second, then nothing until 900 ms, then 600 at once.
  const first = await startsOf(limiter, "n", 500, 1000);
  vi.setSystemTime(900);
  const burst = await startsOf(limiter, "n", 600, 1000);
  const all = [...first, ...burst];
  expect(mostInAnySecond(all)).toBeLessThanOrEqual(1000);
  // 500 of the burst fit at once (the second since 0 ms holds 500); the other 100 wait for the first ones to age out.
  expect(burst.filter((s) => s === 900)).toHaveLength(500);
  expect(Math.max(...burst)).toBe(1000);
});

it("holds Meta's top rate: 1,000 sends a second start at once when nothing else was sent", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  const starts = await startsOf(limiter, "106540352242922", 1001, 1000);
  expect(starts.filter((s) => s === 0)).toHaveLength(1000);
  expect(starts.at(-1)).toBe(1000);
});

it("starts counting afresh when the owner changes the limit", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  await startsOf(limiter, "n", 80, 80);
  const after = await startsOf(limiter, "n", 3, 1000);
  // The new count keeps call order (not before the last start) and is not held back by the old one.
  expect(after).toEqual([0, 0, 0]);
});
