import type { DomainModule } from "../platform/module.js";
import { registerBackupRoutes } from "./backup.routes.js";
import { backupJob, startBackupScheduler } from "./backup-schedule.js";

/** Backups: the CLI (backup.cli.ts), and the daily scheduled backup run by the worker. */
export const backupModule: DomainModule = {
  name: "backup",
  register: registerBackupRoutes,
  jobs: [backupJob],
  startBackground: (ctx) => startBackupScheduler(ctx),
};
