import type { Kysely } from "kysely";
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
 * `cutoff`, and then it is set to `at`. The conditional UPDATE (or the INSERT that conflicts) decides
 * under concurrency: on PostgreSQL the second transaction re-checks the condition on the committed row
 * and updates nothing; SQLite runs one writer at a time.
 */
export async function claimMarker(
  db: Kysely<Database>,
  conversationId: string,
  marker: Marker,
  cutoff: string,
  at: string,
): Promise<boolean> {
  if ((await renewMarker.run(db, at, conversationId, marker, cutoff)) > 0) return true;
  return (await insertMarker.run(db, conversationId, marker, at)) > 0;
}

const renewMarker = precompiled((db, at: string, conversationId: string, marker: string, cutoff: string) =>
  db
    .updateTable("policy_markers")
    .set({ sent_at: at })
    .where("conversation_id", "=", conversationId)
    .where("marker", "=", marker)
    .where("sent_at", "<", cutoff),
);

const insertMarker = precompiled((db, conversationId: string, marker: string, at: string) =>
  db
    .insertInto("policy_markers")
    .values({ conversation_id: conversationId, marker, sent_at: at })
    .onConflict((oc) => oc.columns(["conversation_id", "marker"]).doNothing()),
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
