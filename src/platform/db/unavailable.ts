/**
 * Errors that mean "the database cannot take writes right now" rather than "this request is wrong": a full or
 * read-only disk, an I/O error, a lock held too long, a PostgreSQL server out of space, shutting down or out of
 * reach. Callers answer 503 for these, so a sender that retries (Meta does, for hours) delivers again later.
 */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== "string") return false;
  // better-sqlite3 (extended codes start with the primary one, e.g. SQLITE_READONLY_DBMOVED).
  if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL)/.test(code)) return true;
  // File system, for the data folder (media, invoices) and the SQLite file itself.
  if (code === "ENOSPC" || code === "EROFS" || code === "EDQUOT" || code === "EIO") return true;
  // Network trouble reaching PostgreSQL.
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ETIMEDOUT" || code === "EPIPE")
    return true;
  // PostgreSQL SQLSTATE: 53 insufficient resources (53100 disk_full), 08 connection exception,
  // 57P01-57P03 shutting down or starting, 25006 read-only transaction (a standby), 40001/40P01 retry.
  return /^(53\d{3}|08\d{3}|57P0[123]|25006|40001|40P01)$/.test(code);
}
