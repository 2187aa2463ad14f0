import type { EngagementState, ServiceType } from "../../api-types.js";

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

export function dateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}
