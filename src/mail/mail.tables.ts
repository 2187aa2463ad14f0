/** pending: waiting for the outbox; sent: accepted by SMTP; stored: kept for the development viewer. */
export type MailStatus = "pending" | "sent" | "stored" | "failed";

/** RFC 3834: auto-generated (notifications) or auto-replied (an automatic answer to a mail). */
export type AutoSubmitted = "auto-generated" | "auto-replied";

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
  /** `<id@domain>`, fixed when the mail is queued, so a reply can be traced back to what it answers. */
  message_id: string | null;
  /** The Auto-Submitted header: null for mail a person wrote (an agent's reply). */
  auto_submitted: AutoSubmitted | null;
  /** The Message-ID this mail answers (In-Reply-To and References). */
  in_reply_to: string | null;
  /** Reply-To: the support mailbox that email-in reads, for mail a customer may answer. */
  reply_to: string | null;
}

export interface MailTables {
  mail_messages: MailMessagesTable;
}
