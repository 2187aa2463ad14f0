import type { Kysely } from "kysely";
import type { AuditLogTable } from "../platform/audit/audit.tables.js";
import type { Database } from "../platform/db/schema.js";
import type { CustomerPhonesTable, CustomersTable, LicensesTable } from "./licenses.tables.js";

// Multi-row inserts for the CSV import: one statement per chunk instead of one per row keeps a
// 100,000-row file to seconds. Chunks stay well under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 400;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Customers whose email is not taken yet are inserted; the others are left as they are. */
export async function insertCustomersIgnoringTaken(db: Kysely<Database>, rows: CustomersTable[]) {
  await inChunks(rows, (chunk) =>
    db
      .insertInto("customers")
      .values(chunk)
      .onConflict((oc) => oc.column("email").doNothing())
      .execute(),
  );
}

/** Phones not stored yet are added; a phone that belongs to anyone already is left alone. */
export async function insertPhonesIgnoringTaken(db: Kysely<Database>, rows: CustomerPhonesTable[]) {
  await inChunks(rows, (chunk) =>
    db
      .insertInto("customer_phones")
      .values(chunk)
      .onConflict((oc) => oc.column("phone").doNothing())
      .execute(),
  );
}

/** Licenses whose key and (order, product) are free are inserted; returns how many were written. */
export async function insertLicensesIgnoringTaken(
  db: Kysely<Database>,
  rows: LicensesTable[],
): Promise<number> {
  let written = 0;
  await inChunks(rows, async (chunk) => {
    const result = await db
      .insertInto("licenses")
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  });
  return written;
}

/** The audit trail of an import, in bulk (same rows recordAudit writes one by one). */
export async function insertAuditRows(db: Kysely<Database>, rows: AuditLogTable[]) {
  await inChunks(rows, (chunk) => db.insertInto("audit_log").values(chunk).execute());
}

/** License ids among `ids` that exist, to write audit rows only for the licenses actually inserted. */
export async function existingLicenseIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("licenses")
      .select("id")
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}
