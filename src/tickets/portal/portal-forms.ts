import { timingSafeEqual } from "node:crypto";
import type {} from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.js";
import { ATTACHMENT_LIMITS, type UploadedFile } from "../attachments.js";

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

/**
 * Read a portal form, multipart (with files) or urlencoded. Files are buffered in memory within the
 * limits (5 × 10 MB) so nothing is stored before the CSRF token and the fields are checked.
 */
export async function readPortalForm(req: FastifyRequest): Promise<PortalForm> {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body))
      fields[k] = Array.isArray(v) ? String(v[0] ?? "") : String(v ?? "");
    return { fields, files };
  }
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
        current = part.filename;
        const data = await part.toBuffer();
        // An empty file input still sends a part with no name and no bytes.
        if (!part.filename && data.length === 0) continue;
        files.push({ fileName: part.filename, data });
      } else if (!(part.fieldname in fields)) {
        fields[part.fieldname] = String(part.value ?? "");
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw new UploadProblem("size", current, fields);
    if (code === "FST_FILES_LIMIT") throw new UploadProblem("count", "", fields);
    if (code?.startsWith("FST_")) throw new AppError("bad_request", "The form could not be read");
    throw error;
  }
  return { fields, files };
}

/** Constant-time comparison of a submitted token with the expected one. */
export function tokensMatch(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireToken(expected: string | undefined, given: string | undefined): void {
  if (!tokensMatch(expected, given)) throw new AppError("csrf_failed", "The form token is missing or wrong");
}
