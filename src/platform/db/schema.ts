import type { BillingTables } from "../../billing/billing.tables.js";
import type { InboxTables } from "../../inbox/inbox.tables.js";
import type { InboxNotesTables } from "../../inbox/notes.tables.js";
import type { LicensesTables } from "../../licenses/licenses.tables.js";
import type { MailTables } from "../../mail/mail.tables.js";
import type { MailInTables } from "../../mail-in/mail-in.tables.js";
import type { PolicyTables } from "../../policy/policy.tables.js";
import type { SettingsTables } from "../../settings/settings.tables.js";
import type { TicketsTables } from "../../tickets/tickets.tables.js";
import type { UsersTables } from "../../users/users.tables.js";
import type { WhatsAppTables } from "../../whatsapp/whatsapp.tables.js";
import type { AuditTables } from "../audit/audit.tables.js";
import type { RateLimitTables } from "../http/rate-limit.tables.js";
import type { JobsTables } from "../outbox/outbox.tables.js";

/**
 * The whole database, composed from each domain's tables.
 * Conventions: ids are text (see ids.ts), instants are UTC ISO-8601 text, dates are YYYY-MM-DD text,
 * booleans are 0/1 integers, money is integer minor units, JSON is text.
 */
export interface Database
  extends AuditTables,
    BillingTables,
    InboxTables,
    InboxNotesTables,
    JobsTables,
    LicensesTables,
    PolicyTables,
    RateLimitTables,
    SettingsTables,
    UsersTables,
    TicketsTables,
    MailTables,
    MailInTables,
    WhatsAppTables {}
