import { computeInvoice } from "../../../../billing/money.js";
import type { EngagementDetail, EngagementState, ServiceType } from "../../api-types.js";
import { whenZoned } from "../format.js";

// Helpers for the premium screens; the shapes come from billing.schema.ts (api-types.ts).

export const ENGAGEMENT_STATES: EngagementState[] = [
  "requested",
  "quoted",
  "agreed",
  "in_progress",
  "in_review",
  "disputed",
  "closed",
  "invoiced",
  "paid",
  "declined",
  "cancelled",
];

/** Runs an engagement action and reloads it; `done` is the confirmation to show (true when it worked). */
export type Act = (
  run: () => Promise<unknown>,
  done?: string | ((result: unknown) => string),
) => Promise<boolean>;

export const SERVICE_TYPES: ServiceType[] = ["consultation", "technical_support", "urgent_critical"];

/** "1 h 15 min", "40 min". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** In the viewer's zone; `zoned` names it (deadlines and evidence a customer's clock may be held against). */
export function dateTime(iso: string, lang: string, zoned = false): string {
  if (zoned) return whenZoned(iso);
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/**
 * What closing now would put on the invoice: the server's total of the recorded time, plus the running
 * timers as they would be recorded (whole minutes, rounded up), through the invoice's own rules
 * (billing/money.ts: increment, minimum, cap). Null before an agreement.
 */
export function liveTotal(
  detail: EngagementDetail,
  nowMs: number,
): { workedMinutes: number; amountCents: number; currency: string } | null {
  const { total, agreement } = detail;
  if (!total || !agreement) return null;
  const running = detail.runningTimers.reduce(
    (sum, r) => sum + Math.max(1, Math.ceil((nowMs - Date.parse(r.startedAt)) / 60_000)),
    0,
  );
  if (running === 0) return total;
  const c = computeInvoice({
    entries: [{ minutes: total.workedMinutes + running }],
    hourlyRateCents: agreement.hourlyRateCents,
    incrementMinutes: agreement.incrementMinutes,
    minimumMinutes: agreement.minimumMinutes,
    capMinutes: agreement.capMinutes,
  });
  return { workedMinutes: c.workedMinutes, amountCents: c.amountCents, currency: total.currency };
}
