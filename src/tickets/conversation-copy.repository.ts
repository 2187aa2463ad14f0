import type { Kysely } from "kysely";
import type { ConversationRole } from "../inbox/inbox.tables.js";
import type { Database } from "../platform/db/schema.js";
import { newId } from "../platform/ids.js";

// The inbox's tables, read (never written) to copy a WhatsApp conversation into a ticket.

export async function findConversationForCopy(
  db: Kysely<Database>,
  conversationId: string,
): Promise<{ id: string; role: ConversationRole; customerId: string | null } | undefined> {
  const row = await db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(["conversations.id", "conversations.role", "contacts.customer_id"])
    .where("conversations.id", "=", conversationId)
    .executeTakeFirst();
  return row ? { id: row.id, role: row.role, customerId: row.customer_id } : undefined;
}

/** Insert the conversation's messages (oldest first, at most 2000) into the ticket's thread. */
export async function copyConversationMessages(
  trx: Kysely<Database>,
  input: { conversationId: string; ticketId: string; customerId: string; agentId: string },
): Promise<number> {
  const messages = await trx
    .selectFrom("messages")
    .select(["direction", "type", "text", "sent_by_user_id", "created_at"])
    .where("conversation_id", "=", input.conversationId)
    .orderBy("created_at")
    .orderBy("id")
    .limit(2000)
    .execute();
  for (const m of messages) {
    const inbound = m.direction === "in";
    await trx
      .insertInto("ticket_messages")
      .values({
        id: newId(),
        ticket_id: input.ticketId,
        author_type: inbound ? "customer" : "user",
        author_id: inbound ? input.customerId : (m.sent_by_user_id ?? input.agentId),
        body: m.text?.trim() ? m.text : `[${m.type}]`,
        internal: 0,
        source: "whatsapp",
        created_at: m.created_at,
      })
      .execute();
  }
  return messages.length;
}
