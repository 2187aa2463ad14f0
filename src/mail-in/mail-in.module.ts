import type { DomainModule } from "../platform/module.js";
import { MailReader } from "./mail-in.reader.js";
import { registerMailInRoutes } from "./mail-in.routes.js";

export const mailInModule: DomainModule = {
  name: "mail-in",
  register: registerMailInRoutes,
  // Background work runs with the worker role only (serve --role worker or all): the mailbox reader.
  startBackground: (ctx) => {
    const reader = new MailReader(ctx);
    reader.start();
    return () => reader.stop();
  },
};
