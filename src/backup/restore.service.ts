import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Config } from "../platform/config.js";
import { migrations as knownMigrations } from "../platform/db/migrations/index.js";
import { postgresHasBeedesk, restorePostgres, sqliteFacts } from "./backup.repository.js";
import { ArchiveError, readArchive, saveEntry } from "./backup-archive.js";
import { openKey } from "./backup-key.js";
import {
  FILES_PREFIX,
  MANIFEST_FORMAT,
  type Manifest,
  manifestSchema,
  PGDUMP_ENTRY,
  SEALED_KEY_ENTRY,
  SQLITE_ENTRY,
} from "./backup-manifest.js";

export interface RestoreOptions {
  archive: string;
  /** Opens the sealed secret key; required when the backup holds one, unless `withoutKey`. */
  passphrase?: string;
  /** Restore without the sealed key (the operator provides BEEDESK_SECRET_KEY or secret.key). */
  withoutKey?: boolean;
  pgSchema?: string;
  /** Bytes read so far of the total the manifest lists. */
  onProgress?: (bytes: number, total: number) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  warnings: string[];
}

/** A refusal or a failed check: one clear line for the operator. */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await fs.promises.readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

function parseManifest(data: Buffer, config: Config, options: RestoreOptions): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(data.toString("utf8"));
  } catch {
    throw new ArchiveError("not a beedesk backup (its manifest is not JSON)", "foreign");
  }
  if ((json as { format?: unknown })?.format !== MANIFEST_FORMAT) {
    throw new ArchiveError("not a beedesk backup (foreign manifest)", "foreign");
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new ArchiveError("damaged: the manifest does not read as a beedesk manifest", "damaged");
  const manifest = parsed.data;
  const unknown = manifest.migrations.filter((name) => !(name in knownMigrations));
  if (unknown.length) {
    throw new RestoreError(
      `this backup comes from a newer beedesk (${manifest.beedeskVersion}, migration ${unknown.at(-1)}); install that version or later to restore it`,
    );
  }
  if (manifest.database !== config.database.kind) {
    throw new RestoreError(
      manifest.database === "sqlite"
        ? "this is a backup of a SQLite desk: unset DATABASE_URL to restore it"
        : "this is a backup of a PostgreSQL desk: set DATABASE_URL to an empty PostgreSQL database to restore it",
    );
  }
  if (!manifest.databaseIncluded) {
    throw new RestoreError(
      "this backup holds no database (pg_dump was missing when it was made): restore the separate pg_dump file with pg_restore first",
    );
  }
  if (manifest.secretKey === "sealed" && !options.passphrase && !options.withoutKey) {
    throw new RestoreError(
      "this backup holds the secret key sealed with a passphrase: pass --key-passphrase-file FILE (or --without-key if you provide BEEDESK_SECRET_KEY yourself)",
    );
  }
  return manifest;
}

/**
 * Restores a backup into an empty data folder (and, on PostgreSQL, an empty database). Everything is read
 * into a folder beside the target and checked (manifest, every checksum, the database's own check and row
 * counts) before the target is touched; the folder is then renamed into place, so a failure leaves nothing.
 */
export async function restoreBackup(config: Config, options: RestoreOptions): Promise<RestoreResult> {
  const target = path.resolve(config.dataDir);
  if (!(await isEmptyOrMissing(target))) {
    throw new RestoreError(`${target} is not empty: restore only into an empty data folder`);
  }
  if (
    config.database.kind === "postgres" &&
    (await postgresHasBeedesk(config.database.url, options.pgSchema))
  ) {
    throw new RestoreError(
      "the PostgreSQL database already holds beedesk tables: restore only into an empty database",
    );
  }
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const stage = await fs.promises.mkdtemp(
    path.join(path.dirname(target), `.${path.basename(target)}.restore-`),
  );
  const data = path.join(stage, "data");
  const warnings: string[] = [];
  try {
    await fs.promises.mkdir(data, { mode: 0o700 });
    let manifest: Manifest | undefined;
    const where = (name: string): string | undefined => {
      if (name === SQLITE_ENTRY)
        return path.join(
          data,
          path.basename(config.database.kind === "sqlite" ? config.database.file : "beedesk.sqlite"),
        );
      if (name === PGDUMP_ENTRY) return path.join(stage, "beedesk.pgdump");
      if (name === SEALED_KEY_ENTRY) return path.join(stage, "secret.key.sealed");
      if (name.startsWith(FILES_PREFIX))
        return path.join(data, ...name.slice(FILES_PREFIX.length).split("/"));
      return undefined;
    };
    const seen = await readArchive(path.resolve(options.archive), {
      onBytes: (bytes) =>
        options.onProgress?.(bytes, manifest?.entries.reduce((sum, e) => sum + e.size, 0) ?? 0),
      onManifest: (raw) => {
        manifest = parseManifest(raw, config, options);
      },
      onEntry: async (name: string, stream: Readable) => {
        const file = where(name);
        if (!file || !manifest?.entries.some((e) => e.path === name)) {
          throw new ArchiveError(`damaged: ${name} is not in the manifest`, "damaged");
        }
        await saveEntry(stream, file);
      },
    });
    if (!manifest) throw new ArchiveError("not a beedesk backup (empty archive)", "foreign");
    for (const expected of manifest.entries) {
      const got = seen.find((e) => e.path === expected.path);
      if (!got) throw new ArchiveError(`damaged: ${expected.path} is missing`, "damaged");
      if (got.size !== expected.size || got.sha256 !== expected.sha256) {
        throw new ArchiveError(`damaged: ${expected.path} does not match its checksum`, "damaged");
      }
    }

    if (manifest.secretKey === "sealed" && options.passphrase) {
      const key = openKey(
        await fs.promises.readFile(path.join(stage, "secret.key.sealed")),
        options.passphrase,
      );
      await fs.promises.writeFile(path.join(data, "secret.key"), key.toString("base64"), { mode: 0o600 });
      if (config.secretKey && !config.secretKey.equals(key)) {
        warnings.push(
          "BEEDESK_SECRET_KEY differs from the key in this backup: unset it to use the restored key",
        );
      }
    } else if (manifest.secretKey === "absent") {
      warnings.push(
        "this backup holds no secret key: provide the original one (BEEDESK_SECRET_KEY or secret.key in the data folder) before starting beedesk, or the store credentials in tickets cannot be read",
      );
    }

    if (config.database.kind === "sqlite") {
      const file = where(SQLITE_ENTRY) as string;
      let facts: ReturnType<typeof sqliteFacts>;
      try {
        facts = sqliteFacts(file, { check: true });
      } catch (error) {
        throw new ArchiveError(
          `damaged: ${error instanceof Error ? error.message : String(error)}`,
          "damaged",
        );
      }
      for (const [table, count] of Object.entries(manifest.counts)) {
        if (facts.counts[table] !== count) {
          throw new ArchiveError(
            `damaged: ${table} holds ${facts.counts[table]} rows, the manifest says ${count}`,
            "damaged",
          );
        }
      }
    } else {
      // All or nothing: pg_restore runs in one transaction.
      await restorePostgres(config.database.url, path.join(stage, "beedesk.pgdump"));
    }

    if (!(await isEmptyOrMissing(target))) {
      throw new RestoreError(`${target} is no longer empty: something else wrote to it during the restore`);
    }
    await fs.promises.rm(target, { recursive: true, force: true });
    await fs.promises.rename(data, target);
    return { manifest, warnings };
  } finally {
    await fs.promises.rm(stage, { recursive: true, force: true });
  }
}
