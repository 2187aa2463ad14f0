import { type Kysely, type Selectable, sql } from "kysely";
import type { Dialect } from "../platform/db/database.js";
import { precompiled } from "../platform/db/precompiled.js";
import type { Database } from "../platform/db/schema.js";
import type {
  ContactsTable,
  ConversationRole,
  ConversationState,
  ConversationsTable,
} from "./inbox.tables.js";
import { matchingConversations, newestMatching } from "./search.repository.js";

export interface Contact {
  id: string;
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  username: string | null;
  /** "es" | "en" once known. */
  language: string | null;
  customerId: string | null;
}

export interface Conversation {
  id: string;
  phoneNumberId: string;
  role: ConversationRole;
  state: ConversationState;
  assigneeId: string | null;
  /** The 24-hour window runs from here (see windowState). */
  lastInboundAt: string | null;
  lastInboundWamid: string | null;
  lastMessageAt: string;
  lastMessagePreview: string;
  /** The customer's last message. */
  preview: string;
  needsReply: boolean;
  unreadCount: number;
  createdAt: string;
  contact: Contact;
}

const CONTACT_COLUMNS = [
  "contacts.id as contact_id",
  "contacts.wa_id",
  "contacts.user_id",
  "contacts.profile_name",
  "contacts.username",
  "contacts.language",
  "contacts.customer_id",
] as const;

const CONVERSATION_COLUMNS = [
  "conversations.id",
  "conversations.phone_number_id",
  "conversations.role",
  "conversations.state",
  "conversations.assignee_id",
  "conversations.last_inbound_at",
  "conversations.last_inbound_wamid",
  "conversations.last_message_at",
  "conversations.last_message_preview",
  "conversations.preview",
  "conversations.needs_reply",
  "conversations.unread_count",
  "conversations.created_at",
  ...CONTACT_COLUMNS,
] as const;

type ConversationRow = Pick<
  Selectable<ConversationsTable>,
  | "id"
  | "phone_number_id"
  | "role"
  | "state"
  | "assignee_id"
  | "last_inbound_at"
  | "last_inbound_wamid"
  | "last_message_at"
  | "last_message_preview"
  | "preview"
  | "needs_reply"
  | "unread_count"
  | "created_at"
> &
  Pick<ContactsTable, "wa_id" | "user_id" | "profile_name" | "username" | "language" | "customer_id"> & {
    contact_id: string;
  };

function rowToConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    phoneNumberId: row.phone_number_id,
    role: row.role,
    state: row.state,
    assigneeId: row.assignee_id,
    lastInboundAt: row.last_inbound_at,
    lastInboundWamid: row.last_inbound_wamid,
    lastMessageAt: row.last_message_at,
    lastMessagePreview: row.last_message_preview,
    preview: row.preview,
    needsReply: Number(row.needs_reply) === 1,
    unreadCount: Number(row.unread_count),
    createdAt: row.created_at,
    contact: {
      id: row.contact_id,
      waId: row.wa_id,
      userId: row.user_id,
      profileName: row.profile_name,
      username: row.username,
      language: row.language,
      customerId: row.customer_id,
    },
  };
}

const conversationById = precompiled((db, id: string) =>
  db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(CONVERSATION_COLUMNS)
    .where("conversations.id", "=", id),
);

export async function findConversation(db: Kysely<Database>, id: string): Promise<Conversation | undefined> {
  const row = await conversationById.first(db, id);
  return row ? rowToConversation(row) : undefined;
}

export async function findConversationByNumberAndContact(
  db: Kysely<Database>,
  phoneNumberId: string,
  contactId: string,
): Promise<Conversation | undefined> {
  const row = await db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(CONVERSATION_COLUMNS)
    .where("conversations.phone_number_id", "=", phoneNumberId)
    .where("conversations.contact_id", "=", contactId)
    .executeTakeFirst();
  return row ? rowToConversation(row) : undefined;
}

