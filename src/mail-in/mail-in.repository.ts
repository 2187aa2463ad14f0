import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { MailInConfigTable, MailInMessagesTable, MailInOutcome, MailInState } from "./mail-in.tables.js";

export interface MailInRecord {
  id: string;
  mailbox: string;
  uidValidity: string;
  uid: number;
  messageId: string | null;
  from: { address: string; name: string };
  subject: string;
  language: string;
  state: MailInState;
  outcome: MailInOutcome;
  note: string | null;
  ticketId: string | null;
  ticketMessageId: string | null;
  sentAt: string | null;
  createdAt: string;
}

const SUMMARY_COLUMNS = [
  "id",
  "mailbox",
  "uid_validity",
  "uid",
  "message_id",
  "from_address",
  "from_name",
  "subject",
  "language",
  "state",
  "outcome",
  "note",
  "ticket_id",
  "ticket_message_id",
  "sent_at",
  "created_at",
] as const;

type SummaryRow = Pick<MailInMessagesTable, (typeof SUMMARY_COLUMNS)[number]>;

function rowToRecord(row: SummaryRow): MailInRecord {
  return {
    id: row.id,
    mailbox: row.mailbox,
    uidValidity: row.uid_validity,
    // PostgreSQL returns bigint as text.
    uid: Number(row.uid),
    messageId: row.message_id,
    from: { address: row.from_address, name: row.from_name },
    subject: row.subject,
    language: row.language,
    state: row.state,
    outcome: row.outcome,
    note: row.note,
    ticketId: row.ticket_id,
    ticketMessageId: row.ticket_message_id,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

export async function insertMailIn(db: Kysely<Database>, row: MailInMessagesTable): Promise<void> {
  await db.insertInto("mail_in_messages").values(row).execute();
}

/** The records of these UIDs in one mailbox generation. */
export async function findMailInByPlace(
  db: Kysely<Database>,
  mailbox: string,
  uidValidity: string,
  uids: number[],
): Promise<MailInRecord[]> {
  if (uids.length === 0) return [];
  const rows = await db
    .selectFrom("mail_in_messages")
    .select(SUMMARY_COLUMNS)
    .where("mailbox", "=", mailbox)
    .where("uid_validity", "=", uidValidity)
    .where("uid", "in", uids)
    .execute();
  return rows.map(rowToRecord);
}

/** A handled mail with this Message-ID (the same mail seen again under another UID). */
export async function findHandledByMessageId(
  db: Kysely<Database>,
  messageId: string,
): Promise<MailInRecord | undefined> {
  const row = await db
    .selectFrom("mail_in_messages")
    .select(SUMMARY_COLUMNS)
    .where("message_id", "=", messageId)
    .where("state", "=", "handled")
    .orderBy("created_at")
    .executeTakeFirst();
  return row ? rowToRecord(row) : undefined;
}

/** The tickets that mails we received with these Message-IDs belong to (a customer answering their own mail). */
export async function findTicketsOfReceived(db: Kysely<Database>, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom("mail_in_messages")
    .select("ticket_id")
    .where("message_id", "in", messageIds)
    .where("ticket_id", "is not", null)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => r.ticket_id!);
}

export async function countPolicyAnswersSince(
  db: Kysely<Database>,
  fromAddress: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom("mail_in_messages")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("from_address", "=", fromAddress)
    .where("outcome", "=", "policy_answer")
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listMailIn(
  db: Kysely<Database>,
  options: { limit: number; offset: number; state?: MailInState },
): Promise<{ items: MailInRecord[]; total: number }> {
  let query = db.selectFrom("mail_in_messages");
  if (options.state) query = query.where("state", "=", options.state);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select(SUMMARY_COLUMNS)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { items: rows.map(rowToRecord), total: Number(total.n) };
}

export async function findMailIn(
  db: Kysely<Database>,
  id: string,
): Promise<(MailInRecord & { text: string }) | undefined> {
  const row = await db
    .selectFrom("mail_in_messages")
    .select([...SUMMARY_COLUMNS, "text_body"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...rowToRecord(row), text: row.text_body } : undefined;
}

export async function listMailInForTicket(db: Kysely<Database>, ticketId: string): Promise<MailInRecord[]> {
  const rows = await db
    .selectFrom("mail_in_messages")
    .select(SUMMARY_COLUMNS)
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .execute();
  return rows.map(rowToRecord);
}

/** Forget a failed mail so the reader tries it again; only a failed one. */
export async function deleteFailedMailIn(
  db: Kysely<Database>,
  id: string,
): Promise<MailInRecord | undefined> {
  const found = await findMailIn(db, id);
  if (found?.state !== "failed") return undefined;
  await db.deleteFrom("mail_in_messages").where("id", "=", id).where("state", "=", "failed").execute();
  return found;
}

// --- the reader lease ---

/** Take or renew the lease when it is free, expired or already ours. */
export async function acquireLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  now: string,
  expiresAt: string,
): Promise<boolean> {
  await db
    .insertInto("mail_in_lease")
    .values({ name, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) =>
          eb.or([eb("mail_in_lease.holder", "=", holder), eb("mail_in_lease.expires_at", "<", now)]),
        ),
    )
    .execute();
  const row = await db
    .selectFrom("mail_in_lease")
    .select("holder")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db.deleteFrom("mail_in_lease").where("name", "=", name).where("holder", "=", holder).execute();
}

// --- the owner's mailbox settings ---

export async function readMailInConfig(db: Kysely<Database>): Promise<MailInConfigTable | undefined> {
  return db
    .selectFrom("mail_in_config")
    .select(["id", "url_sealed", "processed_folder", "updated_by", "updated_at"])
    .where("id", "=", 1)
    .executeTakeFirst();
}

export async function writeMailInConfig(
  db: Kysely<Database>,
  row: Omit<MailInConfigTable, "id">,
): Promise<void> {
  await db
    .insertInto("mail_in_config")
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}
