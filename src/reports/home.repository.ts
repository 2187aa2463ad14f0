import { type Kysely, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";

/** The numbers behind Home's checklist and the day's figures, read in one go. */
export interface HomeCounts {
  conversations: number;
  activeAgents: number;
  licenses: number;
  /** Settings sections a person has saved (vs. the seeded defaults). */
  savedSections: string[];
  waiting: number;
  needsReply: number;
  overdueTickets: number;
  /** Closed premium engagements with no invoice yet. */
  toInvoice: number;
}

const count = (db: Kysely<Database>, table: "conversations" | "licenses") =>
  db
    .selectFrom(table)
    .select(sql<string | number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));

export async function readHomeCounts(
  db: Kysely<Database>,
  options: { now: string; includePremium: boolean },
): Promise<HomeCounts> {
  const premiumOnly = options.includePremium ? sql<boolean>`1 = 1` : sql<boolean>`role <> 'premium'`;
  const [conversations, licenses, agents, sections, inbox, overdue, toInvoice] = await Promise.all([
    count(db, "conversations"),
    count(db, "licenses"),
    db
      .selectFrom("users")
      .select(sql<string | number>`count(*)`.as("n"))
      .where("role", "=", "agent")
      .where("disabled_at", "is", null)
      .executeTakeFirstOrThrow(),
    db.selectFrom("settings").select("key").where("updated_by", "is not", null).execute(),
    db
      .selectFrom("conversations")
      .select([
        sql<string | number>`coalesce(sum(case when state = 'waiting' then 1 else 0 end), 0)`.as("waiting"),
        sql<string | number>`coalesce(sum(case when needs_reply = 1 then 1 else 0 end), 0)`.as("needs"),
      ])
      .where(premiumOnly)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("tickets")
      .select(sql<string | number>`count(*)`.as("n"))
      .where("first_response_at", "is", null)
      .where("first_response_due_at", "<", options.now)
      .where("status", "in", ["open", "pending_customer"])
      .executeTakeFirstOrThrow(),
    options.includePremium
      ? db
          .selectFrom("engagements")
          .select(sql<string | number>`count(*)`.as("n"))
          .where("state", "=", "closed")
          .executeTakeFirstOrThrow()
      : Promise.resolve({ n: 0 }),
  ]);
  return {
    conversations,
    licenses,
    activeAgents: Number(agents.n),
    savedSections: sections.map((s) => s.key),
    waiting: Number(inbox.waiting),
    needsReply: Number(inbox.needs),
    overdueTickets: Number(overdue.n),
    toInvoice: Number(toInvoice.n),
  };
}
