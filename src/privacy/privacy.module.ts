import type { DomainModule } from "../platform/module.js";
import { registerPrivacyRoutes } from "./privacy.routes.js";

/** The customer's data rights: export and erasure (owner only). */
export const privacyModule: DomainModule = {
  name: "privacy",
  register: registerPrivacyRoutes,
};
