/**
 * Per-number send rate: sends start evenly spaced (1/perSecond s apart) and never more than `perSecond` in
 * any rolling second; even spacing keeps bursts from bunching up on the way to Meta. Per process — with
 * several processes on PostgreSQL each keeps its own count, so set the limit to Meta's rate divided by the
 * process count. Callers for one number queue behind each other in arrival order.
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
    const spacing = 1000 / perSecond;
    const turn = s.chain.then(async () => {
      for (;;) {
        const now = this.now();
        while (s.starts.length > 0 && s.starts[0]! <= now - 1000) s.starts.shift();
        const last = s.starts.at(-1);
        const wait = Math.max(
          last === undefined ? 0 : last + spacing - now,
          s.starts.length >= perSecond ? s.starts[0]! + 1000 - now + 1 : 0,
        );
        if (wait <= 0) {
          s.starts.push(now);
          return;
        }
        await this.sleep(Math.ceil(wait));
      }
    });
    s.chain = turn.catch(() => undefined);
    return turn;
  }
}
