import { createHash } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { failureError, invalidParameter } from "./graph-errors.js";
import { newMediaId } from "./simulator.payloads.js";
import type { Simulator } from "./simulator.service.js";

// POST /{phone-number-id}/media as Meta documents it: multipart with messaging_product=whatsapp, type (the
// MIME type) and file. Answers {id}; the file is kept like a customer's upload, so the persona's chat can show
// the image or document the business then sends by that id.

/** WhatsApp's limits for the types a business may upload (bytes). */
const LIMITS: Record<string, number> = {
  "image/jpeg": 5 * 1024 * 1024,
  "image/png": 5 * 1024 * 1024,
  "application/pdf": 100 * 1024 * 1024,
  "text/plain": 100 * 1024 * 1024,
  "application/msword": 100 * 1024 * 1024,
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * 1024 * 1024,
  "application/vnd.ms-excel": 100 * 1024 * 1024,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * 1024 * 1024,
  "application/vnd.ms-powerpoint": 100 * 1024 * 1024,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * 1024 * 1024,
};

type NumberOf = (
  req: FastifyRequest<{ Params: { version: string; phoneNumberId: string } }>,
) => Promise<unknown>;

export async function registerGraphMediaUpload(
  graph: FastifyInstance,
  ctx: AppContext,
  sim: Simulator,
  numberOf: NumberOf,
): Promise<void> {
  await graph.register(multipart, { limits: { fileSize: 100 * 1024 * 1024, files: 1, fields: 10 } });
  graph.post<{ Params: { version: string; phoneNumberId: string } }>(
    "/:version/:phoneNumberId/media",
    async (req) => {
      await numberOf(req);
      if (!req.isMultipart())
        throw invalidParameter("Param file must be a file upload (multipart/form-data).");
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; filename: string; mimeType: string } | undefined;
      for await (const part of req.parts()) {
        if (part.type === "file") {
          const bytes = await part.toBuffer();
          file = { bytes, filename: part.filename, mimeType: part.mimetype };
        } else fields[part.fieldname] = String(part.value ?? "");
      }
      if (fields.messaging_product !== "whatsapp") {
        throw invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
      }
      if (!file || file.bytes.length === 0) throw invalidParameter("The parameter file is required.");
      const mimeType = (fields.type || file.mimeType).split(";")[0]!.trim();
      const limit = LIMITS[mimeType];
      if (limit === undefined)
        throw invalidParameter(`Param type ${mimeType} is not a supported media type.`);
      if (file.bytes.length > limit) throw invalidParameter(`The file is larger than ${limit} bytes.`);
      const record = {
        id: newMediaId(),
        mimeType,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        fileSize: file.bytes.length,
        ...(file.filename && { filename: file.filename.slice(0, 240) }),
        createdAt: ctx.clock.now().toISOString(),
      };
      const failure = sim.failures.takeIf((f) => !f.timeout && f.mode !== "status");
      if (failure) throw failureError(failure);
      sim.store.saveMedia(record, file.bytes);
      return { id: record.id };
    },
  );
}
