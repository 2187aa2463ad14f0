/**
 * Per-number send rate: at most `perSecond` sends start in any rolling second. Per process — with several
 * processes on PostgreSQL each keeps its own count, so set the limit to Meta's rate divided by the process
 * count. Callers for one number queue behind each other in arrival order.
 */
export class ThroughputLimiter {
  private readonly numbers = new Map<string, { starts: number[]; chain: Promise<void> }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a send for `key` may start (and counts it). */
  acquire(key: string, perSecond: number): Promise<void> {
    let state = this.numbers.get(key);
    if (!state) {
      state = { starts: [], chain: Promise.resolve() };
      this.numbers.set(key, state);
    }
    const s = state;
    const turn = s.chain.then(async () => {
      for (;;) {
        const now = this.now();
        while (s.starts.length > 0 && s.starts[0]! <= now - 1000) s.starts.shift();
        if (s.starts.length < perSecond) {
          s.starts.push(now);
          return;
        }
        await this.sleep(s.starts[0]! + 1000 - now + 1);
      }
    });
    s.chain = turn.catch(() => undefined);
    return turn;
  }
}
