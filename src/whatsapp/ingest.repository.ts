import type { ConversationRole } from "../inbox/inbox.tables.js";
import { newId, newSequentialId } from "../platform/ids.js";
import { B, contactGeneration, Q } from "./ingest.queries.js";
import { getRow, runSql, type SqlProgram, type Statement } from "./ingest.sql.js";

// The webhook's writes, as one program per request (see ingest.sql.ts). Idempotence comes from the unique
// wamid (insert … on conflict do nothing), never from a read-then-write; statuses only move forward.

export const INBOUND_JOB = "whatsapp.inbound";
export const MEDIA_JOB = "whatsapp.media";

/**
 * How a stored inbound element touches its conversation:
 * - message: the customer wrote (preview, unread, 24-hour window, needs a reply; the inbound listeners run);
 * - notice: a thread item that is not the customer writing (a system notice): nothing else moves;
 * - annotation: a reaction, edit or revoke, shown on the message it names and never as a thread item.
 */
export type InboundEffect = "message" | "notice" | "annotation";

/** A click-to-WhatsApp ad referral carried by a message. */
export interface AdReferralRecord {
  sourceId: string | null;
  sourceType: string | null;
  sourceUrl: string | null;
  headline: string | null;
  ctwaClid: string | null;
}

export interface InboundRecord {
  effect: InboundEffect;
  /** The message a reaction, edit or revoke touches. */
  targetWamid: string | null;
  /** What an annotation does to its target (an edit's new text is `text`). */
  touch: "reaction" | "edit" | "revoke" | null;
  /** The customer's new phone number (a `system` number change): the contact moves to it. */
  newWaId: string | null;
  referral: AdReferralRecord | null;
  wamid: string;
  phoneNumberId: string;
  /** Role of the business number, for a conversation created now. */
  role: ConversationRole;
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  username: string | null;
  type: string;
  text: string | null;
  preview: string;
  raw: string;
  /** WhatsApp's timestamp, never later than receipt. */
  at: string;
  contextWamid: string | null;
  media: { id: string; mime: string } | null;
}

export interface StatusRecord {
  wamid: string;
  status: string;
  /** statusRank(status): 1 sent, 2 delivered, 3 read/played, 99 failed. */
  rank: number;
  at: string;
  errorCode: number | null;
  errorTitle: string | null;
  errorReason: string | null;
  raw: string;
}

export interface IngestRequest {
  messages: InboundRecord[];
  statuses: StatusRecord[];
  receivedAt: string;
}

export interface NewInbound {
  effect: InboundEffect;
  /** For an annotation: the message it touches. */
  targetWamid: string | null;
  messageId: string;
  conversationId: string;
  role: ConversationRole;
  wamid: string;
}

export interface StatusChange {
  messageId: string;
  conversationId: string;
  role: ConversationRole;
  status: string;
  errorCode: number | null;
}

/**
 * Contact and conversation rows already committed, so the hot path skips their lookups. Rows are never
 * deleted by the hot path; a writer that meets a stale entry (an FK failure) clears the cache and writes again.
 * Entries are added only after a commit, never from a transaction that may roll back.
 */
export interface IngestCache {
  contacts: Map<string, ContactRow>;
  conversations: Map<string, { id: string; role: ConversationRole }>;
  /**
   * contact_generation when the cache was last checked: erasure and retention bump it (a phone number must never
   * lead back to an erased contact), and a committer that reads a new one clears the cache before its batch.
   */
  generation?: number;
}

const CACHE_LIMIT = 50_000;

export function createIngestCache(): IngestCache {
  return { contacts: new Map(), conversations: new Map() };
}

/** What a request learned, to be cached once its transaction commits. */
export type Learned =
  | { kind: "contact"; row: ContactRow }
  /** A contact's phone number changed: the old one no longer names it. */
  | { kind: "forget"; key: string }
  | { kind: "conversation"; key: string; value: { id: string; role: ConversationRole } };

export function remember(cache: IngestCache, learned: Learned[]): void {
  if (cache.contacts.size > CACHE_LIMIT || cache.conversations.size > CACHE_LIMIT) {
    cache.contacts.clear();
    cache.conversations.clear();
  }
  for (const item of learned) {
    if (item.kind === "forget") cache.contacts.delete(item.key);
    else if (item.kind === "contact") {
      if (item.row.wa_id) cache.contacts.set(`w:${item.row.wa_id}`, item.row);
      if (item.row.user_id) cache.contacts.set(`u:${item.row.user_id}`, item.row);
    } else cache.conversations.set(item.key, item.value);
  }
}

export interface IngestOptions {
  /** Enqueue the whatsapp.inbound job for this request's new messages (the SQLite writer does it per batch). */
  enqueueInbound: boolean;
  cache?: IngestCache;
  learned?: Learned[];
}

export interface IngestResult {
  newMessages: NewInbound[];
  duplicates: number;
  statusChanges: StatusChange[];
  /** Statuses for wamids not known yet, kept for when a send response records them. */
  pendingStatuses: number;
  /** A job was created that the worker should hear about now (not one still waiting, which it will claim). */
  wakeWorker: boolean;
}

