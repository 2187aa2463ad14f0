import { AppError } from "../errors.js";

/** One limit: at most `max` hits per key in a window of `windowMs` that starts at a key's first hit. */
export interface RateLimit {
  bucket: string;
  max: number;
  windowMs: number;
  /**
   * Counted in this process's memory even on PostgreSQL: for flood ceilings on hot paths (the webhook),
   * where a database write per request would cost more than the limit protects.
   */
  perProcess?: boolean;
}

/** Where hits are counted: memory (one process) or the database (every process of one desk). */
export interface RateLimitStore {
  /** Count one hit of `id`; a window that has ended starts again. Returns the count and the window's end. */
  increment(id: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Forget windows that have ended (each by its own end). */
  sweep(now: number): Promise<void>;
  /** Forget everything (tests). */
  clear(): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed-window limits. Each window ends by its own length: a one-minute limit never resets a
 * fifteen-minute one. A key found over its limit is remembered in memory until its window ends, so
 * a flood past the limit costs no store round trips.
 */
export class RateLimiter {
  private readonly blocked = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly shared: RateLimitStore,
    private readonly local: RateLimitStore,
    private readonly now: () => number,
  ) {}

  /** Count one hit; throws rate_limited (with retryAfterSeconds) past the limit. */
  async hit(limit: RateLimit, key: string): Promise<void> {
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) await this.sweep(now);
    const id = `${limit.bucket}:${key}`;
    const until = this.blocked.get(id);
    if (until !== undefined && until > now) throw limited(until, now);
    const store = limit.perProcess ? this.local : this.shared;
    const { count, resetAt } = await store.increment(id, limit.windowMs, now);
    if (count > limit.max) {
      this.blocked.set(id, resetAt);
      throw limited(resetAt, now);
    }
  }

  async reset(): Promise<void> {
    this.blocked.clear();
    await Promise.all([this.shared.clear(), this.local.clear()]);
  }

  private async sweep(now: number): Promise<void> {
    this.lastSweep = now;
    for (const [id, until] of this.blocked) if (until <= now) this.blocked.delete(id);
    await this.local.sweep(now);
    if (this.shared !== this.local) await this.shared.sweep(now);
  }
}

function limited(resetAt: number, now: number): AppError {
  return new AppError("rate_limited", "Too many requests; try again later", {
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
  });
}

/** Counts in this process's memory. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { resetAt: number; count: number }>();

  async increment(id: string, windowMs: number, now: number) {
    const w = this.windows.get(id);
    if (!w || w.resetAt <= now) {
      const fresh = { resetAt: now + windowMs, count: 1 };
      this.windows.set(id, fresh);
      return { ...fresh };
    }
    w.count++;
    return { ...w };
  }

  async sweep(now: number): Promise<void> {
    for (const [id, w] of this.windows) if (w.resetAt <= now) this.windows.delete(id);
  }

  async clear(): Promise<void> {
    this.windows.clear();
  }
}
