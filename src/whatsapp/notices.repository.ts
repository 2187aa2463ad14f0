import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

/**
 * Claims the right to mail a notice: true when it was never sent or last sent before `cutoff`, recording `now`.
 * One statement, so two processes (or two failing sends) that find the same problem at once mail it once.
 */
export async function claimNotice(
  db: Kysely<Database>,
  input: { key: string; now: string; cutoff: string },
): Promise<boolean> {
  const row = await db
    .insertInto("whatsapp_notices")
    .values({ key: input.key, sent_at: input.now })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({ sent_at: input.now })
        .where("whatsapp_notices.sent_at", "<", input.cutoff),
    )
    .returning("key")
    .executeTakeFirst();
  return row !== undefined;
}
