import { type Kysely, sql } from "kysely";
import type { Dialect } from "../platform/db/database.js";
import { precompiled } from "../platform/db/precompiled.js";
import type { Database } from "../platform/db/schema.js";
import type { MessageDirection, MessageStatus, MessagesTable } from "./inbox.tables.js";
import { postgresMatch, sqliteMatches } from "./search.repository.js";

// Messages: the thread (items only) and what touches its items (reactions, edits, revokes).

export interface Message {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  wamid: string | null;
  type: string;
  text: string | null;
  /** Inbound: Meta's message JSON; outbound: the request body. */
  raw: string;
  status: MessageStatus;
  errorCode: number | null;
  errorReason: string | null;
  sentByUserId: string | null;
  contextWamid: string | null;
  media: { id: string; mime: string | null; size: number | null; key: string | null; status: string } | null;
  createdAt: string;
  statusAt: string | null;
  /** A reaction, edit or revoke: the message it touches (not a thread item of its own). */
  targetWamid: string | null;
  /** The policy's catalogue mark (JSON), or null. */
  automatic: string | null;
}

const MESSAGE_COLUMNS = [
  "id",
  "conversation_id",
  "direction",
  "wamid",
  "type",
  "text",
  "raw",
  "status",
  "error_code",
  "error_reason",
  "sent_by_user_id",
  "context_wamid",
  "media_id",
  "media_mime",
  "media_size",
  "media_key",
  "media_status",
  "created_at",
  "status_at",
  "target_wamid",
  "automatic",
] as const;

function rowToMessage(row: Pick<MessagesTable, (typeof MESSAGE_COLUMNS)[number]>): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    wamid: row.wamid,
    type: row.type,
    text: row.text,
    raw: row.raw,
    status: row.status,
    errorCode: row.error_code === null ? null : Number(row.error_code),
    errorReason: row.error_reason,
    sentByUserId: row.sent_by_user_id,
    contextWamid: row.context_wamid,
    media: row.media_id
      ? {
          id: row.media_id,
          mime: row.media_mime,
          size: row.media_size === null ? null : Number(row.media_size),
          key: row.media_key,
          status: row.media_status ?? "pending",
        }
      : null,
    createdAt: row.created_at,
    statusAt: row.status_at,
    targetWamid: row.target_wamid,
    automatic: row.automatic,
  };
}

export async function listMessages(
  db: Kysely<Database>,
  conversationId: string,
  options: { before?: string; limit: number },
): Promise<Message[]> {
  let query = db
    .selectFrom("messages")
    .select(MESSAGE_COLUMNS)
    .where("conversation_id", "=", conversationId)
    .where("target_wamid", "is", null);
  if (options.before) query = query.where("created_at", "<", options.before);
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
  return rows.reverse().map(rowToMessage);
}

const messageById = precompiled((db, id: string) =>
  db.selectFrom("messages").select(MESSAGE_COLUMNS).where("id", "=", id),
);

export async function findMessage(db: Kysely<Database>, id: string): Promise<Message | undefined> {
  const row = await messageById.first(db, id);
  return row ? rowToMessage(row) : undefined;
}

export async function findMessageByWamid(db: Kysely<Database>, wamid: string): Promise<Message | undefined> {
  const row = await db
    .selectFrom("messages")
    .select(MESSAGE_COLUMNS)
    .where("wamid", "=", wamid)
    .executeTakeFirst();
  return row ? rowToMessage(row) : undefined;
}

/** A reaction, edit or revoke stored for a thread item. */
export interface Touch {
  id: string;
  direction: MessageDirection;
  type: string;
  text: string | null;
  status: MessageStatus;
  createdAt: string;
  targetWamid: string;
}

/** What touches the given messages of one conversation, oldest first (a touch from elsewhere never counts). */
export async function listTouches(
  db: Kysely<Database>,
  conversationId: string,
  wamids: string[],
): Promise<Touch[]> {
  if (wamids.length === 0) return [];
  const rows = await db
    .selectFrom("messages")
    .select(["id", "direction", "type", "text", "status", "created_at", "target_wamid"])
    .where("conversation_id", "=", conversationId)
    .where("target_wamid", "in", wamids)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    type: row.type,
    text: row.text,
    status: row.status,
    createdAt: row.created_at,
    targetWamid: row.target_wamid ?? "",
  }));
}

/** The newest message matching the search in each of these conversations (for the results' snippets). */
export async function findSearchMatches(
  db: Kysely<Database>,
  dialect: Dialect,
  conversationIds: string[],
  search: string,
  /** Each conversation's newest match where the list already found it (SQLite's fast path). */
  known?: Map<string, number | null>,
): Promise<Map<string, { messageId: string; text: string }>> {
  const found = new Map<string, { messageId: string; text: string }>();
  if (conversationIds.length === 0) return found;
  if (known && conversationIds.every((id) => known.has(id))) {
    const seqs = [...known.values()].filter((seq) => seq !== null);
    const rows =
      seqs.length === 0
        ? []
        : await db
            .selectFrom("messages")
            .select(["id", "conversation_id", "text"])
            .where(sql.ref("seq"), "in", seqs)
            .execute();
    for (const row of rows) found.set(row.conversation_id, { messageId: row.id, text: row.text ?? "" });
    return found;
  }
  // Per conversation, its newest match. PostgreSQL: one probe of the (conversation, words) index each (one
  // query over all the page's conversations lets it fetch every message with the words first, tens of
  // thousands for a common word). SQLite: the conversation's messages newest first (its index), each looked up
  // in the set of matching seqs, which FTS5 builds once for the whole statement.
  const newest =
    dialect === "postgres"
      ? sql<{ id: string; conversation_id: string; text: string | null }>`
          select m.id, m.conversation_id, m.text from unnest(${conversationIds}::text[]) as c(id)
          cross join lateral (
            select id, conversation_id, text from messages
            where conversation_id = c.id and text is not null and target_wamid is null
              and ${postgresMatch(sql.ref("text"), search)}
            order by created_at desc, id desc limit 1) m`
      : sql<{ id: string; conversation_id: string; text: string | null }>`
          select m.id, m.conversation_id, m.text from messages m where m.seq in (
            select (select n.seq from messages n
              where n.conversation_id = c.id and n.text is not null and n.target_wamid is null
                and n.seq in ${sqliteMatches(search)}
              order by n.created_at desc, n.id desc limit 1)
            from conversations c where c.id in (${sql.join(conversationIds)}))`;
  const { rows } = await newest.execute(db);
  for (const row of rows) found.set(row.conversation_id, { messageId: row.id, text: row.text ?? "" });
  return found;
}
