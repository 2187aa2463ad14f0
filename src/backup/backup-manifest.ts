import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../platform/paths.js";

/** What a backup archive says about itself; the first entry of every archive (`manifest.json`). */
export const MANIFEST_NAME = "manifest.json";
export const MANIFEST_FORMAT = "beedesk-backup";
export const MANIFEST_VERSION = 1;

/** Archive paths: the database under database/, the data folder's files under files/, the sealed key at the top. */
export const SQLITE_ENTRY = "database/beedesk.sqlite";
export const PGDUMP_ENTRY = "database/beedesk.pgdump";
export const SEALED_KEY_ENTRY = "secret.key.sealed";
export const FILES_PREFIX = "files/";

const entry = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.literal(MANIFEST_VERSION),
  beedeskVersion: z.string(),
  createdAt: z.string(),
  /** sqlite: a snapshot file; postgres: a pg_dump custom-format file, or none when pg_dump was missing. */
  database: z.enum(["sqlite", "postgres"]),
  databaseIncluded: z.boolean(),
  /** Migrations applied in the snapshot, in order; the last one is the migration level. */
  migrations: z.array(z.string()),
  /** Row counts of the main tables in the snapshot. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** "sealed": the secret key is inside, encrypted with the operator's passphrase; "absent": kept apart. */
  secretKey: z.enum(["sealed", "absent"]),
  entries: z.array(entry),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entry>;

/** The tables whose row counts a manifest records (those a restore is checked against). */
export const COUNTED_TABLES = [
  "users",
  "customers",
  "licenses",
  "contacts",
  "conversations",
  "messages",
  "tickets",
  "ticket_messages",
  "ticket_attachments",
  "engagements",
  "invoices",
  "mail_messages",
  "audit_log",
] as const;

let version: string | undefined;

export function beedeskVersion(): string {
  version ??= (
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }
  ).version;
  return version;
}
