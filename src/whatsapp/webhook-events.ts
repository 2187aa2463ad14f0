// What extractEvents turns a webhook body into, and the order statuses move in.

export interface WhatsAppError {
  code: number;
  title?: string;
  message?: string;
  details?: string;
}

export type MessageType =
  | "text"
  | "interactive"
  | "button"
  | "image"
  | "video"
  | "audio"
  | "document"
  | "sticker"
  | "location"
  | "contacts"
  | "reaction"
  | "unsupported"
  | "system"
  | "request_welcome"
  | (string & {});

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  /** In the currency's units, as Meta sends it (e.g. 12.5). */
  itemPrice?: number;
  currency?: string;
}

export type StatusValue = "sent" | "delivered" | "read" | "failed" | "played" | (string & {});

export interface SharedContact {
  name: string;
  phones: { phone: string; waId?: string; type?: string }[];
  emails: string[];
  company?: string;
}

export interface MessageEvent {
  kind: "message";
  wabaId?: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  wamid: string;
  /** At least one of waId (phone number) and userId (business-scoped user id) is set. */
  from: { waId?: string; userId?: string; profileName?: string; username?: string };
  timestamp: string;
  type: MessageType;
  /** Human-readable text of the message whatever its type (body, caption, tapped title, emoji…). */
  text?: string;
  interactive?: {
    kind: "button_reply" | "list_reply" | "nfm_reply";
    id: string;
    title: string;
    description?: string;
    responseJson?: string;
  };
  button?: { text: string; payload: string };
  media?: {
    id: string;
    mimeType: string;
    sha256?: string;
    filename?: string;
    caption?: string;
    voice?: boolean;
    animated?: boolean;
  };
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  contacts?: SharedContact[];
  /** An empty emoji (or none) means the customer removed their reaction. */
  reaction?: { messageId: string; emoji?: string };
  system?: { type?: string; body?: string; newWaId?: string };
  /** The customer edited an earlier message; `text` is its new text. */
  edit?: { messageId: string };
  /** The customer deleted an earlier message. */
  revoke?: { messageId: string };
  order?: { catalogId?: string; text?: string; items: OrderItem[] };
  contextMessageId?: string;
  forwarded?: boolean;
  referral?: {
    sourceUrl?: string;
    sourceId?: string;
    sourceType?: string;
    headline?: string;
    body?: string;
    mediaType?: string;
    ctwaClid?: string;
  };
  errors?: WhatsAppError[];
  raw: Record<string, unknown>;
}

export interface StatusEvent {
  kind: "status";
  wabaId?: string;
  phoneNumberId: string;
  wamid: string;
  status: StatusValue;
  timestamp: string;
  recipientId?: string;
  recipientUserId?: string;
  errors?: WhatsAppError[];
  bizOpaqueCallbackData?: string;
  pricing?: { billable?: boolean; pricingModel?: string; category?: string; type?: string };
  raw: Record<string, unknown>;
}

export interface ErrorEvent {
  kind: "error";
  wabaId?: string;
  phoneNumberId: string;
  errors: WhatsAppError[];
}

export type WebhookEvent = MessageEvent | StatusEvent | ErrorEvent;

export interface ExtractResult {
  events: WebhookEvent[];
  /** One line per element that was skipped (or kept without a malformed part), with its path. */
  problems: string[];
}
const STATUS_RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, played: 3, failed: 99 };

/** sent 1 < delivered 2 < read 3 (played counts as read); failed 99 is final; unknown statuses rank 0. */
export function statusRank(status: string): number {
  return Object.hasOwn(STATUS_RANK, status) ? (STATUS_RANK[status] ?? 0) : 0;
}

/**
 * Webhooks arrive out of order and more than once, so a status only ever moves forward: never back from read
 * to delivered, never away from failed, and statuses we do not know are ignored.
 */
export function shouldApplyStatus(current: string | null, next: string): boolean {
  const nextRank = statusRank(next);
  if (nextRank === 0) return false;
  const currentRank = current === null ? 0 : statusRank(current);
  if (currentRank === STATUS_RANK.failed) return false;
  return nextRank > currentRank;
}
