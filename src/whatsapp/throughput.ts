/**
 * Per-number send rate: sends start evenly spaced (1/perSecond s apart), so never more than `perSecond` in any
 * rolling second, and bursts do not bunch up on the way to Meta. Each caller reserves the next free slot at
 * once and waits for it on its own timer: waits never add up behind each other, so the limiter holds the rate
 * it is given even at Meta's top 1,000 per second. Per process — with several processes on PostgreSQL each
 * keeps its own slots, so set the limit to Meta's rate divided by the process count.
 */
export class ThroughputLimiter {
  /** The last reserved start per number (ms on the limiter's clock). */
  private readonly lastSlot = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a send for `key` may start (and counts it). Callers for one number start in call order. */
  acquire(key: string, perSecond: number): Promise<void> {
    const now = this.now();
    const last = this.lastSlot.get(key);
    const slot = last === undefined ? now : Math.max(now, last + 1000 / perSecond);
    this.lastSlot.set(key, slot);
    const wait = Math.ceil(slot - now);
    return wait <= 0 ? Promise.resolve() : this.sleep(wait);
  }
}
