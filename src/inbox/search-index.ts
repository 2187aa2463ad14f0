import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

// SQLite message search: stored messages join the FTS5 index in bulk, after their commit (see the migration
// 20261125T1700_search_index_deferred). Rows up to messages_fts_progress.indexed_seq are indexed; later ones
// are added by indexNewMessages (when: search-index.service.ts).

const PROGRESS = "select indexed_seq as seq from messages_fts_progress where id = 1";
/** How many of the next `limit` rows follow the given seq, and the highest seq among them. */
const NEXT =
  "select count(*) as n, max(seq) as seq from (select seq from messages where seq > ? order by seq limit ?)";
const INDEX =
  "insert into messages_fts(rowid, text) select seq, text from messages where seq > ? and seq <= ? and text is not null";
const ADVANCE = "update messages_fts_progress set indexed_seq = ? where id = 1";

/** Rows indexed per call at most: a call holds the write lock for a few milliseconds. */
export const INDEX_BATCH = 5000;

interface Next {
  n: number;
  seq: number | null;
}

/**
 * Indexes up to `limit` stored messages not indexed yet, inside the caller's transaction (SQLite only).
 * Returns how many it indexed: call again while that is `limit`.
 */
export async function indexNewMessages(trx: Kysely<Database>, limit = INDEX_BATCH): Promise<number> {
  const first = async <R>(text: string, parameters: unknown[]) =>
    (await trx.executeQuery<R>(CompiledQuery.raw(text, parameters))).rows[0];
  const from = (await first<{ seq: number }>(PROGRESS, []))?.seq;
  if (from === undefined) return 0;
  const next = await first<Next>(NEXT, [from, limit]);
  if (!next || next.seq === null) return 0;
  await trx.executeQuery(CompiledQuery.raw(INDEX, [from, next.seq]));
  await trx.executeQuery(CompiledQuery.raw(ADVANCE, [next.seq]));
  return next.n;
}

/** True when stored messages wait to be indexed (a read, no lock). SQLite only. */
export async function hasUnindexedMessages(db: Kysely<Database>): Promise<boolean> {
  const row = (
    await db.executeQuery<{ pending: number }>(
      CompiledQuery.raw(
        "select coalesce((select max(seq) from messages), 0) > (select indexed_seq from messages_fts_progress where id = 1) as pending",
        [],
      ),
    )
  ).rows[0];
  return Number(row?.pending ?? 0) === 1;
}
