import { z } from "zod";
import { UPDATE_KINDS } from "./simulator.types.js";

// Bodies of the simulator page's own API (/simulator/api/…). Graph API bodies are checked by graph-validate.ts.

export const roleSchema = z.enum(["presales", "premium"]);

export const chatParams = z.object({ personaId: z.string().min(1).max(64), role: roleSchema });
export const personaParams = z.object({ personaId: z.string().min(1).max(64) });
export const messageParams = z.object({ messageId: z.string().min(1).max(512) });
export const mediaParams = z.object({ mediaId: z.string().regex(/^\d{6,20}$/) });

export const createPersonaBody = z.object({
  name: z.string().trim().min(1).max(60),
  phone: z.string().trim().min(7).max(24),
  language: z.enum(["es", "en"]),
});

const messageId = z.string().min(1).max(512);

export const customerActionBody = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(20_000), replyTo: messageId.optional() }),
  z.object({ type: z.literal("button"), messageId, buttonId: z.string().min(1).max(256) }),
  z.object({ type: z.literal("list"), messageId, rowId: z.string().min(1).max(200) }),
  z.object({ type: z.literal("template_button"), messageId, index: z.number().int().min(0).max(9) }),
  z.object({ type: z.literal("sample_image"), caption: z.string().max(1024).optional() }),
  z.object({
    type: z.literal("update"),
    kind: z.enum(UPDATE_KINDS),
    messageId: messageId.optional(),
    emoji: z.string().max(16).optional(),
    text: z.string().max(4096).optional(),
  }),
]);

/** ?wait=1 answers only once beedesk's webhook has answered (handy from curl and tests). */
export const waitQuery = z.object({ wait: z.enum(["0", "1", "true", "false"]).optional() });

export const mediaQuery = waitQuery.extend({
  type: z.string().min(3).max(120),
  filename: z.string().max(240).optional(),
  caption: z.string().max(1024).optional(),
});

export const viewBody = z.object({
  clientId: z.string().min(1).max(64),
  personaId: z.string().min(1).max(64).nullable(),
  role: roleSchema.nullable(),
});

export const failureBody = z
  .object({
    count: z.number().int().min(1).max(1000).default(1),
    code: z.number().int().min(0).max(9_999_999).optional(),
    httpStatus: z.number().int().min(400).max(599).optional(),
    timeout: z.boolean().optional(),
    holdMs: z.number().int().min(100).max(120_000).optional(),
    acceptAnyway: z.boolean().optional(),
    mode: z.enum(["sync", "status"]).optional(),
  })
  .refine((f) => f.code !== undefined || f.httpStatus !== undefined || f.timeout, {
    message: "give a Graph error code, an HTTP status or timeout: true",
  })
  .refine((f) => f.mode !== "status" || f.code !== undefined, {
    message: "a failure reported by status webhook needs a Graph error code",
  });
