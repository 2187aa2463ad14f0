import fs from "node:fs";
import path from "node:path";
import type { Config } from "../platform/config.js";
import {
  dumpPostgres,
  postgresFacts,
  type SnapshotFacts,
  snapshotSqlite,
  sqliteFacts,
} from "./backup.repository.js";
import { type ArchiveSource, hashFile, writeArchive } from "./backup-archive.js";
import { sealKey } from "./backup-key.js";
import {
  beedeskVersion,
  FILES_PREFIX,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestEntry,
  PGDUMP_ENTRY,
  SEALED_KEY_ENTRY,
  SQLITE_ENTRY,
} from "./backup-manifest.js";
import { ToolMissingError } from "./pg-tools.js";

export type BackupProgress =
  | { step: "database"; fraction: number }
  | { step: "files"; count: number }
  | { step: "archive"; fraction: number };

export interface BackupOptions {
  /** The archive to write (.tar.gz); it must not exist yet. */
  out: string;
  /** Seal the secret key into the backup with this passphrase; without one the key is left out. */
  passphrase?: string;
  /** PostgreSQL schema (tests give each run its own); the URL's default otherwise. */
  pgSchema?: string;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupResult {
  out: string;
  manifest: Manifest;
  bytes: number;
  /** What the operator must hear: the key left out, the database not dumped… */
  warnings: string[];
}

/** Files of the data folder that a backup never takes: the live database (snapshotted instead), the key, temp files. */
const SKIPPED = /^(beedesk\.sqlite(-wal|-shm|-journal)?|secret\.key|backups\/.*|\.beedesk-.*|.*\.part)$/;

async function dataFiles(dataDir: string, exclude: Set<string>): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(dataDir, full).split(path.sep).join("/");
      if (SKIPPED.test(relative) || exclude.has(full)) continue;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(relative);
    }
  };
  await walk(dataDir);
  return found.sort();
}

function existingKey(config: Config): Buffer | undefined {
  if (config.secretKey) return config.secretKey;
  try {
    return Buffer.from(fs.readFileSync(path.join(config.dataDir, "secret.key"), "utf8").trim(), "base64");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The exact command an operator runs when pg_dump is not installed here. */
export const PG_DUMP_BY_HAND =
  'pg_dump --format=custom --no-owner --no-privileges --file=beedesk.pgdump "$DATABASE_URL"';

/**
 * A consistent backup of a running beedesk: the database (SQLite online backup, or pg_dump) and every file
 * of the data folder, with a manifest of checksums, written to a temporary name and renamed when complete.
 */
export async function createBackup(config: Config, options: BackupOptions): Promise<BackupResult> {
  const out = path.resolve(options.out);
  if (fs.existsSync(out)) throw new Error(`${out} already exists; choose a new file name`);
  const progress = options.onProgress ?? (() => {});
  const warnings: string[] = [];
  const stage = await fs.promises.mkdtemp(path.join(path.dirname(out), ".beedesk-backup-"));
  try {
    const sources: ArchiveSource[] = [];
    const entries: ManifestEntry[] = [];
    const add = async (entryPath: string, file: string) => {
      const { size, sha256 } = await hashFile(file);
      entries.push({ path: entryPath, size, sha256 });
      sources.push({ path: entryPath, file, size });
    };

    let facts: SnapshotFacts;
    let databaseIncluded = true;
    if (config.database.kind === "sqlite") {
      const snapshot = path.join(stage, "beedesk.sqlite");
      await snapshotSqlite(config.database.file, snapshot, (fraction) =>
        progress({ step: "database", fraction }),
      );
      facts = sqliteFacts(snapshot);
      await add(SQLITE_ENTRY, snapshot);
    } else {
      const dump = path.join(stage, "beedesk.pgdump");
      try {
        progress({ step: "database", fraction: 0 });
        facts = await dumpPostgres(config.database.url, dump, options.pgSchema);
        progress({ step: "database", fraction: 1 });
        await add(PGDUMP_ENTRY, dump);
      } catch (error) {
        if (!(error instanceof ToolMissingError)) throw error;
        databaseIncluded = false;
        facts = await postgresFacts(config.database.url, options.pgSchema);
        warnings.push(
          `pg_dump is not installed, so this backup holds the files only. Install PostgreSQL's client tools (Debian: apt-get install postgresql-client) or run, at the same time: ${PG_DUMP_BY_HAND}`,
        );
      }
    }

    const files = await dataFiles(config.dataDir, new Set([out, stage]));
    for (const [i, relative] of files.entries()) {
      await add(`${FILES_PREFIX}${relative}`, path.join(config.dataDir, relative));
      progress({ step: "files", count: i + 1 });
    }

    const key = existingKey(config);
    let secretKey: Manifest["secretKey"] = "absent";
    if (key && options.passphrase) {
      const sealed = sealKey(key, options.passphrase);
      const sealedFile = path.join(stage, "secret.key.sealed");
      await fs.promises.writeFile(sealedFile, sealed, { mode: 0o600 });
      await add(SEALED_KEY_ENTRY, sealedFile);
      secretKey = "sealed";
    } else if (key) {
      warnings.push(
        `The secret key is NOT in this backup. Keep ${config.secretKey ? "BEEDESK_SECRET_KEY" : path.join(config.dataDir, "secret.key")} somewhere safe, apart from the backup: without it the store credentials kept in tickets cannot be read after a restore. (Or back up with a passphrase to seal the key inside.)`,
      );
    }

    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_VERSION,
      beedeskVersion: beedeskVersion(),
      createdAt: new Date().toISOString(),
      database: config.database.kind,
      databaseIncluded,
      migrations: facts.migrations,
      counts: facts.counts,
      secretKey,
      entries,
    };
    const manifestData = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    const total = sources.reduce((sum, s) => sum + s.size, 0) + manifestData.length;
    await writeArchive(
      out,
      [{ path: MANIFEST_NAME, data: manifestData, size: manifestData.length }, ...sources],
      (done) => progress({ step: "archive", fraction: total ? done / total : 1 }),
    );
    return { out, manifest, bytes: (await fs.promises.stat(out)).size, warnings };
  } finally {
    await fs.promises.rm(stage, { recursive: true, force: true });
  }
}
