export type TicketStatus = "open" | "pending_customer" | "resolved" | "closed";
export type TicketCategory = "installation" | "configuration" | "product_problem" | "other";
export type TicketSource = "portal" | "desk" | "whatsapp" | "mail";
export type AuthorType = "customer" | "user";

export interface TicketsTable {
  id: string;
  number: number;
  customer_id: string;
  license_id: string;
  category: TicketCategory;
  subject: string;
  description: string;
  store_url: string;
  opencart_version: string;
  php_version: string;
  status: TicketStatus;
  language: string;
  assignee_id: string | null;
  source: TicketSource;
  conversation_id: string | null;
  created_by_type: AuthorType;
  created_by_id: string;
  courtesy_reason: string | null;
  courtesy_by: string | null;
  first_response_due_at: string;
  first_response_at: string | null;
  last_activity_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketMessagesTable {
  id: string;
  ticket_id: string;
  author_type: AuthorType;
  author_id: string;
  body: string;
  internal: number;
  source: TicketSource;
  created_at: string;
}

export interface TicketAttachmentsTable {
  id: string;
  ticket_id: string;
  message_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by_type: AuthorType;
  uploaded_by_id: string;
  created_at: string;
}

export interface TicketCredentialsTable {
  ticket_id: string;
  sealed: string | null;
  created_at: string;
  erased_at: string | null;
}

export interface CustomerSessionsTable {
  id: string;
  customer_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface MagicLinksTable {
  id: string;
  customer_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface CannedRepliesTable {
  id: string;
  title: string;
  body: string;
  language: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketsTables {
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_credentials: TicketCredentialsTable;
  customer_sessions: CustomerSessionsTable;
  magic_links: MagicLinksTable;
  canned_replies: CannedRepliesTable;
}
