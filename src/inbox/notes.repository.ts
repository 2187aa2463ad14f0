import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

export interface ConversationNote {
  id: string;
  conversationId: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: string;
}

export async function insertNote(
  db: Kysely<Database>,
  note: { id: string; conversationId: string; authorId: string | null; body: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("conversation_notes")
    .values({
      id: note.id,
      conversation_id: note.conversationId,
      author_id: note.authorId,
      body: note.body,
      created_at: note.createdAt,
    })
    .execute();
}

export async function listNotes(db: Kysely<Database>, conversationId: string): Promise<ConversationNote[]> {
  const rows = await db
    .selectFrom("conversation_notes")
    .leftJoin("users", "users.id", "conversation_notes.author_id")
    .select([
      "conversation_notes.id",
      "conversation_notes.conversation_id",
      "conversation_notes.author_id",
      "users.name as author_name",
      "conversation_notes.body",
      "conversation_notes.created_at",
    ])
    .where("conversation_notes.conversation_id", "=", conversationId)
    .orderBy("conversation_notes.created_at")
    .orderBy("conversation_notes.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
  }));
}
