import { type Kysely, sql } from "kysely";
import type { ConversationRole, MessageStatus } from "../inbox/inbox.tables.js";
import type { Dialect } from "../platform/db/database.js";
import { precompiled } from "../platform/db/precompiled.js";
import type { Database } from "../platform/db/schema.js";
import { shouldApplyStatus } from "./webhook-events.js";

// The delivery side of messages: outbound rows, the wamid Meta returns, failures, media, early statuses.

export interface NewOutboundMessage {
  id: string;
  conversationId: string;
  type: string;
  text: string | null;
  raw: string;
  sentByUserId: string | null;
  contextWamid: string | null;
  /** A reaction: the message it reacts to. */
  targetWamid?: string | null;
  createdAt: string;
}

const insertOutbound = precompiled(
  (
    db,
    id: string,
    conversationId: string,
    type: string,
    text: string | null,
    raw: string,
    sentByUserId: string | null,
    contextWamid: string | null,
    createdAt: string,
    targetWamid: string | null,
  ) =>
    db.insertInto("messages").values({
      id,
      conversation_id: conversationId,
      direction: "out",
      wamid: null,
      type,
      text,
      raw,
      status: "queued",
      error_code: null,
      error_reason: null,
      sent_by_user_id: sentByUserId,
      context_wamid: contextWamid,
      media_id: null,
      media_mime: null,
      media_size: null,
      media_key: null,
      media_status: null,
      created_at: createdAt,
      status_at: createdAt,
      target_wamid: targetWamid,
    }),
);

export async function insertOutboundMessage(db: Kysely<Database>, m: NewOutboundMessage): Promise<void> {
  await insertOutbound.run(
    db,
    m.id,
    m.conversationId,
    m.type,
    m.text,
    m.raw,
    m.sentByUserId,
    m.contextWamid,
    m.createdAt,
    m.targetWamid ?? null,
  );
}

/** Outbound message statuses → their order; used for statuses that waited for their wamid. */
export interface AppliedStatus {
  status: MessageStatus;
  errorCode: number | null;
}

/**
 * Records the wamid Meta returned for a queued message, then applies any status that arrived before this
 * (kept in whatsapp_pending_statuses). Call in a transaction. On PostgreSQL an advisory lock on the wamid
 * serialises this with a webhook carrying a status for the same wamid, so neither misses the other.
 */
export async function recordSentWamid(
  db: Kysely<Database>,
  dialect: Dialect,
  messageId: string,
  wamid: string,
  at: string,
): Promise<AppliedStatus | undefined> {
  let pending: Array<{
    status: string;
    status_at: string;
    error_code: number | null;
    error_title: string | null;
  }>;
  if (dialect === "postgres") {
    await sql`select pg_advisory_xact_lock(hashtext(${wamid}))`.execute(db);
    // One round trip: the update runs whether or not its CTE is read; the select's snapshot is taken after
    // the lock, so it sees every status a webhook stored before.
    pending = (
      await sql<(typeof pending)[number]>`
        with sent as (update messages set wamid = ${wamid}, status = 'sent', status_at = ${at}
          where id = ${messageId} and status = 'queued')
        select status, status_at, error_code, error_title from whatsapp_pending_statuses where wamid = ${wamid}`.execute(
        db,
      )
    ).rows;
  } else {
    await markSent.run(db, wamid, at, messageId);
    pending = await pendingStatuses.execute(db, wamid);
  }
  if (pending.length === 0) return undefined;
  let current: string = "sent";
  let best: (typeof pending)[number] | undefined;
  for (const p of pending) {
    if (shouldApplyStatus(current, p.status)) {
      current = p.status;
      best = p;
    }
  }
  await db.deleteFrom("whatsapp_pending_statuses").where("wamid", "=", wamid).execute();
  if (!best) return undefined;
  const errorCode = best.error_code === null ? null : Number(best.error_code);
  await db
    .updateTable("messages")
    .set({
      status: best.status as MessageStatus,
      status_at: best.status_at,
      ...(errorCode !== null ? { error_code: errorCode } : {}),
    })
    .where("id", "=", messageId)
    .execute();
  return { status: best.status as MessageStatus, errorCode };
}

const markSent = precompiled((db, wamid: string, at: string, messageId: string) =>
  db
    .updateTable("messages")
    .set({ wamid, status: "sent", status_at: at })
    .where("id", "=", messageId)
    .where("status", "=", "queued"),
);

const pendingStatuses = precompiled((db, wamid: string) =>
  db
    .selectFrom("whatsapp_pending_statuses")
    .select(["status", "status_at", "error_code", "error_title"])
    .where("wamid", "=", wamid),
);

