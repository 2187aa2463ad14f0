import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { RunningTimersTable, TimeEntriesTable } from "./billing.tables.js";

export interface TimeEntry {
  id: string;
  engagementId: string;
  agreementId: string;
  userId: string;
  userName: string;
  minutes: number;
  note: string;
  source: "manual" | "timer";
  startedAt: string | null;
  endedAt: string | null;
  invoiceId: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunningTimer {
  userId: string;
  userName: string;
  engagementId: string;
  startedAt: string;
}

const ENTRY_COLUMNS = [
  "time_entries.id",
  "time_entries.engagement_id",
  "time_entries.agreement_id",
  "time_entries.user_id",
  "time_entries.minutes",
  "time_entries.note",
  "time_entries.source",
  "time_entries.started_at",
  "time_entries.ended_at",
  "time_entries.invoice_id",
  "time_entries.deleted_at",
  "time_entries.created_at",
  "time_entries.updated_at",
  "users.name as user_name",
] as const;

type EntryRow = Omit<TimeEntriesTable, never> & { user_name: string };

function entryRowToEntry(row: EntryRow): TimeEntry {
  return {
    id: row.id,
    engagementId: row.engagement_id,
    agreementId: row.agreement_id,
    userId: row.user_id,
    userName: row.user_name,
    minutes: row.minutes,
    note: row.note,
    source: row.source,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    invoiceId: row.invoice_id,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertTimeEntry(db: Kysely<Database>, row: TimeEntriesTable): Promise<void> {
  await db.insertInto("time_entries").values(row).execute();
}

export async function findTimeEntry(db: Kysely<Database>, id: string): Promise<TimeEntry | undefined> {
  const row = await db
    .selectFrom("time_entries")
    .innerJoin("users", "users.id", "time_entries.user_id")
    .select(ENTRY_COLUMNS)
    .where("time_entries.id", "=", id)
    .executeTakeFirst();
  return row ? entryRowToEntry(row) : undefined;
}

/** The engagement's entries in the order they were recorded; deleted ones only when asked. */
export async function listTimeEntries(
  db: Kysely<Database>,
  engagementId: string,
  options: { includeDeleted?: boolean } = {},
): Promise<TimeEntry[]> {
  let query = db
    .selectFrom("time_entries")
    .innerJoin("users", "users.id", "time_entries.user_id")
    .select(ENTRY_COLUMNS)
    .where("time_entries.engagement_id", "=", engagementId);
  if (!options.includeDeleted) query = query.where("time_entries.deleted_at", "is", null);
  const rows = await query.orderBy("time_entries.created_at").orderBy("time_entries.id").execute();
  return rows.map(entryRowToEntry);
}

/** Minutes recorded on the engagement (deleted entries excluded). */
export async function sumTimeEntryMinutes(db: Kysely<Database>, engagementId: string): Promise<number> {
  const row = await db
    .selectFrom("time_entries")
    .select((eb) => eb.fn.sum<number | string | null>("minutes").as("total"))
    .where("engagement_id", "=", engagementId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function updateTimeEntryRow(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<TimeEntriesTable, "minutes" | "note" | "deleted_at">>,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("time_entries")
    .set({ ...patch, updated_at: at })
    .where("id", "=", id)
    .where("invoice_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Locks the engagement's live entries into an invoice. */
export async function attachEntriesToInvoice(
  db: Kysely<Database>,
  engagementId: string,
  invoiceId: string,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable("time_entries")
    .set({ invoice_id: invoiceId, updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("deleted_at", "is", null)
    .where("invoice_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A credit note releases the entries it cancels, so they can be corrected and invoiced again. */
export async function releaseEntriesFromInvoice(
  db: Kysely<Database>,
  invoiceId: string,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable("time_entries")
    .set({ invoice_id: null, updated_at: at })
    .where("invoice_id", "=", invoiceId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- running timers

/** Starts a timer unless the user already runs one (anywhere): true when started. */
export async function insertRunningTimer(db: Kysely<Database>, row: RunningTimersTable): Promise<boolean> {
  const result = await db
    .insertInto("running_timers")
    .values(row)
    .onConflict((oc) => oc.column("user_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

const TIMER_COLUMNS = [
  "running_timers.user_id",
  "running_timers.engagement_id",
  "running_timers.started_at",
  "users.name as user_name",
] as const;

function timerRowToTimer(row: RunningTimersTable & { user_name: string }): RunningTimer {
  return {
    userId: row.user_id,
    userName: row.user_name,
    engagementId: row.engagement_id,
    startedAt: row.started_at,
  };
}

export async function findRunningTimer(
  db: Kysely<Database>,
  userId: string,
): Promise<RunningTimer | undefined> {
  const row = await db
    .selectFrom("running_timers")
    .innerJoin("users", "users.id", "running_timers.user_id")
    .select(TIMER_COLUMNS)
    .where("running_timers.user_id", "=", userId)
    .executeTakeFirst();
  return row ? timerRowToTimer(row) : undefined;
}

export async function listRunningTimers(db: Kysely<Database>, engagementId: string): Promise<RunningTimer[]> {
  const rows = await db
    .selectFrom("running_timers")
    .innerJoin("users", "users.id", "running_timers.user_id")
    .select(TIMER_COLUMNS)
    .where("running_timers.engagement_id", "=", engagementId)
    .orderBy("running_timers.started_at")
    .execute();
  return rows.map(timerRowToTimer);
}

/** Removes the user's timer on that engagement; returns it if there was one (only one caller gets it). */
export async function deleteRunningTimer(
  db: Kysely<Database>,
  userId: string,
  engagementId: string,
): Promise<RunningTimer | undefined> {
  const timer = await findRunningTimer(db, userId);
  if (!timer || timer.engagementId !== engagementId) return undefined;
  const result = await db
    .deleteFrom("running_timers")
    .where("user_id", "=", userId)
    .where("engagement_id", "=", engagementId)
    .where("started_at", "=", timer.startedAt)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1 ? timer : undefined;
}
