import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

/** A signed-in person on the desk side, as tickets show and notify them. */
export interface DeskUser {
  id: string;
  name: string;
  email: string;
  language: "es" | "en";
}

const lang = (value: string): "es" | "en" => (value === "es" ? "es" : "en");

export async function listActiveDeskUsers(db: Kysely<Database>): Promise<DeskUser[]> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "email", "language"])
    .where("disabled_at", "is", null)
    .orderBy("name")
    .execute();
  return rows.map((r) => ({ ...r, language: lang(r.language) }));
}

export async function findActiveDeskUser(db: Kysely<Database>, id: string): Promise<DeskUser | undefined> {
  const row = await db
    .selectFrom("users")
    .select(["id", "name", "email", "language"])
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return row ? { ...row, language: lang(row.language) } : undefined;
}

export async function findDeskUserName(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("name").where("id", "=", id).executeTakeFirst();
  return row?.name;
}
