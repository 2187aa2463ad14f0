import type { DomainModule } from "../platform/module.js";
import { handleInboundMessage } from "./policy.listener.js";
import { registerPolicyRoutes } from "./policy.routes.js";

/**
 * The support policy: the automatic replies and routing on both WhatsApp numbers, and their texts. A server
 * built without this module (a channel-only test) sends no auto-replies.
 */
export const policyModule: DomainModule = {
  name: "policy",
  register: registerPolicyRoutes,
  inboundListeners: [async (event, ctx) => void (await handleInboundMessage(event, ctx))],
};
