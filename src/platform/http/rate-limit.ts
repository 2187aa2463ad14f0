import { AppError } from "../errors.js";

/**
 * Fixed-window counters kept in memory. Per process: with several processes behind a load
 * balancer each enforces its own window, which still bounds abuse by the process count.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Count one hit; throws rate_limited past `max` hits in `windowMs`. */
  hit(bucket: string, key: string, max: number, windowMs: number): void {
    const now = this.now();
    this.sweep(now, windowMs);
    const id = `${bucket}:${key}`;
    const w = this.windows.get(id);
    if (!w || now - w.start >= windowMs) {
      this.windows.set(id, { start: now, count: 1 });
      return;
    }
    w.count++;
    if (w.count > max) {
      const retryAfter = Math.ceil((w.start + windowMs - now) / 1000);
      throw new AppError("rate_limited", "Too many requests; try again later", {
        retryAfterSeconds: retryAfter,
      });
    }
  }

  reset(): void {
    this.windows.clear();
  }

  private sweep(now: number, windowMs: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, w] of this.windows)
      if (now - w.start >= Math.max(windowMs, 60_000)) this.windows.delete(id);
  }
}
