import type { DomainModule } from "../platform/module.js";
import { onInboundMessage } from "../whatsapp/inbound-events.js";
import { registerEngagementRoutes } from "./engagements.routes.js";
import { registerInvoiceRoutes } from "./invoices.routes.js";
import { handleInboundForBilling } from "./quote-replies.service.js";

// The customer's Accept / Decline taps (and "acepto Q-XXXX" texts) reach billing through the channel's
// inbound listener; the handler ignores every other message and is safe to run twice.
onInboundMessage(async (event, ctx) => {
  await handleInboundForBilling(ctx, event);
});

export const billingModule: DomainModule = {
  name: "billing",
  register: (app, deps) => {
    registerEngagementRoutes(app, deps);
    registerInvoiceRoutes(app, deps);
  },
};
