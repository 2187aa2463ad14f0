export interface PolicyMarkersTable {
  conversation_id: string;
  /** greeting | redirect | premium_info | rate_card */
  marker: string;
  /** When that auto-reply last went out. */
  sent_at: string;
}

export interface PolicyHandledMessagesTable {
  message_id: string;
  handled_at: string;
}

export interface PolicyLanguagePinsTable {
  contact_id: string;
  language: string;
  pinned_by: string | null;
  pinned_at: string;
}

export interface PolicyTables {
  policy_markers: PolicyMarkersTable;
  policy_handled_messages: PolicyHandledMessagesTable;
  policy_language_pins: PolicyLanguagePinsTable;
}
