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
 * Per process: on PostgreSQL, where several worker processes may send for one number, SharedThroughputLimiter
 * (below) keeps one count for all of them in the database.
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

interface PacedWaiter {
  perSecond: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The same pacing shared by every worker process on one PostgreSQL database: each reserves, in one atomic
 * statement, the send times of the callers waiting in it (at most 50 ms worth at once), so the processes
 * together keep the number's rate without dividing it by hand. `reserve(key, now, blockMs)` moves the number's
 * next moment on by blockMs (from now if it lies in the past) and returns it. Times are this machine's clock:
 * processes on several machines need their clocks in sync (NTP), as Meta's own counting does.
 */
export class SharedThroughputLimiter {
  private readonly numbers = new Map<string, { waiting: PacedWaiter[]; reserving: boolean }>();

  constructor(
    private readonly reserve: (key: string, nowMs: number, blockMs: number) => Promise<number>,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  acquire(key: string, perSecond: number): Promise<void> {
    let state = this.numbers.get(key);
    if (!state) {
      state = { waiting: [], reserving: false };
      this.numbers.set(key, state);
    }
    const s = state;
    return new Promise((resolve, reject) => {
      s.waiting.push({ perSecond, resolve, reject });
      // Callers of this same turn share one reservation.
      queueMicrotask(() => void this.pump(key, s));
    });
  }

  private async pump(key: string, s: { waiting: PacedWaiter[]; reserving: boolean }): Promise<void> {
    if (s.reserving || s.waiting.length === 0) return;
    s.reserving = true;
    const perSecond = s.waiting[0]!.perSecond;
    const interval = 1000 / perSecond;
    const allowance = Math.max(interval, BURST_SECONDS * 1000);
    const batch = s.waiting.splice(0, Math.max(1, Math.ceil(perSecond / 20)));
    try {
      const block = batch.length * interval;
      const next = await this.reserve(key, this.now(), block);
      const first = next - block;
      batch.forEach((w, i) => {
        const wait = Math.ceil(first + i * interval - allowance - this.now());
        if (wait <= 0) w.resolve();
        else void this.sleep(wait).then(() => w.resolve());
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      s.reserving = false;
      void this.pump(key, s);
    }
  }
}
