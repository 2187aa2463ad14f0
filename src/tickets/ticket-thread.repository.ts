import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type {
  AuthorType,
  TicketAttachmentsTable,
  TicketMessagesTable,
  TicketSource,
} from "./tickets.tables.js";

// A ticket's thread: its messages and their attachments.

export interface TicketMessage {
  id: string;
  ticketId: string;
  author: { type: AuthorType; id: string; name: string };
  body: string;
  internal: boolean;
  source: TicketSource;
  createdAt: string;
}

export async function insertMessage(db: Kysely<Database>, row: TicketMessagesTable): Promise<void> {
  await db.insertInto("ticket_messages").values(row).execute();
}

/** The thread, oldest first; internal notes only when asked (never for the portal). */
export async function listMessages(
  db: Kysely<Database>,
  ticketId: string,
  options: { includeInternal: boolean },
): Promise<TicketMessage[]> {
  let query = db
    .selectFrom("ticket_messages")
    .leftJoin("users", (j) =>
      j.onRef("users.id", "=", "ticket_messages.author_id").on("ticket_messages.author_type", "=", "user"),
    )
    .leftJoin("customers", (j) =>
      j
        .onRef("customers.id", "=", "ticket_messages.author_id")
        .on("ticket_messages.author_type", "=", "customer"),
    )
    .select([
      "ticket_messages.id",
      "ticket_messages.ticket_id",
      "ticket_messages.author_type",
      "ticket_messages.author_id",
      "ticket_messages.body",
      "ticket_messages.internal",
      "ticket_messages.source",
      "ticket_messages.created_at",
      "users.name as user_name",
      "customers.name as customer_name",
    ])
    .where("ticket_messages.ticket_id", "=", ticketId);
  if (!options.includeInternal) query = query.where("ticket_messages.internal", "=", 0);
  const rows = await query.orderBy("ticket_messages.created_at").orderBy("ticket_messages.id").execute();
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    author: {
      type: r.author_type,
      id: r.author_id,
      name: (r.author_type === "user" ? r.user_name : r.customer_name) ?? "",
    },
    body: r.body,
    internal: Number(r.internal) === 1,
    source: r.source,
    createdAt: r.created_at,
  }));
}

export interface TicketAttachment {
  id: string;
  ticketId: string;
  messageId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedBy: { type: AuthorType; id: string };
  createdAt: string;
}

const ATTACHMENT_COLUMNS = [
  "id",
  "ticket_id",
  "message_id",
  "file_name",
  "content_type",
  "size",
  "sha256",
  "storage_key",
  "uploaded_by_type",
  "uploaded_by_id",
  "created_at",
] as const;

function attachmentRowToAttachment(row: TicketAttachmentsTable): TicketAttachment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    messageId: row.message_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    storageKey: row.storage_key,
    uploadedBy: { type: row.uploaded_by_type, id: row.uploaded_by_id },
    createdAt: row.created_at,
  };
}

export async function insertAttachment(db: Kysely<Database>, row: TicketAttachmentsTable): Promise<void> {
  await db.insertInto("ticket_attachments").values(row).execute();
}

export async function listAttachments(db: Kysely<Database>, ticketId: string): Promise<TicketAttachment[]> {
  const rows = await db
    .selectFrom("ticket_attachments")
    .select(ATTACHMENT_COLUMNS)
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(attachmentRowToAttachment);
}

/** An attachment only through its ticket: the id alone never finds it. */
export async function findAttachment(
  db: Kysely<Database>,
  ticketId: string,
  attachmentId: string,
): Promise<TicketAttachment | undefined> {
  const row = await db
    .selectFrom("ticket_attachments")
    .select(ATTACHMENT_COLUMNS)
    .where("id", "=", attachmentId)
    .where("ticket_id", "=", ticketId)
    .executeTakeFirst();
  return row ? attachmentRowToAttachment(row) : undefined;
}
