/** What became of a mail read from the support mailbox. */
export type MailInOutcome =
  | "ticket_opened"
  | "ticket_reply"
  | "policy_answer"
  | "rate_limited"
  | "automatic"
  | "own_mail"
  | "duplicate"
  | "failed";

/** handled: acted on or deliberately ignored, then moved; failed: kept in the mailbox, flagged, shown to the owner. */
export type MailInState = "handled" | "failed";

export interface MailInMessagesTable {
  id: string;
  mailbox: string;
  /** IMAP UIDVALIDITY (a 32-bit unsigned number, kept as text) and UID: the mail's identity in the mailbox. */
  uid_validity: string;
  uid: number;
  message_id: string | null;
  from_address: string;
  from_name: string;
  subject: string;
  /** The mail as the sender wrote it, quoted history and signature included (for agents). */
  text_body: string;
  language: string;
  state: MailInState;
  outcome: MailInOutcome;
  /** Why it was ignored or failed, or what an agent should check (an ambiguous license, refused files). */
  note: string | null;
  ticket_id: string | null;
  ticket_message_id: string | null;
  sent_at: string | null;
  created_at: string;
}

/** One row: the reader lease, so one process at a time reads the mailbox. */
export interface MailInLeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** One row: the owner's mailbox settings; the URL sealed with the secrets key. */
export interface MailInConfigTable {
  id: number;
  url_sealed: string | null;
  processed_folder: string;
  updated_by: string | null;
  updated_at: string;
}

export interface MailInTables {
  mail_in_messages: MailInMessagesTable;
  mail_in_lease: MailInLeaseTable;
  mail_in_config: MailInConfigTable;
}
