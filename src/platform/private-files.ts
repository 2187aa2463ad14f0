import fs from "node:fs";
import path from "node:path";

/** The data folder and everything beedesk writes in it are the service account's alone. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Create a folder (and missing parents) readable by the owner only; tighten it if it already exists. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/**
 * Make sure the SQLite file exists with mode 0600 before SQLite opens it: SQLite gives the -wal and -shm
 * files it creates the database file's mode. Files of an older install, created 0644, are tightened.
 */
export function preparePrivateSqliteFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, "a", PRIVATE_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) tighten(f, PRIVATE_FILE_MODE);
}

function tighten(target: string, mode: number): void {
  try {
    const stat = fs.statSync(target);
    if ((stat.mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing (a -wal not created yet) or not ours to change (a folder the operator owns): leave it.
    if (code !== "ENOENT" && code !== "EPERM") throw error;
  }
}
