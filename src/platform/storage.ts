import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PRIVATE_DIR_MODE } from "./private-files.js";

/** Where files live (media, attachments): a local folder by default; keys are relative paths. */
export interface Storage {
  /** Write bytes under `key`; a stream may be cut short by `maxBytes` (throws TooLargeError, nothing kept). */
  put(
    key: string,
    data: Buffer | Readable | ReadableStream<Uint8Array>,
    options?: { maxBytes?: number },
  ): Promise<number>;
  get(key: string): Promise<Buffer | undefined>;
  stream(key: string): Promise<Readable | undefined>;
  delete(key: string): Promise<void>;
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
    this.name = "TooLargeError";
  }
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Files in a folder; writes go to a temporary name first, so a reader never sees half a file. */
export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!KEY_PATTERN.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
    return path.join(this.root, key);
  }

  async put(
    key: string,
    data: Buffer | Readable | ReadableStream<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<number> {
    const file = this.file(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = `${file}.${process.pid}.${Date.now()}.part`;
    let written = 0;
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const source = Buffer.isBuffer(data)
      ? Readable.from([data])
      : data instanceof Readable
        ? data
        : Readable.fromWeb(data as import("node:stream/web").ReadableStream<Uint8Array>);
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        written += chunk.length;
        if (written > max) done(new TooLargeError(max));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(source, limit, fs.createWriteStream(temp, { mode: 0o600 }));
      await fs.promises.rename(temp, file);
      return written;
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.promises.readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async stream(key: string): Promise<Readable | undefined> {
    const file = this.file(key);
    try {
      await fs.promises.access(file);
    } catch {
      return undefined;
    }
    return fs.createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }
}

const stores = new Map<string, LocalStorage>();

/** The storage for a data folder (files under `<dataDir>/<area>`). */
export function localStorageFor(dataDir: string, area: string): Storage {
  const root = path.join(dataDir, area);
  let store = stores.get(root);
  if (!store) {
    store = new LocalStorage(root);
    stores.set(root, store);
  }
  return store;
}