/** Every statement of the ingest path, for the test that checks them against the tables (ingest.columns.test.ts). */
export const ingestStatements: Readonly<Record<string, Statement>> = { ...Q, ...B, contactGeneration };

export interface ContactRow {
  id: string;
  wa_id: string | null;
  user_id: string | null;
  profile_name: string | null;
  username: string | null;
}

/** Everything one webhook request writes. */
export function* ingestProgram(req: IngestRequest, options: IngestOptions): SqlProgram<IngestResult> {
  const result: IngestResult = {
    newMessages: [],
    duplicates: 0,
    statusChanges: [],
    pendingStatuses: 0,
    wakeWorker: false,
  };
  for (const message of req.messages) {
    const added = yield* ingestMessage(message, req.receivedAt, options);
    if (added) {
      result.newMessages.push(added);
      if (message.media) result.wakeWorker = true;
    } else result.duplicates++;
  }
  const listened = result.newMessages.filter(isListened);
  if (options.enqueueInbound && listened.length > 0) {
    yield* enqueueInbound(listened, req.receivedAt);
    result.wakeWorker = true;
  }
  // A stable order keeps concurrent PostgreSQL transactions from taking wamid locks crosswise.
  const statuses = [...req.statuses].sort((a, b) => (a.wamid < b.wamid ? -1 : a.wamid > b.wamid ? 1 : 0));
  for (const status of statuses) {
    const outcome = yield* ingestStatus(status, req.receivedAt);
    if (outcome === "pending") result.pendingStatuses++;
    else if (outcome) result.statusChanges.push(outcome);
  }
  return result;
}

export type InboundRef = { messageId: string; conversationId: string };

/** Only what the customer wrote reaches the inbound listeners (the policy, billing): never a notice or reaction. */
export function isListened(m: NewInbound): boolean {
  return m.effect === "message";
}

/** One whatsapp.inbound job for a set of new messages (its handler calls the onInboundMessage listeners). */
export function* enqueueInbound(messages: NewInbound[], now: string): SqlProgram<string> {
  const id = newId();
  const payload = JSON.stringify({ messages: messages.map(inboundRef) });
  yield* runSql(Q.insertJob, [id, INBOUND_JOB, payload, now, 8, now, now]);
  return id;
}

/**
 * Adds messages to an inbound job the worker has not claimed yet (`all` = its whole new list); false when
 * the job was claimed meanwhile and a new one is needed.
 */
export function* appendInbound(jobId: string, all: InboundRef[], now: string): SqlProgram<boolean> {
  const changed = yield* runSql(Q.appendJob, [JSON.stringify({ messages: all }), now, jobId]);
  return changed === 1;
}

export function inboundRef(m: NewInbound): InboundRef {
  return { messageId: m.messageId, conversationId: m.conversationId };
}

function* ingestMessage(
  m: InboundRecord,
  now: string,
  options: IngestOptions,
): SqlProgram<NewInbound | undefined> {
  const contactId = yield* resolveContact(m, now, options);
  const conversation = yield* resolveConversation(m, contactId, now, options);
  // Ids in the order stored: messages of the same second list in Meta's order, then the receive sequence.
  const messageId = newSequentialId();
  const inserted = yield* runSql(Q.insertInbound, [
    messageId,
    conversation.id,
    m.wamid,
    m.type,
    m.text,
    m.raw,
    m.contextWamid,
    m.media?.id ?? null,
    m.media?.mime ?? null,
    m.media ? "pending" : null,
    m.at,
    m.targetWamid,
  ]);
  if (inserted === 0) return undefined;
  yield* touchConversation(m, conversation.id, now);
  if (m.newWaId && m.newWaId !== m.waId) yield* moveContact(m, contactId, m.newWaId, now, options);
  if (m.referral) {
    const r = m.referral;
    yield* runSql(Q.insertAdLead, [
      messageId,
      conversation.id,
      r.sourceId,
      r.sourceType,
      r.sourceUrl,
      r.headline,
      r.ctwaClid,
      m.at,
    ]);
  }
  if (m.media) {
    // Media URLs expire within minutes, so the download is its own prompt job.
    yield* runSql(Q.insertJob, [newId(), MEDIA_JOB, JSON.stringify({ messageId }), now, 6, now, now]);
  }
  return {
    effect: m.effect,
    targetWamid: m.targetWamid,
    messageId,
    conversationId: conversation.id,
    role: conversation.role,
    wamid: m.wamid,
  };
}

function* touchConversation(m: InboundRecord, conversationId: string, now: string): SqlProgram<void> {
  if (m.effect === "message") {
    const at = m.at;
    yield* runSql(Q.touchConversation, [
      ...[at, m.wamid, at, at, at, m.preview, at, at, at, m.preview, at],
      ...[now, conversationId],
    ]);
  } else if (m.touch === "edit" && m.targetWamid && m.text !== null) {
    yield* runSql(Q.touchPreview, [m.preview, now, conversationId, m.targetWamid]);
  } else if (m.touch === "revoke" && m.targetWamid) {
    yield* runSql(Q.touchPreview, ["[revoked]", now, conversationId, m.targetWamid]);
  }
}

