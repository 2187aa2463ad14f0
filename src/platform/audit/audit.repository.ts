import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { AuditLogTable } from "./audit.tables.js";

export interface AuditEntry {
  actorType: AuditLogTable["actor_type"];
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  at: string;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      id: newId(),
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details ?? {}),
      created_at: entry.at,
    })
    .execute();
}

export async function listAudit(db: Kysely<Database>, subjectType: string, subjectId: string) {
  const rows = await db
    .selectFrom("audit_log")
    .select(["id", "actor_type", "actor_id", "action", "details", "created_at"])
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    details: JSON.parse(r.details) as Record<string, unknown>,
    at: r.created_at,
  }));
}

/** The latest `limit` entries about a subject, newest first (run logs such as retention's). */
export async function listRecentAudit(
  db: Kysely<Database>,
  subjectType: string,
  subjectId: string,
  limit: number,
) {
  const rows = await db
    .selectFrom("audit_log")
    .select(["id", "actor_type", "actor_id", "action", "details", "created_at"])
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    details: JSON.parse(r.details) as Record<string, unknown>,
    at: r.created_at,
  }));
}

/** Erasure: the details of earlier entries about these subjects may hold personal data; the entries stay. */
export async function scrubAuditDetails(db: Kysely<Database>, subjectIds: string[]): Promise<void> {
  if (!subjectIds.length) return;
  await db.updateTable("audit_log").set({ details: "{}" }).where("subject_id", "in", subjectIds).execute();
}
