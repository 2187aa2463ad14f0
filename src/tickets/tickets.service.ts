import type { Kysely } from "kysely";
import { supportState } from "../licenses/entitlement.js";
import { findCustomerById, findLicenseById, type License } from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import type { Language, Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf, authorizeResource } from "../users/policies.js";
import type { CheckedFile } from "./attachments.js";
import { copyConversationMessages, findConversationForCopy } from "./conversation-copy.repository.js";
import { findActiveDeskUser } from "./desk-users.repository.js";
import { actorAudit, agentRecipients, publishUpdate, type TicketActor } from "./ticket-actors.js";
import { recordFiles, stageFiles, unstageFiles } from "./ticket-files.js";
import {
  queueOpenedForCustomerMail,
  queueOpenedToAgentsMail,
  queueStatusToCustomerMail,
} from "./ticket-mails.js";
import {
  eraseCredentials,
  findTicketById,
  insertCredentials,
  insertTicket,
  listQuietResolvedTickets,
  nextTicketNumber,
  type Ticket,
  type TicketPatch,
  updateTicket,
} from "./tickets.repository.js";
import { hasCredentials, type TicketCredentials, type TicketFields } from "./tickets.schema.js";
import type { TicketSource, TicketStatus } from "./tickets.tables.js";

const DAY_MS = 86_400_000;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === "23505" ||
    e?.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    /UNIQUE constraint/i.test(e?.message ?? "")
  );
}

export interface NewTicketInput extends TicketFields {
  customerId: string;
  language: Language;
  credentials?: TicketCredentials;
  files: CheckedFile[];
  /** Agents only: opens a ticket on a license whose support has ended. */
  courtesyReason?: string;
  /** Agents only: copy a WhatsApp conversation's messages into the thread. */
  fromConversationId?: string;
  /** Customers only: the ticket comes from a mail (email-in), recorded in the same transaction. */
  viaMail?: MailOrigin;
}

/**
 * A ticket change that comes from a mail read by email-in: `record` runs inside the change's transaction,
 * so the mail is marked handled exactly when the ticket or reply it caused exists.
 */
export interface MailOrigin {
  record(trx: Kysely<Database>, ref: { ticketId: string; messageId: string | null }): Promise<void>;
}

/** Loads the license and checks it belongs to the customer; a foreign license reads as unknown. */
async function licenseOf(db: Kysely<Database>, customerId: string, licenseId: string): Promise<License> {
  const license = await findLicenseById(db, licenseId);
  if (!license || license.customerId !== customerId) throw new AppError("not_found", "No such license");
  return license;
}

/**
 * Open a ticket. Customers may only use a license with active support; an agent may open one on any
 * license of the customer, but one without active support needs a courtesy reason (recorded and audited).
 */
