// What the inbox API returns (src/inbox routes), as the agent app reads it.

export type Role = "presales" | "premium";
export type ConversationState = "waiting" | "redirected" | "replied" | "closed";

export interface WindowView {
  open: boolean;
  closesAt: string | null;
}

export interface ConversationView {
  id: string;
  role: Role;
  state: ConversationState;
  assigneeId: string | null;
  lastMessageAt: string;
  lastMessagePreview: string;
  unreadCount: number;
  lastInboundAt: string | null;
  window: WindowView;
  contact: {
    id: string;
    waId: string | null;
    name: string | null;
    language: string | null;
    customerId: string | null;
  };
}

export interface MessageView {
  id: string;
  direction: "in" | "out";
  type: string;
  text: string | null;
  status: string;
  errorCode: number | null;
  errorReason: string | null;
  sentByUserId: string | null;
  createdAt: string;
  /** Inbound: the message as Meta sent it; outbound: the request body (buttons, list rows, template). */
  content: Record<string, unknown>;
  media: { status: string; mimeType: string | null; size: number | null; url: string } | null;
}

export interface NoteView {
  id: string;
  body: string;
  authorName: string | null;
  createdAt: string;
}

export interface CustomerPanelView {
  customer: { id: string; name: string; email: string; phones: string[] } | null;
  licenses: {
    id: string;
    key: string;
    product: string;
    supportUntil: string;
    status: string;
    support: "active" | "expired" | "revoked" | "refunded";
    supportActive: boolean;
  }[];
  language: "es" | "en" | null;
}

export interface UserView {
  id: string;
  name: string;
  role: "owner" | "agent";
}

export function contactName(c: ConversationView["contact"]): string {
  return c.name || (c.waId ? `+${c.waId}` : "?");
}

/** "3 h 12 min" / "12 min" from milliseconds. */
export function remaining(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}
