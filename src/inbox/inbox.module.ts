import type { DomainModule } from "../platform/module.js";
import { registerInboxRoutes } from "./inbox.routes.js";
import { searchIndexSchedule } from "./search-index.service.js";

/** The inbox: conversations of both numbers, threads, replies, read marks, inbound media. */
export const inboxModule: DomainModule = {
  name: "inbox",
  register: registerInboxRoutes,
  schedules: [searchIndexSchedule],
};
