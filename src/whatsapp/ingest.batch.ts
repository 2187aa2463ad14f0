import type { ConversationRole } from "../inbox/inbox.tables.js";
import { newId, newSequentialId } from "../platform/ids.js";
import { B, Q } from "./ingest.queries.js";
import {
  type ContactRow,
  INBOUND_JOB,
  type InboundRecord,
  type IngestCache,
  type IngestRequest,
  type IngestResult,
  inboundRef,
  ingestProgram,
  isListened,
  type Learned,
  type NewInbound,
} from "./ingest.repository.js";
import { type PgClient, queryPg, runOnClient, type SqlValue } from "./ingest.sql.js";

// PostgreSQL group commit: a batch of webhook requests written in ONE transaction with a handful of statements
// whatever its size (rows passed as arrays, `insert … select from unnest(…)`), for the common message: a customer
// writing from a phone number. Everything else (media, reactions, edits, number changes, ad referrals, user-id-only
// senders, statuses) runs the per-request program (ingest.repository.ts) in the same transaction. The stored rows
// are exactly what the per-request program stores.

interface Item {
  /** Request index and the message's index in it (the results keep the request's order). */
  req: number;
  at: number;
  m: InboundRecord;
  contact?: ContactRow;
  conversation?: { id: string; role: ConversationRole };
  messageId?: string;
}

type Conversation = { id: string; role: ConversationRole };

export interface BatchOutcome {
  results: IngestResult[];
  learned: Learned[];
  /** The batch's whatsapp.inbound job, as the parameters of Q.insertJob. */
  job?: SqlValue[];
}

/** A message the set-based path takes: from a phone number, touching nothing but its own conversation. */
function setBased(m: InboundRecord): boolean {
  return (
    m.waId !== null &&
    m.effect !== "annotation" &&
    m.newWaId === null &&
    m.referral === null &&
    m.media === null &&
    m.touch === null
  );
}

function emptyResult(): IngestResult {
  return { newMessages: [], duplicates: 0, statusChanges: [], pendingStatuses: 0, wakeWorker: false };
}

/** Writes the batch inside the caller's open transaction; the caller commits, then remembers `learned`. */
export async function writeBatch(
  client: PgClient,
  requests: IngestRequest[],
  now: string,
  cache: IngestCache,
  generation: number | undefined,
): Promise<BatchOutcome> {
  if (generation !== cache.generation) {
    cache.contacts.clear();
    cache.conversations.clear();
    cache.generation = generation;
  }
  const learned: Learned[] = [];
  const results = requests.map(emptyResult);
  const items: Item[] = [];
  const others: InboundRecord[][] = requests.map(() => []);
  // A phone with any message for the per-request program sends all its messages there (one order per contact).
  const perRequest = new Set<string>();
  for (const req of requests) {
    for (const m of req.messages) if (!setBased(m) && m.waId) perRequest.add(m.waId);
  }
  requests.forEach((req, r) => {
    req.messages.forEach((m, at) => {
      if (setBased(m) && !perRequest.has(m.waId!)) items.push({ req: r, at, m });
      else others[r]!.push(m);
    });
  });
  const order = new Map<string, number>();
  for (const req of requests) {
    req.messages.forEach((m, i) => {
      order.set(m.wamid, i);
    });
  }

  if (items.length > 0) {
    await resolveContacts(client, items, now, cache, learned);
    for (const item of items) {
      if (!item.contact) others[item.req]!.push(item.m);
    }
    const kept = items.filter((i) => i.contact);
    await resolveConversations(client, kept, now, cache, learned);
    // The transaction holds the generation it read (for share): the statement finds it unchanged.
    const { current } = await insertMessages(client, kept, now, generation, null);
    if (!current) throw new Error("the contact generation moved inside a batch's transaction");
    collect(kept, results);
  }

  for (let r = 0; r < requests.length; r++) {
    const req = requests[r]!;
    if (others[r]!.length === 0 && req.statuses.length === 0) continue;
    const part = await runOnClient(
      client,
      ingestProgram(
        { messages: others[r]!, statuses: req.statuses, receivedAt: req.receivedAt },
        { enqueueInbound: false, cache, learned },
      ),
    );
    const res = results[r]!;
    res.newMessages.push(...part.newMessages);
    res.newMessages.sort((a, b) => (order.get(a.wamid) ?? 0) - (order.get(b.wamid) ?? 0));
    res.duplicates += part.duplicates;
    res.statusChanges.push(...part.statusChanges);
    res.pendingStatuses += part.pendingStatuses;
    res.wakeWorker ||= part.wakeWorker;
  }

  // One whatsapp.inbound job for the whole batch, as on SQLite (the caller writes it with the commit).
  const listened: NewInbound[] = results.flatMap((res) => res.newMessages.filter(isListened));
  let job: BatchOutcome["job"];
  if (listened.length > 0) {
    job = inboundJob(listened, now);
    const first = results.find((res) => res.newMessages.some(isListened));
    if (first) first.wakeWorker = true;
  }
  return { results, learned, job };
}