export async function openTicket(
  ctx: AppContext,
  actor: TicketActor,
  input: NewTicketInput,
): Promise<Ticket> {
  if (actor.type === "system") throw new AppError("forbidden", "Tickets are opened by customers or agents");
  if (actor.type === "customer" && actor.customerId !== input.customerId)
    throw new AppError("forbidden", "Customers open tickets for themselves only");
  const settings = await getSettings(ctx);
  const db = ctx.db.kysely;
  const customer = await findCustomerById(db, input.customerId);
  if (!customer) throw new AppError("not_found", "No such customer");
  const license = await licenseOf(db, customer.id, input.licenseId);
  const now = ctx.clock.now();
  const support = supportState(license, now, settings.vendor.timeZone);
  const courtesyReason = actor.type === "user" ? input.courtesyReason?.trim() || undefined : undefined;
  if (!support.active && !courtesyReason) {
    throw new AppError(
      "conflict",
      actor.type === "customer"
        ? `Support for this license is not active (${support.reason}, until ${support.supportUntil})`
        : `Support for this license is not active (${support.reason}, until ${support.supportUntil}); give a courtesy reason to open a ticket anyway`,
      { reason: "support_inactive", support },
    );
  }
  if (input.fromConversationId) {
    if (actor.type !== "user") throw new AppError("forbidden", "Only agents copy conversations");
    await checkConversation(ctx, settings, actor.user, input.fromConversationId, customer.id);
  }
  const at = now.toISOString();
  const id = newId();
  const staged = stageFiles(ctx, id, input.files);
  const createdBy =
    actor.type === "customer"
      ? { type: "customer" as const, id: actor.customerId }
      : { type: "user" as const, id: actor.user.id };
  const source: TicketSource =
    actor.type === "customer"
      ? input.viaMail
        ? "mail"
        : "portal"
      : input.fromConversationId
        ? "whatsapp"
        : "desk";
  try {
    let ticket: Ticket | undefined;
    for (let attempt = 1; !ticket; attempt++) {
      try {
        ticket = await inTransaction(ctx, async (tx) => {
          const number = await nextTicketNumber(tx.trx);
          await insertTicket(tx.trx, {
            id,
            number,
            customer_id: customer.id,
            license_id: license.id,
            category: input.category,
            subject: input.subject,
            description: input.description,
            store_url: input.storeUrl,
            opencart_version: input.opencartVersion,
            php_version: input.phpVersion,
            status: "open",
            language: input.language,
            assignee_id: null,
            source,
            conversation_id: input.fromConversationId ?? null,
            created_by_type: createdBy.type,
            created_by_id: createdBy.id,
            courtesy_reason: support.active ? null : (courtesyReason ?? null),
            courtesy_by: support.active || actor.type !== "user" ? null : actor.user.id,
            first_response_due_at: new Date(
              now.getTime() + settings.tickets.firstResponseHours * 3_600_000,
            ).toISOString(),
            first_response_at: null,
            last_activity_at: at,
            resolved_at: null,
            closed_at: null,
            created_at: at,
            updated_at: at,
          });
          await recordFiles(tx.trx, id, null, staged, createdBy, at);
          if (actor.type === "customer")
            await input.viaMail?.record(tx.trx, { ticketId: id, messageId: null });
          if (hasCredentials(input.credentials)) {
            await insertCredentials(tx.trx, id, ctx.secrets.encrypt(JSON.stringify(input.credentials)), at);
          }
          if (input.fromConversationId && actor.type === "user") {
            await copyConversationMessages(tx.trx, {
              conversationId: input.fromConversationId,
              ticketId: id,
              customerId: customer.id,
              agentId: actor.user.id,
            });
          }
          const created = (await findTicketById(tx.trx, id))!;
          await recordAudit(tx.trx, {
            ...actorAudit(actor),
            action: "ticket.opened",
            subjectType: "ticket",
            subjectId: id,
            details: { number, licenseId: license.id, source, attachments: staged.length },
            at,
          });
          if (created.courtesy) {
            await recordAudit(tx.trx, {
              ...actorAudit(actor),
              action: "ticket.courtesy_granted",
              subjectType: "ticket",
              subjectId: id,
              details: { reason: created.courtesy.reason, licenseId: license.id, support },
              at,
            });
          }
          if (actor.type === "customer") {
            await queueOpenedToAgentsMail(tx, settings, {
              ticket: created,
              customer,
              productName: license.productName,
              recipients: await agentRecipients(tx.trx, created),
            });
          } else {
            await queueOpenedForCustomerMail(tx, settings, {
              ticket: created,
              customer,
              agentName: actor.user.name,
              productName: license.productName,
            });
          }
          return created;
        });
      } catch (error) {
        // Two tickets took the same number at once (PostgreSQL): take the next one.
        if (attempt < 5 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
    ctx.outbox.wake();
    ctx.events.publish({
      type: "ticket.created",
      audience: "agents",
      data: { ticketId: id, number: ticket.number },
    });
    return ticket;
  } catch (error) {
    unstageFiles(ctx, staged);
    throw error;
  }
}

/**
 * A conversation an agent may copy into a ticket: premium conversations belong to the owner (unless the
 * owner opened premium to this agent), and one linked to another customer is refused.
 */
async function checkConversation(
  ctx: AppContext,
  settings: Settings,
  user: { id: string; role: "owner" | "agent" },
  conversationId: string,
  customerId: string,
): Promise<void> {
  const conversation = await findConversationForCopy(ctx.db.kysely, conversationId);
  if (!conversation) throw new AppError("not_found", "No such conversation");
  authorizeResource(settings, user, audienceOf(conversation.role), "No such conversation");
  if (conversation.customerId && conversation.customerId !== customerId)
    throw new AppError("validation_failed", "That conversation belongs to another customer");
}

/** Whether a resolved ticket is still inside its quiet period (a reply reopens it). */
export function canReopen(
  ticket: Pick<Ticket, "status" | "lastActivityAt">,
  now: Date,
  settings: Settings,
): boolean {
  return (
    ticket.status === "resolved" &&
    now.getTime() - Date.parse(ticket.lastActivityAt) < settings.tickets.autoCloseDays * DAY_MS
  );
}

/**
 * Move a ticket to `status`. Closing erases the stored store access (and the mail reminds the customer to
 * revoke it); any status but closed can be reached from any other, so agents can reopen.
 */
export async function changeStatus(
  ctx: AppContext,
  actor: TicketActor,
  ticketId: string,
  status: TicketStatus,
  options: { onlyFrom?: TicketStatus } = {},
): Promise<Ticket> {
  const settings = await getSettings(ctx);
  const ticket = await findTicketById(ctx.db.kysely, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  if (options.onlyFrom && ticket.status !== options.onlyFrom) return ticket;
  if (ticket.status === status) return ticket;
  const at = ctx.clock.now().toISOString();
  const updated = await inTransaction(ctx, async (tx) => {
    const patch: TicketPatch = {
      status,
      updated_at: at,
      last_activity_at: status === "resolved" ? at : ticket.lastActivityAt,
      resolved_at: status === "resolved" ? at : status === "closed" ? ticket.resolvedAt : null,
      closed_at: status === "closed" ? at : null,
    };
    if (!(await updateTicket(tx.trx, ticket.id, patch, ticket.status)))
      throw new AppError("conflict", "The ticket changed meanwhile; reload and try again");
    const erased = status === "closed" ? await eraseCredentials(tx.trx, ticket.id, at) : false;
    await recordAudit(tx.trx, {
      ...actorAudit(actor),
      action: "ticket.status_changed",
      subjectType: "ticket",
      subjectId: ticket.id,
      details: { from: ticket.status, to: status, credentialsErased: erased },
      at,
    });
    const fresh = (await findTicketById(tx.trx, ticket.id))!;
    const customer = (await findCustomerById(tx.trx, ticket.customerId))!;
    await queueStatusToCustomerMail(tx, settings, {
      ticket: fresh,
      customer,
      status,
      credentialsErased: erased,
    });
    return fresh;
  });
  ctx.outbox.wake();
  publishUpdate(ctx, updated, "status");
  return updated;
}

export async function assignTicket(
  ctx: AppContext,
  user: { id: string },
  ticketId: string,
  assigneeId: string | null,
): Promise<Ticket> {
  const ticket = await findTicketById(ctx.db.kysely, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  if (assigneeId && !(await findActiveDeskUser(ctx.db.kysely, assigneeId)))
    throw new AppError("validation_failed", "No active agent with that id");
  const at = ctx.clock.now().toISOString();
  const updated = await inTransaction(ctx, async (tx) => {
    await updateTicket(tx.trx, ticket.id, { assignee_id: assigneeId, updated_at: at });
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "ticket.assigned",
      subjectType: "ticket",
      subjectId: ticket.id,
      details: { from: ticket.assigneeId, to: assigneeId },
      at,
    });
    return (await findTicketById(tx.trx, ticket.id))!;
  });
  publishUpdate(ctx, updated, "assignee");
  return updated;
}

/** Close resolved tickets that stayed quiet for `autoCloseDays`. Safe to run twice and in parallel. */
export async function autoCloseQuietTickets(ctx: AppContext): Promise<number> {
  const settings = await getSettings(ctx);
  const cutoff = new Date(ctx.clock.now().getTime() - settings.tickets.autoCloseDays * DAY_MS).toISOString();
  let closed = 0;
  for (;;) {
    const ids = await listQuietResolvedTickets(ctx.db.kysely, cutoff, 100);
    if (ids.length === 0) return closed;
    for (const id of ids) {
      try {
        const ticket = await changeStatus(ctx, { type: "system" }, id, "closed", { onlyFrom: "resolved" });
        if (ticket.status === "closed") closed++;
      } catch (error) {
        // A reply raced us and reopened it: that ticket is no longer quiet.
        if (!(error instanceof AppError && error.code === "conflict")) throw error;
      }
    }
    if (ids.length < 100) return closed;
  }
}
