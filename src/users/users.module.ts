import type { DomainModule } from "../platform/module.js";
import { registerUserRoutes } from "./users.routes.js";

export const usersModule: DomainModule = { name: "users", register: registerUserRoutes };
