import type { AppContext } from "../platform/context.js";
import { hasUnindexedMessages, INDEX_BATCH, indexNewMessages } from "./search-index.js";

// When stored messages join the SQLite search index (see search-index.ts): a few times a second from the
// webhook receiver, once a second from a worker process's background pass, and before every search.

/** SQLite: one indexing pass in a shared commit, when messages wait to be indexed. */
async function indexPendingMessages(ctx: AppContext): Promise<void> {
  if (ctx.db.dialect !== "sqlite" || !(await hasUnindexedMessages(ctx.db.kysely))) return;
  await ctx.db.transact((trx) => indexNewMessages(trx));
}

/**
 * SQLite: index the messages stored since the last pass (a fraction of a second's worth), so a search sees
 * every stored message. If that fails (a full or read-only disk), the search still runs without them.
 */
export async function catchUpSearchIndex(ctx: AppContext): Promise<void> {
  if (ctx.db.dialect !== "sqlite") return;
  try {
    while (await hasUnindexedMessages(ctx.db.kysely)) {
      const indexed = await ctx.db.transact((trx) => indexNewMessages(trx), { urgent: true });
      if (indexed < INDEX_BATCH) break;
    }
  } catch (error) {
    ctx.log.warn({ err: error }, "could not index new messages before a search");
  }
}

/** How often a worker process's background pass runs (SQLite). */
const BACKGROUND_INTERVAL_MS = 1000;

/**
 * SQLite: an indexing pass every `intervalMs` (one at a time). A worker process runs one each second for
 * messages stored while no webhook arrives (agents' replies after a restart); the webhook receiver runs its
 * own every 100 ms. Returns the stop function.
 */
export function startSearchIndexer(
  ctx: AppContext,
  intervalMs = BACKGROUND_INTERVAL_MS,
): (() => void) | undefined {
  if (ctx.db.dialect !== "sqlite") return undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    indexPendingMessages(ctx)
      .catch((error: unknown) => ctx.log.warn({ err: error }, "search indexing failed; will retry"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
