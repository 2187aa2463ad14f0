import type { AppContext } from "../platform/context.js";
import type { Schedule } from "../platform/schedules.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { hasUnindexedMessages, INDEX_BATCH, indexNewMessages } from "./search-index.js";

// When stored messages join the SQLite search index (see search-index.ts): a few times a second from the
// webhook receiver, once a second from a worker process's background pass, and before every search.

/** SQLite: one indexing pass in a shared commit, when messages wait to be indexed. */
async function indexPendingMessages(ctx: AppContext): Promise<void> {
  if (ctx.db.dialect !== "sqlite" || !(await hasUnindexedMessages(ctx.db.kysely))) return;
  await inSharedTransaction(ctx, (tx) => indexNewMessages(tx.trx));
}

/**
 * SQLite: index the messages stored since the last pass (a fraction of a second's worth), so a search sees
 * every stored message. If that fails (a full or read-only disk), the search still runs without them.
 */
export async function catchUpSearchIndex(ctx: AppContext): Promise<void> {
  if (ctx.db.dialect !== "sqlite") return;
  try {
    while (await hasUnindexedMessages(ctx.db.kysely)) {
      const indexed = await inSharedTransaction(ctx, (tx) => indexNewMessages(tx.trx), { urgent: true });
      if (indexed < INDEX_BATCH) break;
    }
  } catch (error) {
    ctx.log.warn({ err: error }, "could not index new messages before a search");
  }
}

/**
 * SQLite: an indexing pass every `everyMs` (one at a time). A worker process runs one each second for messages
 * stored while no webhook arrives (agents' replies after a restart); the webhook receiver starts its own,
 * every 100 ms (searchIndexEvery).
 */
export function searchIndexEvery(everyMs: number): Schedule {
  return { name: "search index", everyMs, run: indexPendingMessages };
}

/** The worker role's pass (a no-op on PostgreSQL, whose index is a generated column). */
export const searchIndexSchedule = searchIndexEvery(1000);
