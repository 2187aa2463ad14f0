import type { DomainModule } from "../platform/module.js";
import { registerPrivacyRoutes } from "./privacy.routes.js";
import { retentionJob, retentionSchedule } from "./retention.jobs.js";

/** The customer's data rights (export and erasure, owner only) and retention (a daily job). */
export const privacyModule: DomainModule = {
  name: "privacy",
  register: registerPrivacyRoutes,
  jobs: [retentionJob],
  schedules: [retentionSchedule],
};
