/** Free-form replies are allowed for 24 hours after the customer's last message; after that only templates. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WindowState {
  open: boolean;
  /** When the window closes (or closed); absent when the customer never wrote. */
  closesAt?: string;
  /** Time left, 0 when closed; never more than the window itself, even if clocks disagree. */
  remainingMs: number;
}

export function windowState(lastInboundAt: string | null, now: Date): WindowState {
  const last = lastInboundAt === null ? Number.NaN : Date.parse(lastInboundAt);
  const closes = new Date(last + SERVICE_WINDOW_MS);
  if (Number.isNaN(closes.getTime()) || Number.isNaN(now.getTime())) return { open: false, remainingMs: 0 };
  const remainingMs = Math.min(SERVICE_WINDOW_MS, Math.max(0, closes.getTime() - now.getTime()));
  return { open: remainingMs > 0, closesAt: closes.toISOString(), remainingMs };
}
