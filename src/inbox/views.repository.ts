import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";

/** The inbox's views, each the same filter as the list it opens (so its count is that list's length). */
export const INBOX_VIEWS = ["all", "needsReply", "waiting", "mine", "unassigned", "closed"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export interface ViewCount {
  view: InboxView;
  /** Conversations in the view. */
  conversations: number;
  /** Of those, the ones with messages no agent has opened yet. */
  unread: number;
}

/** Every view's counts in one pass over the conversations the viewer may see. */
export async function countViews(
  db: Kysely<Database>,
  viewer: { userId: string; includePremium: boolean },
): Promise<ViewCount[]> {
  const conditions: Record<InboxView, RawBuilder<unknown>> = {
    all: sql`1 = 1`,
    needsReply: sql`needs_reply = 1`,
    waiting: sql`state = 'waiting'`,
    mine: sql`assignee_id = ${viewer.userId}`,
    unassigned: sql`assignee_id is null`,
    closed: sql`state = 'closed'`,
  };
  let query = db
    .selectFrom("conversations")
    .select(
      INBOX_VIEWS.flatMap((view) => [
        sql<string | number>`coalesce(sum(case when ${conditions[view]} then 1 else 0 end), 0)`.as(
          `${view}_n`,
        ),
        sql<
          string | number
        >`coalesce(sum(case when ${conditions[view]} and unread_count > 0 then 1 else 0 end), 0)`.as(
          `${view}_u`,
        ),
      ]),
    );
  if (!viewer.includePremium) query = query.where("role", "<>", "premium");
  const row = (await query.executeTakeFirst()) as Record<string, string | number> | undefined;
  return INBOX_VIEWS.map((view) => ({
    view,
    conversations: Number(row?.[`${view}_n`] ?? 0),
    unread: Number(row?.[`${view}_u`] ?? 0),
  }));
}