export async function markMessageFailed(
  db: Kysely<Database>,
  id: string,
  errorCode: number | null,
  reason: string,
  at: string,
): Promise<void> {
  await db
    .updateTable("messages")
    .set({ status: "failed", error_code: errorCode, error_reason: reason, status_at: at })
    .where("id", "=", id)
    .where("status", "<>", "failed")
    .execute();
}

export async function setMessageMedia(
  db: Kysely<Database>,
  id: string,
  media: { status: string; key?: string | null; size?: number | null; mime?: string | null },
): Promise<void> {
  await db
    .updateTable("messages")
    .set({
      media_status: media.status,
      ...(media.key !== undefined ? { media_key: media.key } : {}),
      ...(media.size !== undefined ? { media_size: media.size } : {}),
      ...(media.mime ? { media_mime: media.mime } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** An outbound image or document: its Graph media id and the stored copy the agent's thread shows. */
export async function setOutboundMedia(
  db: Kysely<Database>,
  id: string,
  mediaId: string,
  stored: { key: string; mime: string; size: number },
): Promise<void> {
  await db
    .updateTable("messages")
    .set({
      media_id: mediaId,
      media_mime: stored.mime,
      media_size: stored.size,
      media_key: stored.key,
      media_status: "stored",
    })
    .where("id", "=", id)
    .execute();
}

/** Statuses for wamids that never became known (messages sent by other tools on the same number). */
export async function prunePendingStatuses(db: Kysely<Database>, before: string): Promise<number> {
  const r = await db
    .deleteFrom("whatsapp_pending_statuses")
    .where("received_at", "<", before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** An automatic message that must wait for the 24-hour window: not sent, the reason kept for the agent. */
export async function markMessageHeld(
  db: Kysely<Database>,
  id: string,
  reason: string,
  errorCode: number | null,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable("messages")
    .set({ status: "held", error_code: errorCode, error_reason: reason, status_at: at })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .where("wamid", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * A sent message Meta then failed with a closed-window code (the status webhook): it waits for the window like
 * one held before sending. Its wamid goes, so the release sends it afresh and a late status for the refused
 * attempt matches nothing. False unless it is still failed with that code.
 */
export async function holdFailedMessage(
  db: Kysely<Database>,
  id: string,
  errorCode: number,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable("messages")
    .set({ status: "held", wamid: null, error_reason: "held:closed_at_send", status_at: at })
    .where("id", "=", id)
    .where("direction", "=", "out")
    .where("status", "=", "failed")
    .where("error_code", "=", errorCode)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A held message goes back to the queue (the window is open again); false if it was not held. */
export async function releaseHeldMessage(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("messages")
    .set({ status: "queued", error_code: null, error_reason: null, status_at: at })
    .where("id", "=", id)
    .where("status", "=", "held")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Outbound messages that failed since `since`, by sending number (health on Home). */
export async function countFailedSince(db: Kysely<Database>, since: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversation_id")
    .select(["conversations.phone_number_id as phoneNumberId", (eb) => eb.fn.countAll<string>().as("count")])
    .where("messages.status", "=", "failed")
    .where("messages.status_at", ">=", since)
    .where("messages.direction", "=", "out")
    .groupBy("conversations.phone_number_id")
    .execute();
  return new Map(rows.map((r) => [r.phoneNumberId, Number(r.count)]));
}

/** What the send job needs of a queued message and its conversation, read in one statement. */
export interface SendTarget {
  direction: string;
  status: MessageStatus;
  wamid: string | null;
  raw: string;
  sentByUserId: string | null;
  conversationId: string;
  phoneNumberId: string;
  role: ConversationRole;
}

export async function findSendTarget(
  db: Kysely<Database>,
  messageId: string,
): Promise<SendTarget | undefined> {
  const row = await sendTargetOf.first(db, messageId);
  return row
    ? {
        direction: row.direction,
        status: row.status,
        wamid: row.wamid,
        raw: row.raw,
        sentByUserId: row.sent_by_user_id,
        conversationId: row.conversation_id,
        phoneNumberId: row.phone_number_id,
        role: row.role,
      }
    : undefined;
}

const sendTargetOf = precompiled((db, messageId: string) =>
  db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversation_id")
    .select([
      "messages.direction",
      "messages.status",
      "messages.wamid",
      "messages.raw",
      "messages.sent_by_user_id",
      "messages.conversation_id",
      "conversations.phone_number_id",
      "conversations.role",
    ])
    .where("messages.id", "=", messageId),
);
