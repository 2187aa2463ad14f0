import type { FailureSpec } from "./simulator.types.js";

/** Injected failures, met by the next sends in order; each spec fails `count` sends. */
export class FailureQueue {
  private queue: FailureSpec[] = [];

  constructor(private readonly onChange: (failures: FailureSpec[]) => void) {}

  add(spec: FailureSpec): FailureSpec[] {
    this.queue.push({ ...spec });
    this.onChange(this.list());
    return this.list();
  }

  clear(): void {
    this.queue = [];
    this.onChange([]);
  }

  list(): FailureSpec[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** The next failure if it is one `accepts` (a media upload meets only failures of the HTTP answer). */
  takeIf(accepts: (failure: FailureSpec) => boolean): FailureSpec | undefined {
    const next = this.queue[0];
    return next && accepts(next) ? this.take() : undefined;
  }

  /** The failure the next send meets, if any. */
  take(): FailureSpec | undefined {
    const next = this.queue[0];
    if (!next) return undefined;
    next.count -= 1;
    if (next.count <= 0) this.queue.shift();
    this.onChange(this.list());
    return { ...next, count: 1 };
  }
}
