import { backupModule } from "./backup/backup.module.js";
import { billingModule } from "./billing/billing.module.js";
import { deskModule } from "./inbox/desk.module.js";
import { inboxModule } from "./inbox/inbox.module.js";
import { licensesModule } from "./licenses/licenses.module.js";
import { mailModule } from "./mail/mail.module.js";
import { mailInModule } from "./mail-in/mail-in.module.js";
import type { DomainModule } from "./platform/module.js";
import { policyModule } from "./policy/policy.module.js";
import { privacyModule } from "./privacy/privacy.module.js";
import { reportsModule } from "./reports/reports.module.js";
import { settingsModule } from "./settings/settings.module.js";
import { ticketsModule } from "./tickets/tickets.module.js";
import { usersModule } from "./users/users.module.js";
import { webModule } from "./web/web.module.js";
import { simulatorModule } from "./whatsapp/simulator/simulator.module.js";
import { whatsappModule } from "./whatsapp/whatsapp.module.js";

/** The composition root: every domain of beedesk, in registration order. */
export const modules: DomainModule[] = [
  usersModule,
  settingsModule,
  webModule,
  whatsappModule,
  inboxModule,
  licensesModule,
  simulatorModule,
  policyModule,
  deskModule,
  billingModule,
  reportsModule,
  mailModule,
  ticketsModule,
  mailInModule,
  privacyModule,
  backupModule,
];