/**
 * A number change: the contact (and so its conversations and history) moves to the new number, unless another
 * contact already holds it (the customer wrote from the new number first); then both stay as they are.
 */
function* moveContact(
  m: InboundRecord,
  contactId: string,
  newWaId: string,
  now: string,
  options: IngestOptions,
): SqlProgram<void> {
  const moved = yield* runSql(Q.moveContact, [newWaId, now, contactId, newWaId]);
  if (moved === 0) return;
  if (m.waId) options.learned?.push({ kind: "forget", key: `w:${m.waId}` });
  const row = yield* getRow<ContactRow>(Q.contactByWaId, [newWaId]);
  if (row) options.learned?.push({ kind: "contact", row });
}

function* findContact(m: InboundRecord, cache?: IngestCache): SqlProgram<ContactRow | undefined> {
  if (cache) {
    const cached =
      (m.waId ? cache.contacts.get(`w:${m.waId}`) : undefined) ??
      (m.userId ? cache.contacts.get(`u:${m.userId}`) : undefined);
    if (cached) return cached;
  }
  if (m.waId) {
    const byPhone = yield* getRow<ContactRow>(Q.contactByWaId, [m.waId]);
    if (byPhone) return byPhone;
  }
  if (m.userId) return yield* getRow<ContactRow>(Q.contactByUserId, [m.userId]);
  return undefined;
}

function* resolveContact(m: InboundRecord, now: string, options: IngestOptions): SqlProgram<string> {
  let contact = yield* findContact(m, options.cache);
  if (!contact) {
    // Two deliveries racing on PostgreSQL both try; the unique keys let one win and the other re-reads.
    yield* runSql(Q.insertContact, [newId(), m.waId, m.userId, m.profileName, m.username, now, now]);
    contact = yield* findContact(m);
    if (!contact) throw new Error("contact vanished while being created");
    options.learned?.push({ kind: "contact", row: contact });
    return contact.id;
  }
  // Learn a missing id only when no other contact holds it (a unique violation would fail every retry).
  let waId: string | null = null;
  let userId: string | null = null;
  if (m.waId && contact.wa_id === null && !(yield* getRow(Q.contactByWaId, [m.waId]))) waId = m.waId;
  if (m.userId && contact.user_id === null && !(yield* getRow(Q.contactByUserId, [m.userId])))
    userId = m.userId;
  const renamed = m.profileName !== null && m.profileName !== contact.profile_name;
  const newUsername = m.username !== null && m.username !== contact.username;
  if (waId || userId || renamed || newUsername) {
    yield* runSql(Q.updateContact, [
      renamed ? m.profileName : null,
      newUsername ? m.username : null,
      waId,
      userId,
      now,
      contact.id,
    ]);
    options.learned?.push({
      kind: "contact",
      row: {
        id: contact.id,
        wa_id: contact.wa_id ?? waId,
        user_id: contact.user_id ?? userId,
        profile_name: renamed ? m.profileName : contact.profile_name,
        username: newUsername ? m.username : contact.username,
      },
    });
  } else if (!options.cache?.contacts.has(m.waId ? `w:${m.waId}` : `u:${m.userId}`)) {
    options.learned?.push({ kind: "contact", row: contact });
  }
  return contact.id;
}

function* resolveConversation(
  m: InboundRecord,
  contactId: string,
  now: string,
  options: IngestOptions,
): SqlProgram<{ id: string; role: ConversationRole }> {
  const key = `${m.phoneNumberId}|${contactId}`;
  const cached = options.cache?.conversations.get(key);
  if (cached) return cached;
  const found = yield* getRow<{ id: string; role: ConversationRole }>(Q.conversation, [
    m.phoneNumberId,
    contactId,
  ]);
  if (found) {
    options.learned?.push({ kind: "conversation", key, value: found });
    return found;
  }
  yield* runSql(Q.insertConversation, [newId(), m.phoneNumberId, contactId, m.role, m.at, now, now]);
  const created = yield* getRow<{ id: string; role: ConversationRole }>(Q.conversation, [
    m.phoneNumberId,
    contactId,
  ]);
  if (!created) throw new Error("conversation vanished while being created");
  options.learned?.push({ kind: "conversation", key, value: created });
  return created;
}

function* ingestStatus(s: StatusRecord, now: string): SqlProgram<StatusChange | "pending" | undefined> {
  yield* getRow(Q.lockWamid, [s.wamid]);
  const applied = yield* getRow<{ id: string; conversation_id: string; role: ConversationRole }>(
    Q.applyStatus,
    [s.status, s.at, s.errorCode, s.errorReason, s.wamid, s.rank],
  );
  if (applied) {
    return {
      messageId: applied.id,
      conversationId: applied.conversation_id,
      role: applied.role,
      status: s.status,
      errorCode: s.errorCode,
    };
  }
  if (yield* getRow(Q.messageByWamid, [s.wamid])) return undefined; // known: a stale or repeated status
  yield* runSql(Q.insertPendingStatus, [s.wamid, s.status, s.at, s.errorCode, s.errorTitle, s.raw, now]);
  return "pending";
}
