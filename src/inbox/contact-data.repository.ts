import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

// A WhatsApp contact's data, as the data-rights export shows it and as erasure removes it.

export async function contactIdsOfCustomer(db: Kysely<Database>, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom("contacts").select("id").where("customer_id", "=", customerId).execute();
  return rows.map((r) => r.id);
}

export async function contactDataRows(db: Kysely<Database>, contactId: string) {
  const contact = await db
    .selectFrom("contacts")
    .select(["id", "wa_id", "user_id", "profile_name", "username", "language", "customer_id", "created_at"])
    .where("id", "=", contactId)
    .executeTakeFirst();
  if (!contact) return undefined;
  const conversations = await db
    .selectFrom("conversations")
    .select(["id", "role", "state", "created_at", "last_message_at"])
    .where("contact_id", "=", contactId)
    .orderBy("created_at")
    .execute();
  const messages = conversations.length
    ? await db
        .selectFrom("messages")
        .select([
          "conversation_id",
          "direction",
          "type",
          "text",
          "status",
          "created_at",
          "media_key",
          "media_mime",
        ])
        .where(
          "conversation_id",
          "in",
          conversations.map((c) => c.id),
        )
        .orderBy("created_at")
        .orderBy("id")
        .execute()
    : [];
  return {
    id: contact.id,
    phone: contact.wa_id,
    userId: contact.user_id,
    profileName: contact.profile_name,
    username: contact.username,
    language: contact.language,
    customerId: contact.customer_id,
    createdAt: contact.created_at,
    conversations: conversations.map((c) => ({
      id: c.id,
      line: c.role,
      state: c.state,
      createdAt: c.created_at,
      lastMessageAt: c.last_message_at,
      messages: messages
        .filter((m) => m.conversation_id === c.id)
        .map((m) => ({
          from: m.direction === "in" ? "customer" : "business",
          type: m.type,
          text: m.text,
          status: m.status,
          at: m.created_at,
          mediaKey: m.media_key,
          mediaMime: m.media_mime,
        })),
    })),
  };
}

export interface ErasedContent {
  /** Media storage keys whose files are deleted once the change has committed. */
  mediaKeys: string[];
  messages: number;
}

export interface ErasedContact extends ErasedContent {
  conversationIds: string[];
}

/**
 * Every message's text, raw payload and media, the conversation previews and the agents' notes go. The rows
 * stay (with their wamids, for idempotency), so counts and reports still add up. A text update also takes it
 * out of the search index (SQLite's FTS5 trigger; PostgreSQL's expression index follows the row).
 */
export async function eraseConversationContent(
  trx: Kysely<Database>,
  conversationIds: string[],
  at: string,
): Promise<ErasedContent> {
  if (!conversationIds.length) return { mediaKeys: [], messages: 0 };
  const mediaKeys = (
    await trx
      .selectFrom("messages")
      .select("media_key")
      .where("conversation_id", "in", conversationIds)
      .where("media_key", "is not", null)
      .execute()
  ).map((r) => r.media_key as string);
  const updated = await trx
    .updateTable("messages")
    .set({
      text: null,
      raw: "{}",
      error_reason: null,
      media_id: null,
      media_key: null,
      media_mime: null,
      media_size: null,
    })
    .where("conversation_id", "in", conversationIds)
    .executeTakeFirst();
  await trx
    .updateTable("conversations")
    .set({ last_message_preview: "", preview: "", anonymised_at: at, updated_at: at })
    .where("id", "in", conversationIds)
    .execute();
  // The ad click id can single out the person who clicked.
  await trx
    .updateTable("whatsapp_ad_leads")
    .set({ ctwa_clid: null })
    .where("conversation_id", "in", conversationIds)
    .execute();
  await trx.deleteFrom("conversation_notes").where("conversation_id", "in", conversationIds).execute();
  return { mediaKeys, messages: Number(updated.numUpdatedRows) };
}

/**
 * Tells every webhook receiver that contacts lost their identity: each drops the contacts it cached (a phone
 * number must never lead back to an erased contact). Called FIRST in an erasing transaction, so the row lock
 * is taken in the same order as the receivers' batches take it (no deadlock), and held until the commit.
 */
export async function bumpContactGeneration(trx: Kysely<Database>): Promise<void> {
  await trx
    .updateTable("contact_generation")
    .set((eb) => ({ generation: eb("generation", "+", 1) }))
    .where("id", "=", 1)
    .execute();
}

/** The contact's identity (phone, user id, names, customer link) goes; the row stays for the counts. */
export async function eraseContactIdentity(
  trx: Kysely<Database>,
  contactId: string,
  at: string,
): Promise<void> {
  const contact = await trx
    .selectFrom("contacts")
    .select(["wa_id"])
    .where("id", "=", contactId)
    .executeTakeFirst();
  if (contact?.wa_id) {
    // Statuses for unknown wamids name their recipient; those of this number go.
    await trx.deleteFrom("whatsapp_pending_statuses").where("raw", "like", `%${contact.wa_id}%`).execute();
  }
  await trx
    .updateTable("contacts")
    .set({
      wa_id: null,
      user_id: null,
      profile_name: null,
      username: null,
      customer_id: null,
      updated_at: at,
    })
    .where("id", "=", contactId)
    .execute();
}

/** The contact's identity and every conversation's content (see the two functions above). */
export async function eraseContactRows(
  trx: Kysely<Database>,
  contactId: string,
  at: string,
): Promise<ErasedContact> {
  await bumpContactGeneration(trx);
  const conversationIds = (
    await trx.selectFrom("conversations").select("id").where("contact_id", "=", contactId).execute()
  ).map((r) => r.id);
  const content = await eraseConversationContent(trx, conversationIds, at);
  await eraseContactIdentity(trx, contactId, at);
  return { conversationIds, ...content };
}
