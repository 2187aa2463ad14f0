import type { Kysely } from "kysely";
import type { Database } from "../../platform/db/schema.js";
import { type CatalogueMark, parseMark } from "./mark.js";

// The catalogue's marks on messages (messages.automatic): written by the policy in its transaction, read for
// a follow-up's context, the agent's one-click actions and the reports.

export async function setMessageMark(
  db: Kysely<Database>,
  messageId: string,
  mark: CatalogueMark,
): Promise<void> {
  await db
    .updateTable("messages")
    .set({ automatic: JSON.stringify(mark) })
    .where("id", "=", messageId)
    .execute();
}

/** The product the conversation was last about (a question or an answer since `since`), if any. */
export async function lastMarkedProduct(
  db: Kysely<Database>,
  conversationId: string,
  since: string,
): Promise<string | undefined> {
  const rows = await db
    .selectFrom("messages")
    .select("automatic")
    .where("conversation_id", "=", conversationId)
    .where("automatic", "is not", null)
    .where("created_at", ">=", since)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(5)
    .execute();
  for (const row of rows) {
    const mark = parseMark(row.automatic);
    if (mark?.productId) return mark.productId;
  }
  return undefined;
}

export interface MarkedMessage {
  id: string;
  conversationId: string;
  direction: "in" | "out";
  wamid: string | null;
  mark: CatalogueMark;
  createdAt: string;
}

export async function findMarkedMessage(
  db: Kysely<Database>,
  messageId: string,
): Promise<MarkedMessage | undefined> {
  const row = await db
    .selectFrom("messages")
    .select(["id", "conversation_id", "direction", "wamid", "automatic", "created_at"])
    .where("id", "=", messageId)
    .executeTakeFirst();
  const mark = parseMark(row?.automatic ?? null);
  if (!row || !mark) return undefined;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    wamid: row.wamid,
    mark,
    createdAt: row.created_at,
  };
}

/** The customers' catalogue questions received in [from, to), for the reports. */
export async function listQuestionMarks(
  db: Kysely<Database>,
  from: string,
  to: string,
): Promise<CatalogueMark[]> {
  const rows = await db
    .selectFrom("messages")
    .select("automatic")
    .where("direction", "=", "in")
    .where("automatic", "is not", null)
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .execute();
  return rows.map((r) => parseMark(r.automatic)).filter((m): m is CatalogueMark => m?.kind === "question");
}
