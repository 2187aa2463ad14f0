import type { DomainModule } from "../platform/module.js";
import { prunePendingStatuses } from "./delivery.repository.js";
import { releaseHeldOnReply } from "./held.service.js";
import { inboundJob } from "./inbound-events.js";
import { mediaJob } from "./media.jobs.js";
import { registerProfileRoutes } from "./profile.routes.js";
import { readJob, sendJob } from "./send.jobs.js";
import { registerWebhookRoutes } from "./webhook.routes.js";
import { registerWhatsAppRoutes } from "./whatsapp.routes.js";

/** Statuses for wamids beedesk never learns (other tools sending from the number) are dropped after this. */
const PENDING_STATUS_DAYS = 7;

export const whatsappModule: DomainModule = {
  name: "whatsapp",
  register: async (app, deps) => {
    await registerWebhookRoutes(app, deps);
    registerProfileRoutes(app, deps);
    registerWhatsAppRoutes(app, deps);
  },
  // The customer wrote: automatic messages held for the 24-hour window go now.
  inboundListeners: [releaseHeldOnReply],
  jobs: [inboundJob, sendJob, readJob, mediaJob],
  schedules: [
    {
      name: "prune pending WhatsApp statuses",
      everyMs: 60 * 60 * 1000,
      run: async (ctx) => {
        const before = new Date(ctx.clock.now().getTime() - PENDING_STATUS_DAYS * 86_400_000).toISOString();
        await prunePendingStatuses(ctx.db.kysely, before);
      },
    },
  ],
};
