import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import type { Settings } from "../settings/settings.schema.js";

/**
 * Copy a WhatsApp conversation's messages into a new ticket's thread (oldest first), so the desk keeps
 * what the customer already explained. Premium conversations belong to the owner: an agent may copy one
 * only when the owner opened premium to them. A conversation linked to another customer is refused.
 */
export async function copyConversationMessages(
  trx: Kysely<Database>,
  settings: Settings,
  input: {
    conversationId: string;
    ticketId: string;
    customerId: string;
    agent: { id: string; role?: "owner" | "agent" };
  },
): Promise<number> {
  const conversation = await trx
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select(["conversations.id", "conversations.role", "contacts.customer_id"])
    .where("conversations.id", "=", input.conversationId)
    .executeTakeFirst();
  if (!conversation) throw new AppError("not_found", "No such conversation");
  const mayReadPremium =
    input.agent.role === "owner" || settings.premium.openToAgentIds.includes(input.agent.id);
  if (conversation.role === "premium" && !mayReadPremium)
    throw new AppError("not_found", "No such conversation");
  if (conversation.customer_id && conversation.customer_id !== input.customerId)
    throw new AppError("validation_failed", "That conversation belongs to another customer");
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
        author_id: inbound ? input.customerId : (m.sent_by_user_id ?? input.agent.id),
        body: m.text?.trim() ? m.text : `[${m.type}]`,
        internal: 0,
        source: "whatsapp",
        created_at: m.created_at,
      })
      .execute();
  }
  return messages.length;
}
