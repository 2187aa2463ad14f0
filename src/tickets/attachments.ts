import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../platform/errors.js";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../platform/private-files.js";

/** Per ticket message: at most 5 files of at most 10 MB each. */
export const ATTACHMENT_LIMITS = { maxFiles: 5, maxBytes: 10 * 1024 * 1024 } as const;

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

/** A file that passed the checks: its type comes from its bytes, never from the client's word. */
export interface CheckedFile {
  fileName: string;
  contentType: string;
  data: Buffer;
  size: number;
  sha256: string;
}

interface Kind {
  contentType: string;
  extensions: readonly string[];
  matches(data: Buffer): boolean;
}

const startsWith = (data: Buffer, bytes: number[], offset = 0) =>
  data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
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
  { contentType: "text/plain; charset=utf-8", extensions: TEXT_EXTENSIONS, matches: isPlainText },
];

/** Text = valid UTF-8 without NUL or other binary control bytes (tab, newlines, form feed and ESC allowed). */
export function isPlainText(data: Buffer): boolean {
  for (const byte of data) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b)
      return false;
    if (byte === 0x7f) return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** The content type the bytes prove, if it is one we accept. */
export function detectContentType(data: Buffer): string | undefined {
  return KINDS.find((k) => k.matches(data))?.contentType;
}

export const ACCEPTED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/** A file name safe to store and show: no folders, no control characters, bounded. */
export function cleanFileName(name: string): string {
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
  if (file.data.length === 0)
    throw new AppError("validation_failed", `${fileName} is empty`, { reason: "empty", fileName });
  if (file.data.length > ATTACHMENT_LIMITS.maxBytes)
    throw new AppError("payload_too_large", `${fileName} is larger than 10 MB`, { reason: "size", fileName });
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const kind = KINDS.find((k) => k.matches(file.data));
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
    data: file.data,
    size: file.data.length,
    sha256: createHash("sha256").update(file.data).digest("hex"),
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

export function writeAttachmentFile(dataDir: string, storageKey: string, data: Buffer): void {
  const file = attachmentPath(dataDir, storageKey);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.writeFileSync(file, data, { flag: "wx", mode: PRIVATE_FILE_MODE });
}

export function removeAttachmentFile(dataDir: string, storageKey: string): void {
  fs.rmSync(attachmentPath(dataDir, storageKey), { force: true });
}
