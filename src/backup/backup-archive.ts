import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import type { ManifestEntry } from "./backup-manifest.js";

// A backup is a gzip-compressed tar: manifest.json first, then each entry the manifest lists.

/** Names an archive may hold: no absolute paths, no "..", nothing but plain names. */
const ENTRY_NAME =
  /^(manifest\.json|secret\.key\.sealed|database\/beedesk\.(sqlite|pgdump)|files\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/;

export function isSafeEntryName(name: string): boolean {
  return ENTRY_NAME.test(name) && !name.split("/").some((part) => part === "." || part === "..");
}

export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest("hex") };
}

export interface ArchiveSource {
  path: string;
  /** A file on disk, or bytes. */
  file?: string;
  data?: Buffer;
  size: number;
}

/** Writes the archive to `out` (a temporary name first, renamed when complete). */
export async function writeArchive(
  out: string,
  sources: ArchiveSource[],
  onBytes: (done: number) => void,
): Promise<void> {
  const temp = `${out}.${process.pid}.part`;
  const tar = await loadTar();
  const pack = tar.pack();
  const written = pipeline(pack, zlib.createGzip({ level: 6 }), fs.createWriteStream(temp, { mode: 0o600 }));
  written.catch(() => {}); // awaited below; a write error also fails the entries
  let done = 0;
  try {
    for (const source of sources) {
      const header = { name: source.path, size: source.size, mode: 0o600, mtime: new Date(0) };
      const data = source.data;
      if (data) {
        await new Promise<void>((resolve, reject) =>
          pack.entry(header, data, (error) => (error ? reject(error) : resolve())),
        );
      } else {
        const entry = pack.entry(header);
        const input = fs.createReadStream(source.file as string);
        input.on("data", (chunk) => {
          done += chunk.length;
          onBytes(done);
        });
        await pipeline(input, entry);
        continue;
      }
      done += source.size;
      onBytes(done);
    }
    pack.finalize();
    await written;
    await fs.promises.rename(temp, out);
  } catch (error) {
    pack.destroy();
    await written.catch(() => {});
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

export class ArchiveError extends Error {
  constructor(
    message: string,
    /** foreign: not a beedesk backup at all; damaged: a beedesk backup that fails its checks. */
    readonly kind: "foreign" | "damaged",
  ) {
    super(message);
    this.name = "ArchiveError";
  }
}

export interface ArchiveReader {
  /** Called with the first entry's bytes (the manifest); throw to stop. */
  onManifest(data: Buffer): void;
  /** Where an entry's bytes go. */
  onEntry(name: string, stream: Readable): Promise<void>;
  /** Bytes of entries read so far. */
  onBytes?(total: number): void;
}

/** Reads an archive entry by entry, hashing each; returns what was read (the manifest excluded). */
export async function readArchive(file: string, reader: ArchiveReader): Promise<ManifestEntry[]> {
  const tar = await loadTar();
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  const extract = tar.extract();
  const fail = (error: Error) => extract.destroy(error);
  input.on("error", fail);
  gunzip.on("error", fail);
  input.pipe(gunzip).pipe(extract);
  const seen: ManifestEntry[] = [];
  let manifestRead = false;
  let total = 0;
  let fromReader: unknown;
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifestRead) {
        if (name !== "manifest.json")
          throw new ArchiveError("not a beedesk backup (no manifest first)", "foreign");
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        try {
          reader.onManifest(Buffer.concat(chunks));
        } catch (error) {
          fromReader = error;
          throw error;
        }
        manifestRead = true;
        continue;
      }
      if (entry.header.type !== "file" || !isSafeEntryName(name) || name === "manifest.json") {
        throw new ArchiveError(`damaged: unexpected entry ${JSON.stringify(name)}`, "damaged");
      }
      if (seen.some((e) => e.path === name))
        throw new ArchiveError(`damaged: ${name} appears twice`, "damaged");
      const hash = createHash("sha256");
      let size = 0;
      const hashing = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          total += chunk.length;
          reader.onBytes?.(total);
          done(null, chunk);
        },
      });
      await Promise.all([
        pipeline(entry, hashing),
        reader.onEntry(name, hashing).catch((error: unknown) => {
          fromReader = error;
          throw error;
        }),
      ]);
      seen.push({ path: name, size, sha256: hash.digest("hex") });
    }
  } catch (error) {
    input.destroy();
    if (error instanceof ArchiveError || (fromReader !== undefined && error === fromReader)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new ArchiveError(`cannot read ${file}`, "foreign");
    if (!manifestRead) throw new ArchiveError(`not a beedesk backup (${message})`, "foreign");
    throw new ArchiveError(`damaged: ${message}`, "damaged");
  }
  if (!manifestRead) throw new ArchiveError("not a beedesk backup (empty archive)", "foreign");
  return seen;
}

/** Writes an entry's bytes to `file`, creating its folder. */
export async function saveEntry(stream: Readable, file: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await pipeline(stream, fs.createWriteStream(file, { mode: 0o600 }));
}

/** tar-stream is loaded on first use: a desk that never backs up does not pay for it at start-up. */
async function loadTar() {
  return (await import("tar-stream")).default;
}
