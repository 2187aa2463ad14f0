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

it("keeps the average at the limit, bursts within a fifth of a second's worth, callers in call order", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  const starts = await startsOf(limiter, "106540352242922", 3000, 1000);
  for (let i = 1; i < starts.length; i++) expect(starts[i]!).toBeGreaterThanOrEqual(starts[i - 1]!);
  // 201 at once (the allowance), then one a millisecond: 3,000 sends take 2.8 s, never more than 1,200 a second.
  expect(starts.filter((s) => s === 0)).toHaveLength(201);
  expect(starts.at(-1)).toBe(2799);
  expect(mostInAnySecond(starts)).toBeLessThanOrEqual(1200);
  // Another number has its own budget.
  const before = Date.now();
  await limiter.acquire("106540352242923", 1000);
  expect(Date.now()).toBe(before);
});

it("spaces sends at low limits, with at most one extra at once", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  const starts = await startsOf(limiter, "n", 10, 4);
  expect(starts).toEqual([0, 0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
});

it("lets a backlog left by a stall go out at once, so the delay does not stay", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  // Sends at the full rate for half a second...
  for (let t = 0; t < 500; t++) {
    vi.setSystemTime(t);
    await limiter.acquire("n", 1000);
  }
  // ...then a 150 ms stall: the 150 sends that piled up start at once, and the next one on time.
  vi.setSystemTime(650);
  const backlog = await startsOf(limiter, "n", 150, 1000);
  expect(backlog.every((s) => s === 650)).toBe(true);
  const next = await startsOf(limiter, "n", 1, 1000);
  expect(next[0]).toBeLessThanOrEqual(651);
});

it("does not bank a quiet spell beyond the allowance", async () => {
  vi.useFakeTimers({ now: 0 });
  const limiter = new ThroughputLimiter();
  await startsOf(limiter, "n", 3, 10);
  vi.setSystemTime(60_000);
  const starts = await startsOf(limiter, "n", 5, 10);
  expect(starts).toEqual([60_000, 60_000, 60_000, 60_100, 60_200]);
});
