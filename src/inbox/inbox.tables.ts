import type { Generated } from "kysely";

/** A person who writes on WhatsApp, known by phone (wa_id), business-scoped user id (BSUID), or both. */
export interface ContactsTable {
  id: string;
  /** Phone number in international form, digits only; null for username users known only by BSUID. */
  wa_id: string | null;
  /** Business-scoped user id (e.g. "ES.1502576394655843"); shared by both numbers of one business. */
  user_id: string | null;
  profile_name: string | null;
  username: string | null;
  /** "es" | "en" once known (the policy decides it); null until then. */
  language: string | null;
  /** customers.id once linked (by phone or by an agent). */
  customer_id: string | null;
  created_at: string;
  updated_at: string;
}

export type ConversationRole = "presales" | "premium";
export type ConversationState = "waiting" | "redirected" | "replied" | "closed";

/** One per (business number, contact). */
export interface ConversationsTable {
  id: string;
  /** Graph id of the business number the contact writes to. */
  phone_number_id: string;
  contact_id: string;
  role: ConversationRole;
  state: ConversationState;
  assignee_id: string | null;
  /** Time of the customer's last message: the 24-hour window runs from here. */
  last_inbound_at: string | null;
  /** wamid of the customer's last message (mark-as-read targets it). */
  last_inbound_wamid: string | null;
  last_message_at: string;
  last_message_preview: string;
  /** The customer's last message (never an automatic reply, a reaction or a system notice). */
  preview: Generated<string>;
  /** 1 while a customer message that no automatic reply fully answers has no later human reply. */
  needs_reply: Generated<number>;
  unread_count: number;
  /** When retention (or an erasure) last emptied it; a later updated_at means it changed since. */
  anonymised_at: string | null;
  created_at: string;
  updated_at: string;
}

export type MessageDirection = "in" | "out";
/** "held": an automatic message waiting for the 24-hour window to open again (never sent until then). */
export type MessageStatus =
  | "received"
  | "queued"
  | "held"
  | "sent"
  | "delivered"
  | "read"
  | "played"
  | "failed";

export interface MessagesTable {
  id: string;
  conversation_id: string;
  direction: MessageDirection;
  /** WhatsApp message id; null for an outbound message Meta has not accepted yet. */
  wamid: string | null;
  type: string;
  /** Readable text whatever the type (body, caption, tapped title…); indexed for search. */
  text: string | null;
  /** Inbound: the message JSON as Meta sent it. Outbound: the request body sent to Meta. */
  raw: string;
  status: MessageStatus;
  error_code: number | null;
  error_reason: string | null;
  sent_by_user_id: string | null;
  /** wamid of the message this one answers (context.id). */
  context_wamid: string | null;
  media_id: string | null;
  media_mime: string | null;
  media_size: number | null;
  /** Storage key of the downloaded bytes. */
  media_key: string | null;
  /** pending | stored | too_large | failed */
  media_status: string | null;
  /** Inbound: WhatsApp's timestamp (never later than receipt). Outbound: when queued. */
  created_at: string;
  status_at: string | null;
  /**
   * A reaction, edit or revoke: the wamid of the message it touches. Such a row is not a thread item; the
   * thread shows it on that message.
   */
  target_wamid: string | null;
  /**
   * JSON, set by the policy's catalogue answers: on a customer's question what was recognised (and answered or
   * suggested), on an automatic answer its source (product, facts, confidence); null otherwise.
   */
  automatic: string | null;
}

/** A click-to-WhatsApp ad that brought a customer (from a message's `referral`). */
export interface AdLeadsTable {
  message_id: string;
  conversation_id: string;
  source_id: string | null;
  source_type: string | null;
  source_url: string | null;
  headline: string | null;
  ctwa_clid: string | null;
  created_at: string;
}

/** Statuses for wamids beedesk does not know (yet): applied when a send response records the wamid. */
export interface PendingStatusesTable {
  wamid: string;
  status: string;
  status_at: string;
  error_code: number | null;
  error_title: string | null;
  raw: string;
  received_at: string;
}

/** One row: bumped whenever a contact loses its identity (erasure, retention), so cached contacts are dropped. */
export interface ContactGenerationTable {
  id: number;
  generation: number;
}

export interface InboxTables {
  contact_generation: ContactGenerationTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  whatsapp_pending_statuses: PendingStatusesTable;
  whatsapp_ad_leads: AdLeadsTable;
}
