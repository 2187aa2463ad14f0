/** pending: waiting for the outbox; sent: accepted by SMTP; stored: kept for the development viewer. */
export type MailStatus = "pending" | "sent" | "stored" | "failed";

export interface MailMessagesTable {
  id: string;
  kind: string;
  to_address: string;
  language: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: MailStatus;
  transport: "smtp" | "viewer" | null;
  provider_message_id: string | null;
  related_type: string | null;
  related_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface MailTables {
  mail_messages: MailMessagesTable;
}
