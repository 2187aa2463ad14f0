import { type Kysely, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";

// Retention on the inbox's side: which closed conversations are old enough, and their media. "Old enough" is
// measured from the conversation's last message; a conversation that is not closed is never touched.

/**
 * Up to `limit` messages with a stored media file in closed conversations whose last message is before
 * `cutoff`: their files are to be deleted. The rows keep the media id and type, marked `deleted`.
 */
export async function dropClosedConversationMedia(
  trx: Kysely<Database>,
  cutoff: string,
  limit: number,
): Promise<string[]> {
  const rows = await trx
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversation_id")
    .select(["messages.id", "messages.media_key"])
    .where("conversations.state", "=", "closed")
    .where("conversations.last_message_at", "<", cutoff)
    .where("messages.media_key", "is not", null)
    .limit(limit)
    .execute();
  if (!rows.length) return [];
  await trx
    .updateTable("messages")
    .set({ media_key: null, media_status: "deleted" })
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => r.media_key as string);
}

/**
 * Up to `limit` closed conversations, quiet since before `cutoff`, not anonymised since they last changed (a
 * customer message, which also reopens it, or a closing moves `updated_at` past `anonymised_at`; the message's
 * own time may be older than its arrival, so `last_message_at` cannot tell).
 */
export async function closedConversationsToAnonymise(
  db: Kysely<Database>,
  cutoff: string,
  limit: number,
): Promise<{ id: string; contactId: string }[]> {
  const rows = await db
    .selectFrom("conversations")
    .select(["id", "contact_id"])
    .where("state", "=", "closed")
    .where("last_message_at", "<", cutoff)
    .where((eb) => eb.or([eb("anonymised_at", "is", null), eb("anonymised_at", "<", eb.ref("updated_at"))]))
    .orderBy("last_message_at")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id }));
}

/**
 * Of these contacts, those that still have an identity and whose every conversation is closed and
 * anonymised since its last message: nothing of theirs is left to keep the identity for.
 */
export async function contactsLeftAnonymous(trx: Kysely<Database>, contactIds: string[]): Promise<string[]> {
  if (!contactIds.length) return [];
  const rows = await trx
    .selectFrom("contacts")
    .select("id")
    .where("id", "in", contactIds)
    .where((eb) =>
      eb.or([eb("wa_id", "is not", null), eb("user_id", "is not", null), eb("profile_name", "is not", null)]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("conversations")
            .select(sql`1`.as("one"))
            .whereRef("conversations.contact_id", "=", "contacts.id")
            .where((eb) =>
              eb.or([
                eb("state", "<>", "closed"),
                eb("anonymised_at", "is", null),
                eb("anonymised_at", "<", eb.ref("updated_at")),
              ]),
            ),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.id);
}
