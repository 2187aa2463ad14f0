/**
 * Per-number send rate: on average at most `perSecond` sends start per second, with a burst allowance of a
 * fifth of a second's worth (GCRA, the usual token bucket). Each caller reserves its start at once and waits
 * for it on its own timer, so waits never add up behind each other.
 *
 * Why a burst allowance: when customers write at the number's full rate, any stall (a slow commit, a garbage
 * collection) leaves a backlog. Evenly spaced sends could never catch up, and a strict "at most N in any
 * rolling second" repeats the stall one second later, for good. The allowance lets a backlog of up to 0.2 s
 * go out at once; the price is that one rolling second can see up to 1.2 × N sends after a quiet spell. Meta
 * answers an excess with error 130429, which the send job retries with backoff.
 *
 * Per process — with several processes on PostgreSQL each keeps its own count, so set the limit to Meta's
 * rate divided by the process count.
 */
export class ThroughputLimiter {
  /** Per number: the theoretical start of the next send if sends were evenly spaced (ms on the limiter's clock). */
  private readonly next = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a send for `key` may start (and counts it). Callers for one number start in call order. */
  acquire(key: string, perSecond: number): Promise<void> {
    const interval = 1000 / perSecond;
    const allowance = Math.max(interval, BURST_SECONDS * 1000);
    const now = this.now();
    const due = Math.max(this.next.get(key) ?? now, now);
    const start = Math.max(now, due - allowance);
    this.next.set(key, due + interval);
    const wait = Math.ceil(start - now);
    return wait <= 0 ? Promise.resolve() : this.sleep(wait);
  }
}

/** The burst allowance, in seconds' worth of sends. */
export const BURST_SECONDS = 0.2;
