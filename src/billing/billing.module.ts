import type { DomainModule } from "../platform/module.js";
import { registerEngagementRoutes } from "./engagements.routes.js";
import { registerInvoiceRoutes } from "./invoices.routes.js";
import { handleInboundForBilling } from "./quote-replies.service.js";
import { registerReviewRoutes } from "./review/review.routes.js";
import { approveExpiredReviews } from "./review/reviews.service.js";
import { stripeRefundJob } from "./stripe/card-refunds.js";
import { registerStripeRoutes } from "./stripe/stripe.routes.js";

export const billingModule: DomainModule = {
  name: "billing",
  register: async (app, deps) => {
    registerEngagementRoutes(app, deps);
    registerInvoiceRoutes(app, deps);
    await registerReviewRoutes(app, deps);
    await registerStripeRoutes(app, deps);
  },
  // Card refunds of credit notes, sent to Stripe after the credit note commits.
  jobs: [stripeRefundJob],
  // A review with no answer by the end of its period counts as approval.
  schedules: [{ name: "billing review period", everyMs: 60_000, atStart: true, run: approveExpiredReviews }],
  // The customer's Accept / Decline taps (and "acepto Q-XXXX" texts); every other message is ignored, and
  // the handler is safe to run twice.
  inboundListeners: [async (event, ctx) => void (await handleInboundForBilling(ctx, event))],
};
