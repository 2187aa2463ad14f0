import type { DomainModule } from "../platform/module.js";
import { registerDeskRoutes } from "./desk.routes.js";
import { registerLiveRoutes } from "./live.routes.js";

/** The agents' side of the inbox beyond the thread itself: customer panel, linking, language, notes, live events. */
export const deskModule: DomainModule = {
  name: "inbox-desk",
  register: (app, deps) => {
    registerDeskRoutes(app, deps);
    registerLiveRoutes(app, deps);
  },
};