export interface ConversationFilter {
  /** Premium conversations are left out unless the viewer may see them. */
  includePremium: boolean;
  role?: ConversationRole;
  state?: ConversationState;
  /** A user id, or null for unassigned. */
  assigneeId?: string | null;
  /** Full-text query over message text (already validated non-empty). */
  search?: string;
  /** Keyset pagination: conversations whose last message is older than this. */
  before?: string;
  /** Only conversations waiting for a human reply (true) or not (false). */
  needsReply?: boolean;
  /** "waiting": the longest-waiting customer first (by their last message), paged with `after`. */
  order?: "recent" | "waiting";
  /** Keyset pagination of the "waiting" order: customers whose last message is newer than this. */
  after?: string;
  limit: number;
}

/** A page of the list; a search on SQLite's fast path also brings each conversation's newest match (seq). */
export interface ConversationPage {
  conversations: Conversation[];
  matchSeqs?: Map<string, number | null>;
}

export async function listConversations(
  db: Kysely<Database>,
  dialect: Dialect,
  filter: ConversationFilter,
): Promise<ConversationPage> {
  let query = listQuery(db);
  if (filter.role) query = query.where("conversations.role", "=", filter.role);
  if (!filter.includePremium) query = query.where("conversations.role", "<>", "premium");
  if (filter.state) query = query.where("conversations.state", "=", filter.state);
  if (filter.assigneeId === null) query = query.where("conversations.assignee_id", "is", null);
  else if (filter.assigneeId !== undefined)
    query = query.where("conversations.assignee_id", "=", filter.assigneeId);
  if (filter.before) query = query.where("conversations.last_message_at", "<", filter.before);
  if (filter.after) query = query.where(WAITING_SINCE, ">", filter.after);
  if (filter.needsReply !== undefined)
    query = query.where("conversations.needs_reply", "=", filter.needsReply ? 1 : 0);
  let matchSeqs: Map<string, number | null> | undefined;
  if (filter.search !== undefined) {
    const hits = await newestMatching(
      db,
      dialect,
      query,
      filter.search,
      filter.order ?? "recent",
      filter.limit,
    );
    // The page filled within the newest conversations: that is the answer. Else the word is rare: match it
    // everywhere (few messages).
    const filled = hits.length >= filter.limit;
    if (filled && dialect === "sqlite") matchSeqs = new Map(hits.map((h) => [h.id, h.matchSeq ?? null]));
    query = query.where(
      "conversations.id",
      "in",
      filled ? hits.map((h) => h.id) : matchingConversations(dialect, filter.search),
    );
  }
  const rows = await ordered(query, filter.order).limit(filter.limit).execute();
  return { conversations: rows.map(rowToConversation), ...(matchSeqs && { matchSeqs }) };
}

/** Since when the customer waits: their last message (a conversation they never wrote in: its last message). */
const WAITING_SINCE = sql<string>`coalesce(conversations.last_inbound_at, conversations.last_message_at)`;

function listQuery(db: Kysely<Database>) {
  return db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(CONVERSATION_COLUMNS);
}

function ordered(query: ReturnType<typeof listQuery>, order: "recent" | "waiting" = "recent") {
  return order === "waiting"
    ? query.orderBy(WAITING_SINCE, "asc").orderBy("conversations.id", "asc")
    : query.orderBy("conversations.last_message_at", "desc");
}

export async function findContact(db: Kysely<Database>, id: string): Promise<Contact | undefined> {
  const row = await db
    .selectFrom("contacts")
    .select(CONTACT_COLUMNS)
    .where("contacts.id", "=", id)
    .executeTakeFirst();
  return row
    ? {
        id: row.contact_id,
        waId: row.wa_id,
        userId: row.user_id,
        profileName: row.profile_name,
        username: row.username,
        language: row.language,
        customerId: row.customer_id,
      }
    : undefined;
}

/** A reply went out: it becomes the last message; an agent's reply marks the conversation replied. */
export async function touchConversationOutbound(
  db: Kysely<Database>,
  id: string,
  at: string,
  preview: string,
  state: ConversationState | undefined,
): Promise<void> {
  if (state) await touchOutboundWithState.run(db, at, preview, state, id);
  else await touchOutbound.run(db, at, preview, id);
}

const touchOutbound = precompiled((db, at: string, preview: string, id: string) =>
  db
    .updateTable("conversations")
    .set({ last_message_at: at, last_message_preview: preview, updated_at: at })
    .where("id", "=", id),
);

