import type { FastifyInstance } from "fastify";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { backupStatusView } from "./backup.schema.js";
import { backupStatus } from "./backup-schedule.js";

export function registerBackupRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/backups/status",
      summary: "Scheduled backups: settings in force and the last run's result",
      tags: ["backups"],
      access: "owner",
      response: backupStatusView,
      handler: async () => backupStatus(ctx),
    }),
  ]);
}
