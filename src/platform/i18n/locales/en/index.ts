import { app } from "./app.js";
import { backups } from "./backups.js";
import { billing } from "./billing.js";
import { common } from "./common.js";
import { inbox } from "./inbox.js";
import { licenses } from "./licenses.js";
import { mailIn } from "./mail-in.js";
import { policy } from "./policy.js";
import { portal } from "./portal.js";
import { privacy } from "./privacy.js";
import { publicPages } from "./public.js";
import { reports } from "./reports.js";
import { settings } from "./settings.js";
import { simulator } from "./simulator.js";
import { tickets } from "./tickets.js";
import { whatsapp } from "./whatsapp.js";

/** The English catalog: one module per namespace. A new language copies this folder. */
export const en = {
  common,
  public: publicPages,
  app,
  policy,
  inbox,
  billing,
  reports,
  tickets,
  portal,
  simulator,
  licenses,
  mailIn,
  privacy,
  backups,
  whatsapp,
  settings,
};
