import type { TicketCategory, TicketStatus } from "../../api-types.js";

// Helpers for the ticket screens; the shapes come from the server's schemas (api-types.ts).

export const STATUSES: TicketStatus[] = ["open", "pending_customer", "resolved", "closed"];
export const CATEGORIES: TicketCategory[] = ["installation", "configuration", "product_problem", "other"];

export { when, whenZoned } from "../format.js";

export function day(date: string): string {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}
