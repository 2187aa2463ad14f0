import type { DomainModule } from "../platform/module.js";
import { mailSendJob } from "./mail.jobs.js";
import { registerMailRoutes } from "./mail.routes.js";
import { closeTransport } from "./mail.transport.js";

export const mailModule: DomainModule = {
  name: "mail",
  register: registerMailRoutes,
  jobs: [mailSendJob],
  close: (ctx) => closeTransport(ctx),
};
