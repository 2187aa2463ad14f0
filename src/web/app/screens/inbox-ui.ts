// Helpers for the inbox screens; the shapes come from the server's schemas (api-types.ts).
import type { Conversation } from "../api-types.js";

export function contactName(c: Conversation["contact"]): string {
  return c.name || (c.waId ? `+${c.waId}` : "?");
}

/** "3 h 12 min" / "12 min" from milliseconds. */
export function remaining(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}
