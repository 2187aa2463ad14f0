import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { CannedRepliesTable } from "./tickets.tables.js";

/** A saved answer agents insert into a ticket reply or a WhatsApp message. */
export interface CannedReply {
  id: string;
  title: string;
  body: string;
  language: "es" | "en";
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = ["id", "title", "body", "language", "created_at", "updated_at"] as const;

function rowToCannedReply(row: Pick<CannedRepliesTable, (typeof COLUMNS)[number]>): CannedReply {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    language: row.language === "es" ? "es" : "en",
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listCannedReplies(
  db: Kysely<Database>,
  language?: "es" | "en",
): Promise<CannedReply[]> {
  let query = db.selectFrom("canned_replies").select(COLUMNS);
  if (language) query = query.where("language", "=", language);
  const rows = await query.orderBy("title").orderBy("id").execute();
  return rows.map(rowToCannedReply);
}

export async function findCannedReply(db: Kysely<Database>, id: string): Promise<CannedReply | undefined> {
  const row = await db.selectFrom("canned_replies").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? rowToCannedReply(row) : undefined;
}

export async function insertCannedReply(db: Kysely<Database>, row: CannedRepliesTable): Promise<void> {
  await db.insertInto("canned_replies").values(row).execute();
}

export async function deleteCannedReply(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom("canned_replies").where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
