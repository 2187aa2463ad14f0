import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { AutoSubmitted, MailMessagesTable, MailStatus } from "./mail.tables.js";

export interface MailMessage {
  id: string;
  kind: string;
  to: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  status: MailStatus;
  transport: "smtp" | "viewer" | null;
  providerMessageId: string | null;
  relatedType: string | null;
  relatedId: string | null;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
  messageId: string | null;
  autoSubmitted: AutoSubmitted | null;
  inReplyTo: string | null;
  replyTo: string | null;
}

export type MailSummary = Omit<MailMessage, "text" | "html">;

const SUMMARY_COLUMNS = [
  "id",
  "kind",
  "to_address",
  "language",
  "subject",
  "status",
  "transport",
  "provider_message_id",
  "related_type",
  "related_id",
  "error",
  "created_at",
  "sent_at",
  "message_id",
  "auto_submitted",
  "in_reply_to",
  "reply_to",
] as const;

type SummaryRow = Pick<MailMessagesTable, (typeof SUMMARY_COLUMNS)[number]>;

function rowToSummary(row: SummaryRow): MailSummary {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    language: row.language,
    subject: row.subject,
    status: row.status,
    transport: row.transport,
    providerMessageId: row.provider_message_id,
    relatedType: row.related_type,
    relatedId: row.related_id,
    error: row.error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    messageId: row.message_id,
    autoSubmitted: row.auto_submitted,
    inReplyTo: row.in_reply_to,
    replyTo: row.reply_to,
  };
}

export async function insertMail(db: Kysely<Database>, row: MailMessagesTable): Promise<void> {
  await db.insertInto("mail_messages").values(row).execute();
}

export async function findMail(db: Kysely<Database>, id: string): Promise<MailMessage | undefined> {
  const row = await db
    .selectFrom("mail_messages")
    .select([...SUMMARY_COLUMNS, "text_body", "html_body"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...rowToSummary(row), text: row.text_body, html: row.html_body } : undefined;
}

export async function listMails(
  db: Kysely<Database>,
  options: { limit: number; offset: number; to?: string },
): Promise<{ items: MailSummary[]; total: number }> {
  let query = db.selectFrom("mail_messages");
  if (options.to) query = query.where("to_address", "=", options.to.toLowerCase());
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select(SUMMARY_COLUMNS)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { items: rows.map(rowToSummary), total: Number(total.n) };
}

/** Record the outcome of a delivery attempt; only a mail still pending changes. */
export async function markMail(
  db: Kysely<Database>,
  id: string,
  patch: Pick<MailMessagesTable, "status" | "transport" | "provider_message_id" | "error" | "sent_at">,
): Promise<boolean> {
  const r = await db
    .updateTable("mail_messages")
    .set(patch)
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The mails we sent with one of these Message-IDs (a reply's In-Reply-To and References). */
export async function findMailsByMessageIds(
  db: Kysely<Database>,
  messageIds: string[],
): Promise<MailSummary[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom("mail_messages")
    .select(SUMMARY_COLUMNS)
    .where("message_id", "in", messageIds)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(rowToSummary);
}
