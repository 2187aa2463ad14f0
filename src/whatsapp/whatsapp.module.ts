import type { DomainModule } from "../platform/module.js";
import { inboundJob } from "./inbound-events.js";
import { mediaJob } from "./media.job.js";
import { readJob, sendJob } from "./send.jobs.js";
import { registerWebhookRoutes } from "./webhook.routes.js";

export const whatsappModule: DomainModule = {
  name: "whatsapp",
  register: async (app, deps) => {
    await registerWebhookRoutes(app, deps);
  },
  jobs: [inboundJob, sendJob, readJob, mediaJob],
};