// Only an agent's reply sets a state here ("replied"): a human answered, so nothing waits for one.
const touchOutboundWithState = precompiled((db, at: string, preview: string, state: string, id: string) =>
  db
    .updateTable("conversations")
    .set({
      last_message_at: at,
      last_message_preview: preview,
      updated_at: at,
      state: state as ConversationState,
      needs_reply: 0,
    })
    .where("id", "=", id),
);

/**
 * An automatic reply fully answered the customer's message `wamid`: nothing waits for a human, unless the
 * customer wrote again meanwhile (then their newer message is the one to answer).
 */
export async function clearNeedsReply(
  db: Kysely<Database>,
  conversationId: string,
  wamid: string,
  at: string,
): Promise<void> {
  await clearNeedsReplyQuery.run(db, at, conversationId, wamid);
}

const clearNeedsReplyQuery = precompiled((db, at: string, id: string, wamid: string) =>
  db
    .updateTable("conversations")
    .set({ needs_reply: 0, updated_at: at })
    .where("id", "=", id)
    .where("last_inbound_wamid", "=", wamid),
);

/** A person still owes the customer an answer (after an agent retracted an automatic one). */
export async function markNeedsReply(
  db: Kysely<Database>,
  conversationId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable("conversations")
    .set({ needs_reply: 1, state: "waiting", updated_at: at })
    .where("id", "=", conversationId)
    .execute();
}

export async function setConversationState(
  db: Kysely<Database>,
  id: string,
  state: ConversationState,
  at: string,
): Promise<void> {
  await db.updateTable("conversations").set({ state, updated_at: at }).where("id", "=", id).execute();
}

export async function assignConversation(
  db: Kysely<Database>,
  id: string,
  assigneeId: string | null,
  at: string,
): Promise<void> {
  await db
    .updateTable("conversations")
    .set({ assignee_id: assigneeId, updated_at: at })
    .where("id", "=", id)
    .execute();
}

/** Clears the unread count; returns 1 when there was something unread, 0 otherwise. */
export async function markConversationRead(db: Kysely<Database>, id: string, at: string): Promise<number> {
  const r = await db
    .updateTable("conversations")
    .set({ unread_count: 0, updated_at: at })
    .where("id", "=", id)
    .where("unread_count", ">", 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function setContactLanguage(
  db: Kysely<Database>,
  contactId: string,
  language: string,
  at: string,
) {
  await updateContactLanguage.run(db, language, at, contactId);
}

const updateContactLanguage = precompiled((db, language: string, at: string, contactId: string) =>
  db.updateTable("contacts").set({ language, updated_at: at }).where("id", "=", contactId),
);

export async function linkContactToCustomer(
  db: Kysely<Database>,
  contactId: string,
  customerId: string | null,
  at: string,
): Promise<void> {
  await db
    .updateTable("contacts")
    .set({ customer_id: customerId, updated_at: at })
    .where("id", "=", contactId)
    .execute();
}

/** WhatsApp contacts on these numbers (digits) that no customer has yet. */
export async function findUnlinkedContactsByWaId(
  db: Kysely<Database>,
  waIds: string[],
): Promise<{ id: string; waId: string; name: string | null }[]> {
  if (waIds.length === 0) return [];
  const rows = await db
    .selectFrom("contacts")
    .select(["id", "wa_id", "profile_name"])
    .where("wa_id", "in", waIds)
    .where("customer_id", "is", null)
    .execute();
  return rows.map((r) => ({ id: r.id, waId: r.wa_id ?? "", name: r.profile_name }));
}

/**
 * The simulator's "customer quiet for a day": moves the last customer message of the contact's conversation on
 * that number back by `ms`, so the 24-hour window closes as if the time had passed. Simulator mode only.
 */
export async function rewindLastInbound(
  db: Kysely<Database>,
  input: { waId: string; phoneNumberId: string; ms: number },
): Promise<boolean> {
  const row = await db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(["conversations.id", "conversations.last_inbound_at"])
    .where("contacts.wa_id", "=", input.waId)
    .where("conversations.phone_number_id", "=", input.phoneNumberId)
    .executeTakeFirst();
  if (!row?.last_inbound_at) return false;
  const earlier = new Date(Date.parse(row.last_inbound_at) - input.ms).toISOString();
  await db.updateTable("conversations").set({ last_inbound_at: earlier }).where("id", "=", row.id).execute();
  return true;
}
