import { z } from "zod";

/** GET /api/v1/backups/status: the schedule in force and the last run's result. */
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
