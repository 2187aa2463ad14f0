import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

export async function readSettingRows(db: Kysely<Database>): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export async function writeSettingRow(
  db: Kysely<Database>,
  key: string,
  value: unknown,
  by: string | null,
  at: string,
) {
  const json = JSON.stringify(value);
  await db
    .insertInto("settings")
    .values({ key, value: json, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: json, updated_at: at, updated_by: by }))
    .execute();
}

/** Insert rows that are missing; never overwrite what an owner saved. */
export async function seedSettingRow(db: Kysely<Database>, key: string, value: unknown, at: string) {
  await db
    .insertInto("settings")
    .values({ key, value: JSON.stringify(value), updated_at: at, updated_by: null })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}
