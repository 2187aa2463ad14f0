import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";

/** How many of the newest conversations the fast search path asks. */
const RECENT_CONVERSATIONS = 1000;

/**
 * PostgreSQL's fast search path. GIN finds a word's messages in no particular order, and fetching tens of
 * thousands of them only to sort their conversations is slow. Instead walk the newest conversations of the
 * list (in its order, with its filters) and ask each whether it has a matching message: one probe of the
 * (conversation, words) index each, stopping at `limit` hits. When the page fills within them it is exactly
 * the answer; otherwise (a rare word) the caller matches everything, which is then small.
 */
export async function newestMatching(
  db: Kysely<Database>,
  // biome-ignore lint/suspicious/noExplicitAny: any selection of the list query; only its filters are used.
  list: SelectQueryBuilder<Database, "conversations" | "contacts", any>,
  search: string,
  order: "recent" | "waiting",
  limit: number,
): Promise<Array<{ id: string }>> {
  const waiting = order === "waiting";
  const since = sql<string>`coalesce(conversations.last_inbound_at, conversations.last_message_at)`;
  const window = list
    .clearSelect()
    .select(["conversations.id", "conversations.last_message_at", since.as("waiting_since")])
    .orderBy(waiting ? since : sql`conversations.last_message_at`, waiting ? "asc" : "desc")
    .orderBy("conversations.id", waiting ? "asc" : "desc")
    .limit(RECENT_CONVERSATIONS)
    .as("recent");
  return db
    .selectFrom(window)
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("messages as m")
          .select(sql<number>`1`.as("hit"))
          .whereRef("m.conversation_id", "=", "recent.id")
          .where(
            sql<boolean>`to_tsvector('simple', coalesce(m.text, '')) @@ plainto_tsquery('simple', ${search})`,
          )
          .limit(1)
          .as("hit"),
      (join) => join.onTrue(),
    )
    .select("recent.id")
    .orderBy(waiting ? sql`recent.waiting_since` : sql`recent.last_message_at`, waiting ? "asc" : "desc")
    .orderBy("recent.id", waiting ? "asc" : "desc")
    .limit(limit)
    .execute();
}
