import type { DomainModule } from "../platform/module.js";
import { seedLicensesDemo } from "./licenses.demo.js";
import { registerLicenseRoutes } from "./licenses.routes.js";

export const licensesModule: DomainModule = {
  name: "licenses",
  register: registerLicenseRoutes,
  seedDemo: seedLicensesDemo,
};
