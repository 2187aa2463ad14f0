import { createHash, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type {} from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.js";
import { randomToken } from "../../platform/ids.js";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../../platform/private-files.js";
import {
  ATTACHMENT_LIMITS,
  discardUploads,
  HEAD_BYTES,
  PlainTextProbe,
  type UploadedFile,
  uploadsDir,
} from "../attachments.js";

export interface PortalForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** A file problem found while reading the upload, reported in the customer's language by the caller. */
export class UploadProblem extends Error {
  constructor(
    readonly reason: "size" | "count",
    readonly fileName: string,
    readonly fields: Record<string, string>,
  ) {
    super(`upload refused: ${reason}`);
  }
}

/** A form that takes no files (urlencoded): a multipart body is refused before any of it is read. */
export function readPortalFields(req: FastifyRequest): Record<string, string> {
  if (req.isMultipart()) throw new AppError("unsupported_media_type", "This form takes no files");
  return urlencodedFields(req);
}

/**
 * A form with files (multipart) or without them (urlencoded). Browsers send fields in document order, so
 * the form token (the first field) is checked before the first file is read; a file before a valid token
 * is refused. Each file streams to a temporary file in the data folder's uploads/, measured on the way
 * (size, SHA-256, first bytes, whether it is text), within the limits: more than 10 MB is a "size"
 * problem, more than 5 files a "count" problem. On any refusal the temporary files are removed; after a
 * success the caller stores them or calls discardUploads.
 */
export async function readPortalUpload(
  req: FastifyRequest,
  options: { csrf: string | undefined; dataDir: string },
): Promise<PortalForm> {
  if (!req.isMultipart()) return { fields: urlencodedFields(req), files: [] };
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let current = "";
  try {
    for await (const part of req.parts({
      limits: {
        fileSize: ATTACHMENT_LIMITS.maxBytes,
        files: ATTACHMENT_LIMITS.maxFiles,
        fields: 40,
        fieldSize: 64 * 1024,
        parts: 60,
      },
    })) {
      if (part.type === "file") {
        requireToken(options.csrf, fields._csrf);
        current = part.filename;
        const file = await receiveFile(part.file, part.filename, options.dataDir);
        // An empty file input still sends a part with no name and no bytes.
        if (!part.filename && file.size === 0) {
          discardUploads([file]);
          continue;
        }
        files.push(file);
        if (part.file.truncated) throw new UploadProblem("size", current, fields);
      } else if (!(part.fieldname in fields)) {
        fields[part.fieldname] = String(part.value ?? "");
      }
    }
  } catch (error) {
    discardUploads(files);
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw new UploadProblem("size", current, fields);
    if (code === "FST_FILES_LIMIT") throw new UploadProblem("count", "", fields);
    if (code?.startsWith("FST_")) throw new AppError("bad_request", "The form could not be read");
    throw error;
  }
  return { fields, files };
}

/** Remove the temporary files of uploads that were not stored. */

async function receiveFile(
  stream: NodeJS.ReadableStream,
  fileName: string,
  dataDir: string,
): Promise<UploadedFile> {
  const dir = uploadsDir(dataDir);
  ensurePrivateDir(dir);
  const tempPath = path.join(dir, `${randomToken(24)}.part`);
  const hash = createHash("sha256");
  const text = new PlainTextProbe();
  const head: Buffer[] = [];
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (size < HEAD_BYTES) head.push(chunk.subarray(0, HEAD_BYTES - size));
      size += chunk.length;
      hash.update(chunk);
      text.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, measure, fs.createWriteStream(tempPath, { flags: "wx", mode: PRIVATE_FILE_MODE }));
  } catch (error) {
    fs.rmSync(tempPath, { force: true });
    throw error;
  }
  return {
    fileName,
    tempPath,
    size,
    sha256: hash.digest("hex"),
    head: Buffer.concat(head),
    isText: text.end(),
  };
}

function urlencodedFields(req: FastifyRequest): Record<string, string> {
  const fields: Record<string, string> = {};
  const body = (req.body ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(body))
    fields[k] = Array.isArray(v) ? String(v[0] ?? "") : String(v ?? "");
  return fields;
}

/** Constant-time comparison of a submitted token with the expected one. */
function tokensMatch(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireToken(expected: string | undefined, given: string | undefined): void {
  if (!tokensMatch(expected, given)) throw new AppError("csrf_failed", "The form token is missing or wrong");
}

export { discardUploads };
