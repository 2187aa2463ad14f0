import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Dialect } from "../platform/db/database.js";
import type { Database } from "../platform/db/schema.js";

// Message search for the inbox list, on both databases. The answer is a page of the list (its filters, its
// order) keeping only conversations with a matching message. A common word matches tens of thousands of
// messages: finding all of them and then their conversations costs hundreds of milliseconds. So the newest
// conversations of the list are walked first, each asked whether it has a match, stopping at the page size;
// when the page fills within the walk it is exactly the answer. A rarer word is then matched everywhere,
// which is few messages.

/** How many conversations of the list the walk asks before matching everywhere. */
const WALK = 1000;

/**
 * PostgreSQL: the message's words match the search, accents folded (search_fold, migration
 * 20261203T1640_search_accents) as SQLite's FTS5 folds them. The same expression as the words index.
 */
export function postgresMatch(text: RawBuilder<unknown>, search: string) {
  return sql<boolean>`to_tsvector('simple', search_fold(${text})) @@ plainto_tsquery('simple', search_fold(${search}))`;
}

/**
 * FTS5 query from free text: every word becomes a quoted string (quotes doubled), so operators and
 * punctuation are searched for rather than parsed; the last word also matches as a prefix.
 */
export function ftsQuery(text: string): string {
  const words = text.split(/\s+/).filter((w) => w !== "");
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

/** SQLite: the seqs of every matching message (SQLite builds this set once per statement). */
export function sqliteMatches(search: string) {
  return sql<number>`(select rowid from messages_fts where messages_fts match ${ftsQuery(search)})`;
}

/** The conversations with a matching message, for the complete path (a rare word). */
export function matchingConversations(dialect: Dialect, search: string) {
  return dialect === "sqlite"
    ? sql<string>`(select m.conversation_id from messages m where m.seq in ${sqliteMatches(search)})`
    : // offset 0 keeps PostgreSQL from turning this into a walk of every conversation probing each (its
      // estimate of a several-word match is often far too low): here the word is rare, match it once.
      sql<string>`(select m.conversation_id from messages m where ${postgresMatch(sql.ref("m.text"), search)} offset 0)`;
}

/** A conversation the walk found, and (SQLite) its newest matching message for the snippet. */
export interface Hit {
  id: string;
  /** SQLite: seq of the newest matching thread item (null: only a reaction or edit matches). */
  matchSeq?: number | null;
}

/**
 * The fast path: the first `limit` conversations of the list (in its order, with its filters) among its
 * first WALK that have a matching message. Fewer than `limit` means: not decided here, match everywhere.
 * PostgreSQL asks each conversation with one probe of the (conversation, words) GIN index. SQLite checks the
 * conversation's messages (its index) against the set of matching seqs, built once per statement, and in
 * the same statement finds each hit's newest match for the snippet (building that set is the costly part).
 */
export async function newestMatching(
  db: Kysely<Database>,
  dialect: Dialect,
  // biome-ignore lint/suspicious/noExplicitAny: any selection of the list query; only its filters are used.
  list: SelectQueryBuilder<Database, "conversations" | "contacts", any>,
  search: string,
  order: "recent" | "waiting",
  limit: number,
): Promise<Hit[]> {
  const waiting = order === "waiting";
  const key = waiting
    ? sql<string>`coalesce(conversations.last_inbound_at, conversations.last_message_at)`
    : sql<string>`conversations.last_message_at`;
  const direction = waiting ? "asc" : "desc";
  // The list's own order: by time, ties by id (on SQLite by time only, as its index is, so the walk stops).
  let window = list
    .clearSelect()
    .select(["conversations.id", key.as("sort_key")])
    .orderBy(key, direction);
  if (dialect === "postgres" || waiting) window = window.orderBy("conversations.id", direction);
  const recent = window.limit(WALK);
  if (dialect === "sqlite") {
    const { rows } = await sql<{ id: string; match_seq: number | null }>`
      with matches(seq) as materialized (select rowid from messages_fts where messages_fts match ${ftsQuery(search)})
      select recent.id, (select n.seq from messages n
          where n.conversation_id = recent.id and n.text is not null and n.target_wamid is null and n.seq in matches
          order by n.created_at desc, n.id desc limit 1) as match_seq
      from (${recent}) recent
      where exists (select 1 from messages m where m.conversation_id = recent.id and m.seq in matches)
      order by recent.sort_key ${sql.raw(direction)}, recent.id ${sql.raw(direction)} limit ${limit}`.execute(
      db,
    );
    return rows.map((r) => ({ id: r.id, matchSeq: r.match_seq }));
  }
  const rows = await db
    .selectFrom(recent.as("recent"))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("messages as m")
          .select(sql<number>`1`.as("hit"))
          .whereRef("m.conversation_id", "=", "recent.id")
          .where(postgresMatch(sql.ref("m.text"), search))
          .limit(1)
          .as("hit"),
      (join) => join.onTrue(),
    )
    .select("recent.id")
    .orderBy(sql`recent.sort_key`, direction)
    .orderBy("recent.id", direction)
    .limit(limit)
    .execute();
  return rows;
}
