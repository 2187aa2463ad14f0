/**
 * Per-number send rate, as Meta counts it: never more than `perSecond` sends start in any rolling second.
 * Each caller reserves its start at once — the earliest moment that keeps every window of one second within
 * the limit — and waits for it on its own timer, so waits never add up behind each other. Sends are not
 * spaced out: after a stall, a backlog goes out as fast as the rolling second allows, instead of staying
 * behind for good when customers write at the number's full rate. Per process — with several processes on
 * PostgreSQL each keeps its own count, so set the limit to Meta's rate divided by the process count.
 */
export class ThroughputLimiter {
  /** Per number: the last `perSecond` reserved starts (a ring), in call order. */
  private readonly numbers = new Map<string, { perSecond: number; slots: number[]; next: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a send for `key` may start (and counts it). Callers for one number start in call order. */
  acquire(key: string, perSecond: number): Promise<void> {
    let state = this.numbers.get(key);
    if (!state || state.perSecond !== perSecond) {
      // A new limit starts a fresh count, carrying over the latest reservation so order is kept.
      const latest = state
        ? state.slots[(state.next + state.slots.length - 1) % state.slots.length]
        : undefined;
      state = { perSecond, slots: new Array<number>(perSecond).fill(-Infinity), next: 0 };
      if (latest !== undefined) state.slots[perSecond - 1] = latest;
      this.numbers.set(key, state);
    }
    const now = this.now();
    // slots[next] is the start `perSecond` sends ago: this one must come a full second after it.
    const oldest = state.slots[state.next]!;
    const previous = state.slots[(state.next + perSecond - 1) % perSecond]!;
    const slot = Math.max(now, oldest + 1000, previous);
    state.slots[state.next] = slot;
    state.next = (state.next + 1) % perSecond;
    const wait = Math.ceil(slot - now);
    return wait <= 0 ? Promise.resolve() : this.sleep(wait);
  }
}
