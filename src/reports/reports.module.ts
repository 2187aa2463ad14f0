import type { DomainModule } from "../platform/module.js";
import { registerReportRoutes } from "./reports.routes.js";

export const reportsModule: DomainModule = { name: "reports", register: registerReportRoutes };
