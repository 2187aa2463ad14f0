/** Internal notes on a conversation: agents only, never sent to the customer. */
export interface ConversationNotesTable {
  id: string;
  conversation_id: string;
  author_id: string | null;
  body: string;
  created_at: string;
}

export interface InboxNotesTables {
  conversation_notes: ConversationNotesTable;
}
