import type { TicketCategory, TicketStatus } from "../../api-types.js";

export type {
  CannedReply,
  Credentials,
  SupportState,
  TicketAttachment,
  TicketCategory,
  TicketDetail,
  TicketListItem,
  TicketMessage,
  TicketStatus,
} from "../../api-types.js";

export const STATUSES: TicketStatus[] = ["open", "pending_customer", "resolved", "closed"];
export const CATEGORIES: TicketCategory[] = ["installation", "configuration", "product_problem", "other"];

export function when(iso: string): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(d);
}

export function day(date: string): string {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date(`${date}T12:00:00Z`));
}
