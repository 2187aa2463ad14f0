import type { DomainModule } from "../platform/module.js";
import { onInboundMessage } from "../whatsapp/inbound-events.js";
import { handleInboundMessage } from "./policy.listener.js";
import { registerPolicyRoutes } from "./policy.routes.js";

/**
 * The support policy: the automatic replies and routing on both WhatsApp numbers, and their texts.
 * The inbound listener is registered per server (the registry is per process) and acts only on its own
 * server's messages, so a server built without this module (a channel-only test) sends no auto-replies.
 */
export const policyModule: DomainModule = {
  name: "policy",
  register: (app, deps) => {
    registerPolicyRoutes(app, deps);
    const unsubscribe = onInboundMessage(async (event, ctx) => {
      if (ctx !== deps.ctx) return;
      await handleInboundMessage(event, ctx);
    });
    app.addHook("onClose", async () => unsubscribe());
  },
};
