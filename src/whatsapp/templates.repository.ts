import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type {
  AutomaticOutcome,
  WhatsAppAutomaticMessagesTable,
  WhatsAppTemplatesTable,
} from "./whatsapp.tables.js";

// The WABA's message templates as last synced (or told by a status webhook), and the automatic messages
// that met the 24-hour window.

export interface TemplateRecord {
  id: string;
  metaId: string | null;
  name: string;
  language: string;
  status: string;
  category: string;
  components: unknown[];
  rejectedReason: string | null;
  updatedAt: string;
}

const TEMPLATE_COLUMNS = [
  "id",
  "meta_id",
  "name",
  "language",
  "status",
  "category",
  "components",
  "rejected_reason",
  "updated_at",
] as const;

function toRecord(row: WhatsAppTemplatesTable): TemplateRecord {
  let components: unknown[] = [];
  try {
    const parsed = JSON.parse(row.components) as unknown;
    if (Array.isArray(parsed)) components = parsed;
  } catch {}
  return {
    id: row.id,
    metaId: row.meta_id,
    name: row.name,
    language: row.language,
    status: row.status,
    category: row.category,
    components,
    rejectedReason: row.rejected_reason,
    updatedAt: row.updated_at,
  };
}

export async function listTemplates(db: Kysely<Database>): Promise<TemplateRecord[]> {
  const rows = await db
    .selectFrom("whatsapp_templates")
    .select(TEMPLATE_COLUMNS)
    .orderBy("name")
    .orderBy("language")
    .execute();
  return rows.map(toRecord);
}

export async function findTemplate(
  db: Kysely<Database>,
  name: string,
  language: string,
): Promise<TemplateRecord | undefined> {
  const row = await db
    .selectFrom("whatsapp_templates")
    .select(TEMPLATE_COLUMNS)
    .where("name", "=", name)
    .where("language", "=", language)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export interface TemplateUpsert {
  id: string;
  metaId: string | null;
  name: string;
  language: string;
  status: string;
  category: string;
  components: unknown[];
  rejectedReason: string | null;
  updatedAt: string;
}

/** Insert or replace the template named by (name, language). */
export async function upsertTemplate(db: Kysely<Database>, t: TemplateUpsert): Promise<void> {
  const values = {
    meta_id: t.metaId,
    status: t.status,
    category: t.category,
    components: JSON.stringify(t.components),
    rejected_reason: t.rejectedReason,
    updated_at: t.updatedAt,
  };
  await db
    .insertInto("whatsapp_templates")
    .values({ id: t.id, name: t.name, language: t.language, ...values })
    .onConflict((oc) => oc.columns(["name", "language"]).doUpdateSet(values))
    .execute();
}

/** A status webhook: the template named by Meta's id, or else by name and language. */
export async function setTemplateStatus(
  db: Kysely<Database>,
  match: { metaId: string | null; name: string; language: string },
  status: string,
  reason: string | null,
  at: string,
): Promise<number> {
  let query = db.updateTable("whatsapp_templates").set({ status, rejected_reason: reason, updated_at: at });
  query =
    match.metaId !== null
      ? query.where((eb) =>
          eb.or([
            eb("meta_id", "=", match.metaId),
            eb.and([eb("name", "=", match.name), eb("language", "=", match.language)]),
          ]),
        )
      : query.where("name", "=", match.name).where("language", "=", match.language);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Templates no longer on the WABA after a full sync. */
export async function deleteTemplatesExcept(db: Kysely<Database>, keepIds: string[]): Promise<void> {
  let query = db.deleteFrom("whatsapp_templates");
  if (keepIds.length > 0) query = query.where("id", "not in", keepIds);
  await query.execute();
}

export async function recordAutomatic(
  db: Kysely<Database>,
  row: WhatsAppAutomaticMessagesTable,
): Promise<void> {
  await db.insertInto("whatsapp_automatic_messages").values(row).execute();
}

export async function findAutomatic(
  db: Kysely<Database>,
  messageId: string,
): Promise<WhatsAppAutomaticMessagesTable | undefined> {
  return db
    .selectFrom("whatsapp_automatic_messages")
    .selectAll()
    .where("message_id", "=", messageId)
    .executeTakeFirst();
}

export async function setAutomaticOutcome(
  db: Kysely<Database>,
  messageId: string,
  outcome: AutomaticOutcome,
  at: string | null,
): Promise<void> {
  await db
    .updateTable("whatsapp_automatic_messages")
    .set({ outcome, released_at: at })
    .where("message_id", "=", messageId)
    .execute();
}

/** The held messages of a conversation, oldest first. */
export async function listHeld(db: Kysely<Database>, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("whatsapp_automatic_messages")
    .select("message_id")
    .where("conversation_id", "=", conversationId)
    .where("outcome", "=", "held")
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.message_id);
}
