import { type Kysely, sql } from "kysely";
import { precompiled } from "../platform/db/precompiled.js";
import type { Database } from "../platform/db/schema.js";
import type { Language } from "../settings/settings.schema.js";
import type { Marker } from "./decide.js";

/**
 * Records that the policy acts on an inbound message; false when it already has (a retried job).
 * Call first in the transaction that carries out the decision.
 */
const insertHandled = precompiled((db, messageId: string, at: string) =>
  db
    .insertInto("policy_handled_messages")
    .values({ message_id: messageId, handled_at: at })
    .onConflict((oc) => oc.column("message_id").doNothing()),
);

export async function markHandled(db: Kysely<Database>, messageId: string, at: string): Promise<boolean> {
  return (await insertHandled.run(db, messageId, at)) > 0;
}

/** When each auto-reply last went out in a conversation. */
export async function lastMarkers(
  db: Kysely<Database>,
  conversationId: string,
): Promise<Partial<Record<Marker, string>>> {
  const rows = await markersOf.execute(db, conversationId);
  return Object.fromEntries(rows.map((r) => [r.marker, r.sent_at]));
}

const markersOf = precompiled((db, conversationId: string) =>
  db.selectFrom("policy_markers").select(["marker", "sent_at"]).where("conversation_id", "=", conversationId),
);

/**
 * Claims a once-per-cooldown reply: true exactly when the marker was never set or was set before
 * `cutoff`, and then it is set to `at`. The conditional upsert decides under concurrency: on PostgreSQL the
 * second transaction waits for the first's row, re-checks the condition on the committed row and updates
 * nothing; SQLite runs one writer at a time.
 */
export async function claimMarker(
  db: Kysely<Database>,
  conversationId: string,
  marker: Marker,
  cutoff: string,
  at: string,
): Promise<boolean> {
  return (await upsertMarker.run(db, conversationId, marker, at, cutoff)) > 0;
}

/** One statement: the row is inserted, or updated only where its time is before the cutoff. */
const upsertMarker = precompiled((db, conversationId: string, marker: string, at: string, cutoff: string) =>
  db
    .insertInto("policy_markers")
    .values({ conversation_id: conversationId, marker, sent_at: at })
    .onConflict((oc) =>
      oc
        .columns(["conversation_id", "marker"])
        .doUpdateSet({ sent_at: at })
        .where("policy_markers.sent_at", "<", cutoff),
    ),
);

/** Sets a marker whatever its state (a reply the customer asked for still counts for the cooldown). */
export async function stampMarker(
  db: Kysely<Database>,
  conversationId: string,
  marker: Marker,
  at: string,
): Promise<void> {
  await db
    .insertInto("policy_markers")
    .values({ conversation_id: conversationId, marker, sent_at: at })
    .onConflict((oc) => oc.columns(["conversation_id", "marker"]).doUpdateSet({ sent_at: at }))
    .execute();
}

export interface LanguagePin {
  language: Language;
  pinnedBy: string | null;
  pinnedAt: string;
}

export async function findLanguagePin(
  db: Kysely<Database>,
  contactId: string,
): Promise<LanguagePin | undefined> {
  const row = await pinOf.first(db, contactId);
  return row
    ? { language: row.language === "es" ? "es" : "en", pinnedBy: row.pinned_by, pinnedAt: row.pinned_at }
    : undefined;
}

const pinOf = precompiled((db, contactId: string) =>
  db
    .selectFrom("policy_language_pins")
    .select(["language", "pinned_by", "pinned_at"])
    .where("contact_id", "=", contactId),
);

export async function pinLanguage(
  db: Kysely<Database>,
  contactId: string,
  language: Language,
  by: string | null,
  at: string,
): Promise<void> {
  await db
    .insertInto("policy_language_pins")
    .values({ contact_id: contactId, language, pinned_by: by, pinned_at: at })
    .onConflict((oc) => oc.column("contact_id").doUpdateSet({ language, pinned_by: by, pinned_at: at }))
    .execute();
}

/**
 * When the customer last wrote before this message (undefined for a first message): the greeting
 * comes back only to a contact who has been silent for longer than the cooldown.
 */
export async function previousInboundAt(
  db: Kysely<Database>,
  conversationId: string,
  message: { id: string; createdAt: string },
): Promise<string | undefined> {
  return (await inboundBefore.first(db, conversationId, message.createdAt, message.id))?.created_at;
}

const inboundBefore = precompiled((db, conversationId: string, createdAt: string, messageId: string) =>
  db
    .selectFrom("messages")
    .select("created_at")
    .where("conversation_id", "=", conversationId)
    .where("direction", "=", "in")
    .where("created_at", "<=", createdAt)
    .where("id", "<>", messageId)
    .orderBy("created_at", "desc")
    .limit(1),
);

export interface ConversationHistory {
  /** When each auto-reply last went out in the conversation (lastMarkers). */
  markers: Partial<Record<Marker, string>>;
  /** The contact's language pin (findLanguagePin). */
  pin: LanguagePin | undefined;
  /** When the customer last wrote before this message (previousInboundAt). */
  previousInboundAt: string | undefined;
}

/**
 * What the policy reads about a conversation before it decides, in ONE statement (every customer message
 * asks): the markers, the contact's language pin and the customer's previous message.
 */
export async function conversationHistory(
  db: Kysely<Database>,
  conversationId: string,
  contactId: string,
  message: { id: string; createdAt: string },
): Promise<ConversationHistory> {
  const { rows } = await sql<{ k: string; a: string; b: string | null; c: string | null }>`
    select 'm' as k, marker as a, sent_at as b, null as c from policy_markers where conversation_id = ${conversationId}
    union all
    select 'p', language, pinned_at, pinned_by from policy_language_pins where contact_id = ${contactId}
    union all
    select 'i', created_at, null, null from (
      select created_at from messages where conversation_id = ${conversationId} and direction = 'in'
        and created_at <= ${message.createdAt} and id <> ${message.id}
      order by created_at desc limit 1) previous`.execute(db);
  const history: ConversationHistory = { markers: {}, pin: undefined, previousInboundAt: undefined };
  for (const r of rows) {
    if (r.k === "m") history.markers[r.a as Marker] = r.b ?? "";
    else if (r.k === "i") history.previousInboundAt = r.a;
    else history.pin = { language: r.a === "es" ? "es" : "en", pinnedBy: r.c, pinnedAt: r.b ?? "" };
  }
  return history;
}
