import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../platform/errors.js";
import { randomToken } from "../platform/ids.js";
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../platform/private-files.js";

/** Per ticket message: at most 5 files of at most 10 MB each. */
export const ATTACHMENT_LIMITS = { maxFiles: 5, maxBytes: 10 * 1024 * 1024 } as const;

/** An uploaded file as received: streamed to a temporary file, measured on the way. */
export interface UploadedFile {
  fileName: string;
  /** The temporary file in the data folder's uploads/ (removed once stored or refused). */
  tempPath: string;
  size: number;
  sha256: string;
  /** The first bytes, which prove most types. */
  head: Buffer;
  /** Valid UTF-8 without binary control bytes, over the whole file. */
  isText: boolean;
}

/** A file that passed the checks: its type comes from its bytes, never from the client's word. */
export interface CheckedFile {
  fileName: string;
  contentType: string;
  tempPath: string;
  size: number;
  sha256: string;
}

type Probe = Pick<UploadedFile, "head" | "isText">;

interface Kind {
  contentType: string;
  extensions: readonly string[];
  matches(probe: Probe): boolean;
}

/** How many leading bytes the type checks need. */
export const HEAD_BYTES = 16;

const startsWith = ({ head }: Probe, bytes: number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const TEXT_EXTENSIONS = [
  "txt",
  "log",
  "csv",
  "json",
  "xml",
  "md",
  "ini",
  "conf",
  "sql",
  "php",
  "tpl",
  "twig",
  "js",
  "css",
  "html",
  "htm",
  "yml",
  "yaml",
] as const;

const KINDS: readonly Kind[] = [
  {
    contentType: "image/png",
    extensions: ["png"],
    matches: (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    contentType: "image/jpeg",
    extensions: ["jpg", "jpeg"],
    matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]),
  },
  {
    contentType: "image/gif",
    extensions: ["gif"],
    matches: (d) => startsWith(d, ascii("GIF87a")) || startsWith(d, ascii("GIF89a")),
  },
  {
    contentType: "image/webp",
    extensions: ["webp"],
    matches: (d) => startsWith(d, ascii("RIFF")) && startsWith(d, ascii("WEBP"), 8),
  },
  { contentType: "application/pdf", extensions: ["pdf"], matches: (d) => startsWith(d, ascii("%PDF-")) },
  {
    contentType: "application/zip",
    extensions: ["zip"],
    matches: (d) => startsWith(d, [0x50, 0x4b, 0x03, 0x04]) || startsWith(d, [0x50, 0x4b, 0x05, 0x06]),
  },
  { contentType: "text/plain; charset=utf-8", extensions: TEXT_EXTENSIONS, matches: (p) => p.isText },
];

/**
 * Text = valid UTF-8 without NUL or other binary control bytes (tab, newlines, form feed and ESC allowed),
 * checked chunk by chunk as a file streams in.
 */
export class PlainTextProbe {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private text = true;

  update(chunk: Buffer): void {
    if (!this.text) return;
    for (const byte of chunk) {
      if (
        (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) ||
        byte === 0x7f
      ) {
        this.text = false;
        return;
      }
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.text = false;
    }
  }

  /** Whether the whole file was text (a UTF-8 sequence cut off at the end is not). */
  end(): boolean {
    if (!this.text) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

export const ACCEPTED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/** A file name safe to store and show: no folders, no control characters, bounded. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").trim();
  if (cleaned.length <= 150) return cleaned;
  const ext = path.extname(cleaned).slice(0, 10);
  return cleaned.slice(0, 150 - ext.length) + ext;
}

/**
 * Check one upload: size, and a type proven by its first bytes that also agrees with its name — an
 * executable called photo.png is refused, and so is a PDF called notes.txt.
 */
export function checkUpload(file: UploadedFile): CheckedFile {
  const fileName = cleanFileName(file.fileName);
  if (!fileName)
    throw new AppError("validation_failed", "A file has no name", { reason: "type", fileName: "" });
  if (file.size === 0)
    throw new AppError("validation_failed", `${fileName} is empty`, { reason: "empty", fileName });
  if (file.size > ATTACHMENT_LIMITS.maxBytes)
    throw new AppError("payload_too_large", `${fileName} is larger than 10 MB`, { reason: "size", fileName });
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const kind = KINDS.find((k) => k.matches(file));
  if (!kind?.extensions.includes(ext)) {
    throw new AppError(
      "unsupported_media_type",
      `${fileName} is not an accepted file (images, PDF, text, logs or zip, checked by content)`,
      { reason: "type", fileName },
    );
  }
  return {
    fileName,
    contentType: kind.contentType,
    tempPath: file.tempPath,
    size: file.size,
    sha256: file.sha256,
  };
}

export function checkUploads(files: UploadedFile[]): CheckedFile[] {
  if (files.length > ATTACHMENT_LIMITS.maxFiles)
    throw new AppError("validation_failed", `At most ${ATTACHMENT_LIMITS.maxFiles} files per message`, {
      reason: "count",
      fileName: "",
    });
  return files.map(checkUpload);
}

/** Attachments live in `${dataDir}/attachments/<ticket id>/<attachment id>`. */
export function attachmentsRoot(dataDir: string): string {
  return path.join(dataDir, "attachments");
}

export function attachmentPath(dataDir: string, storageKey: string): string {
  const root = attachmentsRoot(dataDir);
  const full = path.normalize(path.join(root, storageKey));
  if (!full.startsWith(root + path.sep)) throw new Error("storage key escapes the attachments folder");
  return full;
}

/** Move a received upload (a temporary file in the same data folder) to its place among the attachments. */
export function storeAttachmentFile(dataDir: string, storageKey: string, tempPath: string): void {
  const file = attachmentPath(dataDir, storageKey);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  if (fs.existsSync(file)) throw new Error(`attachment ${storageKey} already exists`);
  fs.renameSync(tempPath, file);
}

/** Temporary upload files live in `${dataDir}/uploads` until they are stored or refused. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, "uploads");
}

export function removeAttachmentFile(dataDir: string, storageKey: string): void {
  fs.rmSync(attachmentPath(dataDir, storageKey), { force: true });
}

/**
 * A file already in memory (a mail's attachment, a fixture) as an upload: written to a temporary file in
 * uploads/ like a streamed one, so it is checked and stored the same way. The caller discards it unless stored.
 */
export function uploadFromBuffer(dataDir: string, fileName: string, data: Buffer): UploadedFile {
  const dir = uploadsDir(dataDir);
  ensurePrivateDir(dir);
  const tempPath = path.join(dir, `${randomToken(24)}.part`);
  fs.writeFileSync(tempPath, data, { flag: "wx", mode: PRIVATE_FILE_MODE });
  const text = new PlainTextProbe();
  text.update(data);
  return {
    fileName,
    tempPath,
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    head: data.subarray(0, HEAD_BYTES),
    isText: text.end(),
  };
}

/** Remove temporary upload files (those already stored were moved away, so this is then a no-op). */
export function discardUploads(files: Pick<UploadedFile, "tempPath">[]): void {
  for (const f of files) fs.rmSync(f.tempPath, { force: true });
}
