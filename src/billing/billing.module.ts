import type { DomainModule } from "../platform/module.js";
import { registerEngagementRoutes } from "./engagements.routes.js";
import { registerInvoiceRoutes } from "./invoices.routes.js";
import { handleInboundForBilling } from "./quote-replies.service.js";

export const billingModule: DomainModule = {
  name: "billing",
  register: (app, deps) => {
    registerEngagementRoutes(app, deps);
    registerInvoiceRoutes(app, deps);
  },
  // The customer's Accept / Decline taps (and "acepto Q-XXXX" texts); every other message is ignored, and
  // the handler is safe to run twice.
  inboundListeners: [async (event, ctx) => void (await handleInboundForBilling(ctx, event))],
};
