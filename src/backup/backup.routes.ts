import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { backupStatus } from "./backup-schedule.js";

const statusView = z.object({
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

export function registerBackupRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/backups/status",
      summary: "Scheduled backups: settings in force and the last run's result",
      tags: ["backups"],
      access: "owner",
      response: statusView,
      handler: async () => backupStatus(ctx),
    }),
  ]);
}
