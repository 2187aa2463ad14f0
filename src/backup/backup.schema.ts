import { z } from "zod";

// The backups API's shapes: the one definition, for the route, the OpenAPI document and the agent app.

export const backupStatusView = z.object({
  enabled: z.boolean(),
  time: z.string(),
  timeZone: z.string(),
  folder: z.string(),
  last: z
    .object({
      status: z.enum(["ok", "failed", "running"]),
      at: z.string(),
      file: z.string().nullable(),
      bytes: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
