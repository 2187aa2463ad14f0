// The WhatsApp channel's own records beyond messages: the connection the owner set up in the app, what
// WhatsApp says about each number, the WABA's templates, and automatic messages that met a closed window.

/** One row (id 1): credentials entered in the app, sealed with the secrets key; environment variables win. */
export interface WhatsAppConnectionTable {
  id: number;
  access_token_sealed: string | null;
  app_secret_sealed: string | null;
  verify_token_sealed: string | null;
  business_account_id: string | null;
  webhook_subscribed_at: string | null;
  last_webhook_at: string | null;
  updated_by: string | null;
  updated_at: string;
}

/** What the Graph API (Test connection) and the quality webhooks last said about a number. */
export interface WhatsAppNumbersTable {
  phone_number_id: string;
  display_phone_number: string | null;
  verified_name: string | null;
  quality_rating: string | null;
  messaging_limit_tier: string | null;
  name_status: string | null;
  /** The profile "about" as read back from WhatsApp. */
  about: string | null;
  /** The whole business profile as read back from WhatsApp (JSON), beside "about". */
  profile: string | null;
  error_code: number | null;
  error_message: string | null;
  checked_at: string | null;
  quality_event: string | null;
  quality_event_at: string | null;
  updated_at: string;
}

/** When each owner notice (by problem) was last mailed. */
export interface WhatsAppNoticesTable {
  key: string;
  sent_at: string;
}

export interface WhatsAppTemplatesTable {
  id: string;
  meta_id: string | null;
  name: string;
  language: string;
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED… as Meta says. */
  status: string;
  category: string;
  /** JSON: the components as Meta describes them. */
  components: string;
  rejected_reason: string | null;
  updated_at: string;
}

export type AutomaticOutcome = "sent" | "template" | "held" | "released";

export interface WhatsAppAutomaticMessagesTable {
  message_id: string;
  conversation_id: string;
  purpose: string;
  outcome: AutomaticOutcome;
  template_name: string | null;
  created_at: string;
  released_at: string | null;
}

/** Per business number: when its next send may start (ms since the epoch), shared by every worker process. */
export interface WhatsAppSendPacingTable {
  phone_number_id: string;
  next_ms: number;
}

export interface WhatsAppTables {
  whatsapp_send_pacing: WhatsAppSendPacingTable;
  whatsapp_connection: WhatsAppConnectionTable;
  whatsapp_numbers: WhatsAppNumbersTable;
  whatsapp_notices: WhatsAppNoticesTable;
  whatsapp_templates: WhatsAppTemplatesTable;
  whatsapp_automatic_messages: WhatsAppAutomaticMessagesTable;
}
