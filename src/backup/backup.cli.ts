import fs from "node:fs";
import { parseArgs } from "node:util";
import type { Config } from "../platform/config.js";
import { type BackupProgress, createBackup } from "./backup.service.js";
import { ArchiveError } from "./backup-archive.js";
import { readPassphrase } from "./backup-key.js";
import { restoreBackup } from "./restore.service.js";

const BACKUP_USAGE = `Usage: beedesk backup <file.tar.gz> [--key-passphrase-file FILE]
  --key-passphrase-file FILE   seal the secret key into the backup with the passphrase in FILE (first line,
                               12 characters or more); without it the key stays out and must be kept apart`;
const RESTORE_USAGE = `Usage: beedesk restore <file.tar.gz> [--key-passphrase-file FILE | --without-key]
  restores into the data folder (BEEDESK_DATA_DIR), which must be empty or missing; on PostgreSQL also into
  the database of DATABASE_URL, which must hold no beedesk tables`;

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

const STDIO: CliIo = { out: process.stdout, err: process.stderr };

/** One status line, rewritten in place on a terminal, printed at each tenth otherwise. */
function progressLine(io: CliIo) {
  let last = "";
  return (text: string, fraction?: number) => {
    const pct = fraction === undefined ? "" : ` ${Math.floor(fraction * 100)}%`;
    const line = `${text}${pct}`;
    if (io.err.isTTY) io.err.write(`\r\u001b[K${line}`);
    else {
      const key = `${text}${fraction === undefined ? "" : Math.floor(fraction * 10)}`;
      if (key !== last) io.err.write(`${line}\n`);
      last = key;
    }
  };
}

function describe(p: BackupProgress): [string, number | undefined] {
  if (p.step === "database") return ["database snapshot", p.fraction];
  if (p.step === "files") return [`files checked: ${p.count}`, undefined];
  return ["writing the archive", p.fraction];
}

function passphraseFrom(file: string | undefined): string | undefined {
  return file === undefined ? undefined : readPassphrase(fs.readFileSync(file, "utf8"));
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `beedesk backup <file.tar.gz>` */
export async function backupCommand(args: string[], config: Config, io: CliIo = STDIO): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { "key-passphrase-file": { type: "string" } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({
      args,
      options: { "key-passphrase-file": { type: "string" } },
      allowPositionals: true,
    });
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : error}\n${BACKUP_USAGE}\n`);
    return 2;
  }
  const out = parsed.positionals[0];
  if (!out || parsed.positionals.length > 1) {
    io.err.write(`${BACKUP_USAGE}\n`);
    return 2;
  }
  const show = progressLine(io);
  const started = Date.now();
  try {
    const result = await createBackup(config, {
      out,
      passphrase: passphraseFrom(parsed.values["key-passphrase-file"]),
      onProgress: (p) => show(...describe(p)),
    });
    if (io.err.isTTY) io.err.write("\n");
    const counts = Object.entries(result.manifest.counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(", ");
    io.out.write(
      `Backup written: ${result.out} (${mb(result.bytes)}, ${result.manifest.entries.length} entries, ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
        `Migration level: ${result.manifest.migrations.at(-1) ?? "none"}; ${counts}\n` +
        `Secret key: ${result.manifest.secretKey === "sealed" ? "sealed inside with your passphrase" : "not included"}\n`,
    );
    for (const warning of result.warnings) io.err.write(`\nWARNING: ${warning}\n`);
    return result.manifest.databaseIncluded ? 0 : 3;
  } catch (error) {
    if (io.err.isTTY) io.err.write("\n");
    io.err.write(`beedesk backup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `beedesk restore <file.tar.gz>` */
export async function restoreCommand(args: string[], config: Config, io: CliIo = STDIO): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: { "key-passphrase-file": { type: "string" }; "without-key": { type: "boolean" } };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args,
      options: { "key-passphrase-file": { type: "string" }, "without-key": { type: "boolean" } },
      allowPositionals: true,
    });
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : error}\n${RESTORE_USAGE}\n`);
    return 2;
  }
  const archive = parsed.positionals[0];
  if (!archive || parsed.positionals.length > 1) {
    io.err.write(`${RESTORE_USAGE}\n`);
    return 2;
  }
  const show = progressLine(io);
  try {
    const result = await restoreBackup(config, {
      archive,
      passphrase: passphraseFrom(parsed.values["key-passphrase-file"]),
      withoutKey: parsed.values["without-key"] ?? false,
      onProgress: (bytes, total) => show(`reading and checking ${mb(total)}`, total ? bytes / total : 1),
    });
    if (io.err.isTTY) io.err.write("\n");
    io.out.write(
      `Restored ${result.manifest.createdAt} backup (beedesk ${result.manifest.beedeskVersion}, migration ${result.manifest.migrations.at(-1) ?? "none"}) into ${config.dataDir}. Start beedesk as usual (npm start).\n`,
    );
    for (const warning of result.warnings) io.err.write(`WARNING: ${warning}\n`);
    return 0;
  } catch (error) {
    if (io.err.isTTY) io.err.write("\n");
    const message = error instanceof Error ? error.message : String(error);
    io.err.write(`beedesk restore: ${error instanceof ArchiveError ? `${archive}: ${message}` : message}\n`);
    return 1;
  }
}