/**
 * Every item's contact: from the cache, else found by phone, else created (the first message's names), then
 * renamed as the per-request program would (the last non-empty name wins). An item left without a contact
 * (its new row conflicted on a user id another contact holds) goes to the per-request program.
 */
async function resolveContacts(
  client: PgClient,
  items: Item[],
  now: string,
  cache: IngestCache,
  learned: Learned[],
): Promise<void> {
  const byPhone = new Map<string, ContactRow>();
  const fromCache = new Set<string>();
  for (const item of items) {
    const cached = cache.contacts.get(`w:${item.m.waId}`);
    if (cached) {
      byPhone.set(item.m.waId!, cached);
      fromCache.add(item.m.waId!);
    }
  }
  const wanted = [...new Set(items.map((i) => i.m.waId!).filter((w) => !byPhone.has(w)))];
  if (wanted.length > 0) {
    for (const row of (await queryPg(client, B.contactsByWaIds, [wanted])).rows as unknown as ContactRow[]) {
      byPhone.set(row.wa_id!, row);
    }
  }
  const firsts = new Map<string, InboundRecord>();
  for (const item of items) {
    if (!byPhone.has(item.m.waId!) && !firsts.has(item.m.waId!)) firsts.set(item.m.waId!, item.m);
  }
  if (firsts.size > 0) {
    // Created with the first message's names and ids; a concurrent batch may have created some meanwhile.
    const news = [...firsts.values()].sort((a, b) => (a.waId! < b.waId! ? -1 : 1));
    await queryPg(client, B.insertContacts, [
      now,
      now,
      news.map(() => newId()),
      news.map((m) => m.waId),
      news.map((m) => m.userId),
      news.map((m) => m.profileName),
      news.map((m) => m.username),
    ]);
    const found = (await queryPg(client, B.contactsByWaIds, [news.map((m) => m.waId)]))
      .rows as unknown as ContactRow[];
    for (const row of found) byPhone.set(row.wa_id!, row);
  }
  // The per-request program answers the first message of a contact it had to create without more checks; any
  // later one may learn names, and a user id the contact lacks (that needs its checks: the phone goes there).
  const seen = new Set<string>();
  const later = items.filter((item) => {
    const first = firsts.has(item.m.waId!) && !seen.has(item.m.waId!);
    seen.add(item.m.waId!);
    return !first;
  });
  for (const item of later) {
    const row = byPhone.get(item.m.waId!);
    if (row && item.m.userId !== null && row.user_id === null) byPhone.delete(item.m.waId!);
  }
  const renamed = new Map<string, { id: string; profile: string | null; username: string | null }>();
  const current = new Map<string, ContactRow>();
  const laterSet = new Set(later);
  for (const item of items) {
    const waId = item.m.waId!;
    const row = current.get(waId) ?? byPhone.get(waId);
    if (!row || !byPhone.has(waId)) continue;
    item.contact = row;
    current.set(waId, row);
    if (!laterSet.has(item)) continue;
    const newName = item.m.profileName !== null && item.m.profileName !== row.profile_name;
    const newUsername = item.m.username !== null && item.m.username !== row.username;
    if (!newName && !newUsername) continue;
    current.set(waId, {
      ...row,
      profile_name: newName ? item.m.profileName : row.profile_name,
      username: newUsername ? item.m.username : row.username,
    });
    const change = renamed.get(waId) ?? { id: row.id, profile: null, username: null };
    if (newName) change.profile = item.m.profileName;
    if (newUsername) change.username = item.m.username;
    renamed.set(waId, change);
  }
  if (renamed.size > 0) {
    const changes = [...renamed.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    await queryPg(client, B.renameContacts, [
      now,
      changes.map((c) => c.id),
      changes.map((c) => c.profile),
      changes.map((c) => c.username),
    ]);
  }
  for (const [waId, row] of current) {
    if (!fromCache.has(waId) || renamed.has(waId)) learned.push({ kind: "contact", row });
  }
}

/** Every item's conversation (business number + contact): cached, found, or created by its first message. */
async function resolveConversations(
  client: PgClient,
  items: Item[],
  now: string,
  cache: IngestCache,
  learned: Learned[],
): Promise<void> {
  const known = new Map<string, Conversation>();
  const firsts = new Map<string, InboundRecord & { contactId: string }>();
  for (const item of items) {
    const key = `${item.m.phoneNumberId}|${item.contact!.id}`;
    const cached = cache.conversations.get(key);
    if (cached) known.set(key, cached);
    else if (!firsts.has(key)) firsts.set(key, { ...item.m, contactId: item.contact!.id });
  }
  const lookup = async (keys: Array<InboundRecord & { contactId: string }>) => {
    const { rows } = await queryPg(client, B.conversations, [
      keys.map((k) => k.phoneNumberId),
      keys.map((k) => k.contactId),
    ]);
    for (const row of rows as Array<Conversation & { phone_number_id: string; contact_id: string }>) {
      const key = `${row.phone_number_id}|${row.contact_id}`;
      const value = { id: row.id, role: row.role };
      known.set(key, value);
      learned.push({ kind: "conversation", key, value });
    }
  };
  if (firsts.size > 0) {
    await lookup([...firsts.values()]);
    const missing = [...firsts.entries()]
      .filter(([key]) => !known.has(key))
      .map(([, m]) => m)
      .sort((a, b) =>
        a.phoneNumberId === b.phoneNumberId
          ? a.contactId < b.contactId
            ? -1
            : 1
          : a.phoneNumberId < b.phoneNumberId
            ? -1
            : 1,
      );
    if (missing.length > 0) {
      await queryPg(client, B.insertConversations, [
        now,
        now,
        missing.map(() => newId()),
        missing.map((m) => m.phoneNumberId),
        missing.map((m) => m.contactId),
        missing.map((m) => m.role),
        missing.map((m) => m.at),
      ]);
      await lookup(missing);
    }
  }
  for (const item of items) {
    const conversation = known.get(`${item.m.phoneNumberId}|${item.contact!.id}`);
    if (!conversation) throw new Error("conversation vanished while being created");
    item.conversation = conversation;
  }
}

/**
 * Inserts the items' messages, moves each conversation by its new customer messages (B.writeMessages) and, given
 * `jobId`, writes the whatsapp.inbound job of the new ones; false when the contact generation is no longer
 * `generation` (then nothing was written).
 */
async function insertMessages(
  client: PgClient,
  items: Item[],
  now: string,
  generation: number | undefined,
  jobId: string | null,
): Promise<{ current: boolean; jobs: number }> {
  if (items.length === 0) return { current: true, jobs: 0 };
  // Ids in the order stored: messages of the same second list in Meta's order, then the receive sequence.
  const ids = items.map(() => newSequentialId());
  const { rows } = await queryPg(client, B.writeMessages, [
    ids,
    items.map((i) => i.conversation!.id),
    items.map((i) => i.m.wamid),
    items.map((i) => i.m.type),
    items.map((i) => i.m.text),
    items.map((i) => i.m.raw),
    items.map((i) => i.m.contextWamid),
    items.map((i) => i.m.at),
    items.map((i) => i.m.targetWamid),
    generation ?? null,
    items.map((i) => i.m.preview),
    items.map((i) => i.m.effect === "message"),
    now,
    jobId,
  ]);
  const row = rows[0] as { generation: number | null; ids: string[]; jobs: number };
  if ((row.generation ?? undefined) !== generation) return { current: false, jobs: 0 };
  const inserted = new Set(row.ids);
  items.forEach((item, i) => {
    if (inserted.has(ids[i]!)) item.messageId = ids[i]!;
  });
  return { current: true, jobs: row.jobs };
}

/** Each item's new message in its request's result; an item not stored was a duplicate. */
function collect(items: Item[], results: IngestResult[]): void {
  for (const item of items) {
    const res = results[item.req]!;
    if (!item.messageId) {
      res.duplicates++;
      continue;
    }
    res.newMessages.push({
      effect: item.m.effect,
      targetWamid: item.m.targetWamid,
      messageId: item.messageId,
      conversationId: item.conversation!.id,
      role: item.conversation!.role,
      wamid: item.m.wamid,
    });
  }
}

/**
 * The batch's items when the cache already knows every contact and conversation and nothing else changes them
 * (no new names, no user id to learn, no statuses, only the set-based messages): the common case once a desk
 * has been receiving for a while. Otherwise undefined.
 */
function cachedItems(requests: IngestRequest[], cache: IngestCache): Item[] | undefined {
  if (cache.generation === undefined) return undefined;
  const items: Item[] = [];
  for (let r = 0; r < requests.length; r++) {
    const req = requests[r]!;
    if (req.statuses.length > 0) return undefined;
    for (let at = 0; at < req.messages.length; at++) {
      const m = req.messages[at]!;
      if (!setBased(m)) return undefined;
      const contact = cache.contacts.get(`w:${m.waId}`);
      if (!contact) return undefined;
      if (m.profileName !== null && m.profileName !== contact.profile_name) return undefined;
      if (m.username !== null && m.username !== contact.username) return undefined;
      if (m.userId !== null && contact.user_id === null) return undefined;
      const conversation = cache.conversations.get(`${m.phoneNumberId}|${contact.id}`);
      if (!conversation) return undefined;
      items.push({ req: r, at, m, contact, conversation });
    }
  }
  return items;
}

/**
 * The whole batch in one autocommit statement (messages, conversations, job: one round trip, one WAL flush) when
 * the cache knows every contact and conversation; undefined when it does not, or when the contact generation
 * moved since (nothing was written then: the caller takes the full path, which starts afresh).
 */
export async function writeCachedBatch(
  client: PgClient,
  requests: IngestRequest[],
  now: string,
  cache: IngestCache,
): Promise<IngestResult[] | undefined> {
  const items = cachedItems(requests, cache);
  if (!items) return undefined;
  const { current, jobs } = await insertMessages(client, items, now, cache.generation, newId());
  if (!current) return undefined;
  const results = requests.map(emptyResult);
  collect(items, results);
  if (jobs > 0) {
    const first = results.find((res) => res.newMessages.some(isListened));
    if (first) first.wakeWorker = true;
  }
  return results;
}

/** Q.insertJob's parameters for the batch's whatsapp.inbound job. */
function inboundJob(messages: NewInbound[], now: string): SqlValue[] {
  return [newId(), INBOUND_JOB, JSON.stringify({ messages: messages.map(inboundRef) }), now, 8, now, now];
}

/** Q.insertJob then COMMIT, in one round trip (a simple query: the values inlined as escaped literals). */
export function insertJobAndCommit(client: PgClient, job: SqlValue[] | undefined): string {
  if (!job) return "commit";
  const text = Q.insertJob.postgres!.replace(/\$(\d+)/g, (_, n: string) => {
    const value = job[Number(n) - 1];
    if (value === null || value === undefined) return "null";
    return typeof value === "number" ? String(value) : client.escapeLiteral(value);
  });
  return `${text}; commit`;
}
