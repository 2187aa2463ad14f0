import type { DomainModule } from "../platform/module.js";
import { autoCloseJob, autoCloseSchedule } from "./auto-close.jobs.js";
import { registerCannedReplyRoutes } from "./canned-replies.routes.js";
import { registerPortalRoutes } from "./portal/portal.routes.js";
import { seedTicketsDemo } from "./tickets.demo.js";
import { registerTicketRoutes } from "./tickets.routes.js";

export const ticketsModule: DomainModule = {
  name: "tickets",
  register: async (app, deps) => {
    registerTicketRoutes(app, deps);
    registerCannedReplyRoutes(app, deps);
    await registerPortalRoutes(app, deps);
  },
  jobs: [autoCloseJob],
  seedDemo: seedTicketsDemo,
  schedules: [autoCloseSchedule],
};
