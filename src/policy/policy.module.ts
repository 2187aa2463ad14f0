import type { DomainModule } from "../platform/module.js";
import { registerPolicyRoutes } from "./policy.routes.js";

/** The support policy: the automatic replies and routing on both WhatsApp numbers, and their texts. */
export const policyModule: DomainModule = {
  name: "policy",
  register: registerPolicyRoutes,
};
