// The API's shapes as the agent app reads them: inferred from the server's zod schemas, the one definition of
// each shape (type-only imports: nothing of the server reaches the bundle).
import type { z } from "zod";
import type { backupStatusView } from "../../backup/backup.schema.js";
import type {
  agreementView,
  capView,
  engagementDetailView,
  engagementEventView,
  engagementSummaryView,
  invoiceView,
  paymentView,
  quoteView,
  timeEntryView,
  timerView,
} from "../../billing/billing.schema.js";
import type {
  conversationView,
  customerPanelView,
  filledCannedReplyListView,
  messageView,
  noteView,
  viewCountsView,
} from "../../inbox/inbox.schema.js";
import type {
  auditView,
  customerDetailView,
  customerListItemView,
  customerSavedView,
  customerView,
  importJobView,
  licenseDetailView,
  licenseListItemView,
  licenseView,
  productView,
  supportView,
} from "../../licenses/licenses.schema.js";
import type { devMailStatusView, mailSummaryView, mailView } from "../../mail/mail.schema.js";
import type {
  mailInDetailView,
  mailInSetupView,
  mailInTestView,
  mailInView,
} from "../../mail-in/mail-in.schema.js";
import type { LiveEvent } from "../../platform/events.js";
import type { policyPreviewView, policyTextsView } from "../../policy/policy.schema.js";
import type { retentionStatusView } from "../../privacy/privacy.schema.js";
import type { homeView } from "../../reports/home.schema.js";
import type { reportView } from "../../reports/reports.schema.js";
import type { Settings } from "../../settings/settings.schema.js";
import type { cannedReplyView } from "../../tickets/canned-replies.schema.js";
import type {
  attachmentView,
  credentialsView,
  customerLookupView,
  supportStateView,
  ticketDetailView,
  ticketListItemView,
  messageView as ticketMessageView,
} from "../../tickets/tickets.schema.js";
import type { apiKeyCreatedView, apiKeyView, sessionView, userView } from "../../users/users.schema.js";
import type { ButtonsBody, ListBody } from "../../whatsapp/outbound.js";
import type { MessagePartSchemas } from "../../whatsapp/webhook.schema.js";
import type {
  connectionView,
  starterSubmitView,
  templateView,
  whatsappStatusView,
} from "../../whatsapp/whatsapp.schema.js";

/** Home's checklist and the day's numbers (`GET /api/v1/home`). */
export type HomeView = z.infer<typeof homeView>;

/** A list answer: `{data: [...]}` (every list endpoint answers so). */
export interface ListOf<T> {
  data: T[];
}
/** A list that pages: `{data: [...], total}`. */
export interface PageOf<T> extends ListOf<T> {
  total: number;
}

export type Session = z.infer<typeof sessionView>;
export type SessionUser = z.infer<typeof userView>;
export type UserView = SessionUser;
export type AppSettings = Settings;
export type ApiKey = z.infer<typeof apiKeyView>;
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedView>;

export type Conversation = z.infer<typeof conversationView>;
export type Message = z.infer<typeof messageView>;
export type Note = z.infer<typeof noteView>;
/** Canned replies for one conversation, their variables filled (`text`). */
export type FilledCannedReplies = z.infer<typeof filledCannedReplyListView>;
/** Counts per inbox view (`GET /api/v1/conversations/counts`). */
export type InboxViewCounts = z.infer<typeof viewCountsView>;
export type FilledCannedReply = FilledCannedReplies["data"][number];
/** An outbound message's interactive part, as the channel stored the request body (`message.content`). */
export type OutboundInteractive = (ButtonsBody | ListBody)["interactive"];
/** The parts of an inbound message as Meta sends them (`message.content.location`, `.contacts`, `.order`…). */
export type InboundParts = {
  [K in keyof typeof MessagePartSchemas]: z.input<(typeof MessagePartSchemas)[K]>;
};
/** A live update on /api/v1/events: the event's name and its data. */
export type LiveMessage = Pick<LiveEvent, "type" | "data">;
export type CustomerPanel = z.infer<typeof customerPanelView>;

export type EngagementSummary = z.infer<typeof engagementSummaryView>;
export type EngagementDetail = z.infer<typeof engagementDetailView>;
export type EngagementState = EngagementSummary["state"];
export type ServiceType = EngagementSummary["serviceType"];
export type Quote = z.infer<typeof quoteView>;
export type Agreement = z.infer<typeof agreementView>;
export type TimeEntry = z.infer<typeof timeEntryView>;
export type RunningTimer = z.infer<typeof timerView>;
export type Cap = z.infer<typeof capView>;
export type Invoice = z.infer<typeof invoiceView>;
export type EngagementEvent = z.infer<typeof engagementEventView>;
export type Payment = z.infer<typeof paymentView>;

export type Customer = z.infer<typeof customerView>;
/** A customer as a create or edit answers it: with the WhatsApp contacts the save linked by phone. */
export type CustomerSaved = z.infer<typeof customerSavedView>;
export type CustomerListItem = z.infer<typeof customerListItemView>;
export type CustomerDetail = z.infer<typeof customerDetailView>;
export type Product = z.infer<typeof productView>;
export type Support = z.infer<typeof supportView>;
export type License = z.infer<typeof licenseView>;
export type LicenseListItem = z.infer<typeof licenseListItemView>;
export type LicenseDetail = z.infer<typeof licenseDetailView>;
export type AuditEntry = z.infer<typeof auditView>;
export type ImportJob = z.infer<typeof importJobView>;

export type MailSummary = z.infer<typeof mailSummaryView>;
export type Mail = z.infer<typeof mailView>;
export type DevMailStatus = z.infer<typeof devMailStatusView>;
export type MailIn = z.infer<typeof mailInView>;
export type MailInDetail = z.infer<typeof mailInDetailView>;
export type MailInSetup = z.infer<typeof mailInSetupView>;
export type MailInTest = z.infer<typeof mailInTestView>;
export type PolicyTexts = z.infer<typeof policyTextsView>;
export type PolicyPreview = z.infer<typeof policyPreviewView>;
export type Report = z.infer<typeof reportView>;

export type TicketListItem = z.infer<typeof ticketListItemView>;
export type TicketDetail = z.infer<typeof ticketDetailView>;
export type TicketStatus = TicketDetail["status"];
export type TicketCategory = TicketDetail["category"];
export type TicketMessage = z.infer<typeof ticketMessageView>;
export type TicketAttachment = z.infer<typeof attachmentView>;
export type SupportState = z.infer<typeof supportStateView>;
export type Credentials = z.infer<typeof credentialsView>;
export type CannedReply = z.infer<typeof cannedReplyView>;
export type CustomerLookup = z.infer<typeof customerLookupView>;

export type BackupStatus = z.infer<typeof backupStatusView>;
export type RetentionStatus = z.infer<typeof retentionStatusView>;
export type WhatsAppTemplate = z.infer<typeof templateView>;
export type WhatsAppStatus = z.infer<typeof whatsappStatusView>;
export type WhatsAppConnection = z.infer<typeof connectionView>;
export type StarterSubmit = z.infer<typeof starterSubmitView>;
