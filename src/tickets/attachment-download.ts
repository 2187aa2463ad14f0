import fs from "node:fs";
import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import { AppError } from "../platform/errors.js";
import { attachmentPath } from "./attachments.js";
import type { TicketAttachment } from "./ticket-thread.repository.js";

/**
 * A stored attachment as the body to return: our detected type, a download unless it is an image, and no
 * way to run. Sets the headers on `reply`; the caller returns the stream and Fastify sends it once.
 */
export function attachmentBody(
  reply: Pick<FastifyReply, "header">,
  dataDir: string,
  a: TicketAttachment,
): Readable {
  const file = attachmentPath(dataDir, a.storageKey);
  if (!fs.existsSync(file)) throw new AppError("not_found", "The attachment's file is missing");
  const inline = a.contentType.startsWith("image/");
  const ascii = a.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  reply
    .header("content-type", a.contentType)
    .header("content-length", String(a.size))
    .header(
      "content-disposition",
      `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    )
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, no-store");
  return fs.createReadStream(file);
}
