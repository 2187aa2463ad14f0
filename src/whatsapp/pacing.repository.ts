import { type Kysely, sql } from "kysely";
import type { Dialect } from "../platform/db/database.js";
import type { Database } from "../platform/db/schema.js";

/**
 * Reserves `blockMs` of a business number's send time for this process, atomically with every other process:
 * the number's next moment moves on by `blockMs` from where it was, or from `nowMs` when it lies in the past.
 * Returns the new next moment (the block reserved ends there).
 */
export async function reserveSendTime(
  db: Kysely<Database>,
  dialect: Dialect,
  phoneNumberId: string,
  nowMs: number,
  blockMs: number,
): Promise<number> {
  const later = dialect === "postgres" ? sql`greatest(p.next_ms, ${nowMs})` : sql`max(p.next_ms, ${nowMs})`;
  const { rows } = await sql<{ next_ms: number | string }>`
    insert into whatsapp_send_pacing as p (phone_number_id, next_ms) values (${phoneNumberId}, ${nowMs + blockMs})
    on conflict (phone_number_id) do update set next_ms = ${later} + ${blockMs}
    returning next_ms`.execute(db);
  return Number(rows[0]!.next_ms);
}
