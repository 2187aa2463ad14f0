import type { DomainModule } from "../platform/module.js";
import { registerAgentAppRoutes } from "./agent-app.routes.js";
import { registerPublicPageRoutes } from "./public/public-pages.routes.js";

export const webModule: DomainModule = {
  name: "web",
  register: (app, deps) => {
    registerPublicPageRoutes(app, deps.ctx);
    registerAgentAppRoutes(app);
  },
};
