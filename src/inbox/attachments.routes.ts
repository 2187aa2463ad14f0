import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { jsonBodyParser } from "../platform/http/json-body.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "./attachment-types.js";
import { sendAttachment } from "./attachments.service.js";
import { presentMessage } from "./inbox.presenters.js";
import { messageView } from "./inbox.schema.js";

// The file arrives as base64 in JSON: the app's session cookie is accepted only with application/json (the
// CSRF defence), so multipart is not an option for it. The route has its own scope so that its body limit
// (a 16 MB file is about 21.4 MB of base64) does not raise the app-wide 4 MB one.

const MAX_BASE64 = Math.ceil(ATTACHMENT_MAX_BYTES.document / 3) * 4;
const BODY_LIMIT = MAX_BASE64 + 64 * 1024;

const attachmentBody = z
  .object({
    filename: z.string().min(1).max(240),
    mimeType: z.string().min(1).max(200),
    /** The file, base64-encoded. */
    data: z
      .string()
      .min(1)
      .max(MAX_BASE64, "The file is larger than 16 MB")
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "data must be base64"),
    caption: z.string().max(1024).optional(),
  })
  .strict();

export function registerAttachmentRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: BODY_LIMIT },
      jsonBodyParser(scope),
    );
    registerRoutes(scope, deps, [
      defineRoute({
        method: "POST",
        url: "/api/v1/conversations/:id/attachments",
        summary: `Send an image (JPEG/PNG, ≤ 5 MB) or a document (PDF, text, Office; ≤ 16 MB) as JSON {filename, mimeType, data (base64), caption?}. Types: ${ATTACHMENT_TYPES.join(", ")}. 409 window_closed outside the 24-hour window; 413/415 for a refused file; nothing is queued then`,
        tags: ["inbox"],
        access: "agent",
        params: idParams,
        body: attachmentBody,
        response: messageView,
        status: 201,
        handler: async ({ params, body, user }) =>
          presentMessage(
            await sendAttachment(ctx, user, params.id, {
              filename: body.filename,
              mimeType: body.mimeType,
              bytes: Buffer.from(body.data, "base64"),
              ...(body.caption !== undefined && { caption: body.caption }),
            }),
            user,
          ),
      }),
    ]);
  });
}
