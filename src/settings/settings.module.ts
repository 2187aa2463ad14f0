import type { DomainModule } from "../platform/module.js";
import { registerSettingsRoutes } from "./settings.routes.js";

export const settingsModule: DomainModule = { name: "settings", register: registerSettingsRoutes };
