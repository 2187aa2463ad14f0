import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

// A customer's tickets, as the data-rights export shows them (internal notes excluded) and as erasure empties
// them. Tickets copied from a WhatsApp conversation are found by that conversation too.

function ticketIds(db: Kysely<Database>, who: { customerId?: string; conversationIds: string[] }) {
  return db
    .selectFrom("tickets")
    .select("id")
    .where((eb) =>
      eb.or([
        ...(who.customerId ? [eb("customer_id", "=", who.customerId)] : []),
        ...(who.conversationIds.length ? [eb("conversation_id", "in", who.conversationIds)] : []),
      ]),
    );
}

export async function ticketDataRows(db: Kysely<Database>, customerId: string) {
  const tickets = await db
    .selectFrom("tickets")
    .select([
      "id",
      "number",
      "category",
      "subject",
      "description",
      "store_url",
      "opencart_version",
      "php_version",
      "status",
      "language",
      "created_at",
      "closed_at",
    ])
    .where("customer_id", "=", customerId)
    .orderBy("number")
    .execute();
  const ids = tickets.map((t) => t.id);
  const messages = ids.length
    ? await db
        .selectFrom("ticket_messages")
        .select(["ticket_id", "author_type", "body", "created_at"])
        .where("ticket_id", "in", ids)
        .where("internal", "=", 0)
        .orderBy("created_at")
        .execute()
    : [];
  const attachments = ids.length
    ? await db
        .selectFrom("ticket_attachments")
        .select(["ticket_id", "file_name", "content_type", "size", "storage_key", "created_at"])
        .where("ticket_id", "in", ids)
        .orderBy("created_at")
        .execute()
    : [];
  return tickets.map((t) => ({
    number: t.number,
    category: t.category,
    subject: t.subject,
    description: t.description,
    storeUrl: t.store_url,
    opencartVersion: t.opencart_version,
    phpVersion: t.php_version,
    status: t.status,
    language: t.language,
    createdAt: t.created_at,
    closedAt: t.closed_at,
    messages: messages
      .filter((m) => m.ticket_id === t.id)
      .map((m) => ({
        from: m.author_type === "customer" ? "customer" : "support",
        text: m.body,
        at: m.created_at,
      })),
    attachments: attachments
      .filter((a) => a.ticket_id === t.id)
      .map((a) => ({
        fileName: a.file_name,
        contentType: a.content_type,
        size: a.size,
        storageKey: a.storage_key,
        at: a.created_at,
      })),
  }));
}

const ERASED_TEXT = "[erased]";

/**
 * Subjects, descriptions, store URLs and every message go; attachments (rows here, files after the commit),
 * sealed store credentials, portal sessions and sign-in links too. The tickets stay, anonymous, for the counts.
 */
export async function eraseTicketRows(
  trx: Kysely<Database>,
  who: { customerId?: string; conversationIds: string[] },
  at: string,
): Promise<{ attachmentKeys: string[]; ticketIds: string[] }> {
  const ids = (await ticketIds(trx, who).execute()).map((r) => r.id);
  if (who.customerId) {
    await trx.deleteFrom("customer_sessions").where("customer_id", "=", who.customerId).execute();
    await trx.deleteFrom("magic_links").where("customer_id", "=", who.customerId).execute();
  }
  if (!ids.length) return { attachmentKeys: [], ticketIds: [] };
  const attachmentKeys = (
    await trx.selectFrom("ticket_attachments").select("storage_key").where("ticket_id", "in", ids).execute()
  ).map((r) => r.storage_key);
  await trx.deleteFrom("ticket_attachments").where("ticket_id", "in", ids).execute();
  await trx.updateTable("ticket_messages").set({ body: ERASED_TEXT }).where("ticket_id", "in", ids).execute();
  await trx
    .updateTable("ticket_credentials")
    .set({ sealed: null, erased_at: at })
    .where("ticket_id", "in", ids)
    .where("erased_at", "is", null)
    .execute();
  await trx.updateTable("ticket_credentials").set({ sealed: null }).where("ticket_id", "in", ids).execute();
  await trx
    .updateTable("tickets")
    .set({ subject: ERASED_TEXT, description: "", store_url: "", courtesy_reason: null, updated_at: at })
    .where("id", "in", ids)
    .execute();
  return { attachmentKeys, ticketIds: ids };
}

/** Retention: up to `limit` attachments of tickets closed before `cutoff` (rows go; keys returned for the files). */
export async function dropClosedTicketAttachments(
  trx: Kysely<Database>,
  cutoff: string,
  limit: number,
): Promise<string[]> {
  const rows = await trx
    .selectFrom("ticket_attachments")
    .innerJoin("tickets", "tickets.id", "ticket_attachments.ticket_id")
    .select(["ticket_attachments.id", "ticket_attachments.storage_key"])
    .where("tickets.status", "=", "closed")
    .where("tickets.closed_at", "<", cutoff)
    .limit(limit)
    .execute();
  if (!rows.length) return [];
  await trx
    .deleteFrom("ticket_attachments")
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => r.storage_key);
}
