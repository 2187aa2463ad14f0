import { type SupportState, supportState } from "../licenses/entitlement.js";
import { findCustomerById, findLicenseById } from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { getSettings } from "../settings/settings.service.js";
import { findDeskUserName } from "./desk-users.repository.js";
import {
  findAttachment,
  listAttachments,
  listMessages,
  type TicketAttachment,
  type TicketMessage,
} from "./ticket-thread.repository.js";
import { findCredentials, findTicketById, isOverdue, type Ticket } from "./tickets.repository.js";
import {
  credentialsSchema,
  type TicketAttachmentView,
  type TicketCredentials,
  type TicketDetailView,
  type TicketMessageView,
} from "./tickets.schema.js";

function presentAttachment(a: TicketAttachment, url: string): TicketAttachmentView {
  return {
    id: a.id,
    messageId: a.messageId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    uploadedBy: a.uploadedBy.type,
    createdAt: a.createdAt,
    url,
  };
}

export function presentMessage(m: TicketMessage): TicketMessageView {
  return {
    id: m.id,
    author: m.author,
    body: m.body,
    internal: m.internal,
    source: m.source,
    createdAt: m.createdAt,
  };
}

/** Everything the desk shows for one ticket, internal notes included. */
export async function deskTicketView(ctx: AppContext, ticketId: string): Promise<TicketDetailView> {
  const db = ctx.db.kysely;
  const ticket = await findTicketById(db, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  const settings = await getSettings(ctx);
  const now = ctx.clock.now();
  const [customer, license, messages, attachments, credentials] = await Promise.all([
    findCustomerById(db, ticket.customerId),
    findLicenseById(db, ticket.licenseId),
    listMessages(db, ticket.id, { includeInternal: true }),
    listAttachments(db, ticket.id),
    findCredentials(db, ticket.id),
  ]);
  if (!customer || !license) throw new AppError("internal", "ticket without customer or license");
  const support: SupportState = supportState(license, now, settings.vendor.timeZone);
  const assigneeName = ticket.assigneeId ? await findDeskUserName(db, ticket.assigneeId) : undefined;
  const courtesyByName = ticket.courtesy?.by ? await findDeskUserName(db, ticket.courtesy.by) : undefined;
  return {
    ...ticketCore(ticket),
    overdue: isOverdue(ticket.status, ticket.firstResponseAt, ticket.firstResponseDueAt, now.toISOString()),
    customer: { id: customer.id, name: customer.name, email: customer.email, language: customer.language },
    license: {
      id: license.id,
      key: license.key,
      productId: license.productId,
      productName: license.productName,
      status: license.status,
      purchaseDate: license.purchaseDate,
      supportUntil: license.supportUntil,
    },
    support,
    assignee: ticket.assigneeId ? { id: ticket.assigneeId, name: assigneeName ?? "" } : null,
    courtesy: ticket.courtesy
      ? {
          reason: ticket.courtesy.reason,
          by: ticket.courtesy.by ? { id: ticket.courtesy.by, name: courtesyByName ?? "" } : null,
        }
      : null,
    credentials: {
      present: !!credentials?.sealed,
      erasedAt: credentials?.erasedAt ?? null,
    },
    messages: messages.map(presentMessage),
    attachments: attachments.map((a) =>
      presentAttachment(a, `/api/v1/tickets/${ticket.id}/attachments/${a.id}`),
    ),
  };
}

function ticketCore(t: Ticket) {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    description: t.description,
    category: t.category,
    status: t.status,
    language: t.language,
    storeUrl: t.storeUrl,
    opencartVersion: t.opencartVersion,
    phpVersion: t.phpVersion,
    source: t.source,
    conversationId: t.conversationId,
    firstResponseDueAt: t.firstResponseDueAt,
    firstResponseAt: t.firstResponseAt,
    lastActivityAt: t.lastActivityAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** Decrypt the store access for an agent; every reveal is written to the audit trail first. */
export async function revealCredentials(
  ctx: AppContext,
  user: { id: string },
  ticketId: string,
): Promise<Required<TicketCredentials>> {
  const db = ctx.db.kysely;
  const ticket = await findTicketById(db, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  const stored = await findCredentials(db, ticket.id);
  if (!stored) throw new AppError("not_found", "The customer gave no store access for this ticket");
  if (!stored.sealed) throw new AppError("not_found", `The store access was erased on ${stored.erasedAt}`);
  const credentials = credentialsSchema.parse(JSON.parse(ctx.secrets.decrypt(stored.sealed)));
  await recordAudit(db, {
    actorType: "user",
    actorId: user.id,
    action: "ticket.credentials_viewed",
    subjectType: "ticket",
    subjectId: ticket.id,
    at: ctx.clock.now().toISOString(),
  });
  return credentials;
}

export async function ticketAttachment(ctx: AppContext, ticketId: string, attachmentId: string) {
  const attachment = await findAttachment(ctx.db.kysely, ticketId, attachmentId);
  if (!attachment) throw new AppError("not_found", "No such attachment");
  return attachment;
}
