export type TicketStatus = "open" | "pending_customer" | "resolved" | "closed";
export type TicketCategory = "installation" | "configuration" | "product_problem" | "other";

export const STATUSES: TicketStatus[] = ["open", "pending_customer", "resolved", "closed"];
export const CATEGORIES: TicketCategory[] = ["installation", "configuration", "product_problem", "other"];

export interface Party {
  id: string;
  name: string;
}

export interface TicketListItem {
  id: string;
  number: number;
  subject: string;
  category: TicketCategory;
  status: TicketStatus;
  customer: Party & { email: string };
  product: Party;
  assignee: Party | null;
  courtesy: boolean;
  firstResponseDueAt: string;
  firstResponseAt: string | null;
  overdue: boolean;
  updatedAt: string;
}

export interface SupportState {
  active: boolean;
  reason: "active" | "expired" | "revoked" | "refunded";
  supportUntil: string;
}

export interface TicketMessage {
  id: string;
  author: { type: "customer" | "user"; id: string; name: string };
  body: string;
  internal: boolean;
  source: string;
  createdAt: string;
}

export interface TicketAttachment {
  id: string;
  messageId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

export interface TicketDetail {
  id: string;
  number: number;
  subject: string;
  description: string;
  category: TicketCategory;
  status: TicketStatus;
  language: "es" | "en";
  storeUrl: string;
  opencartVersion: string;
  phpVersion: string;
  source: string;
  customer: Party & { email: string; language: string };
  license: {
    id: string;
    key: string;
    productName: string;
    status: string;
    purchaseDate: string;
    supportUntil: string;
  };
  support: SupportState;
  assignee: Party | null;
  courtesy: { reason: string; by: Party | null } | null;
  credentials: { present: boolean; erasedAt: string | null };
  firstResponseDueAt: string;
  firstResponseAt: string | null;
  overdue: boolean;
  createdAt: string;
  messages: TicketMessage[];
  attachments: TicketAttachment[];
}

export interface CannedReply {
  id: string;
  title: string;
  body: string;
  language: "es" | "en";
}

export interface Credentials {
  adminUrl: string;
  adminUser: string;
  adminPassword: string;
  ftp: string;
}

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
