import type { Kysely } from "kysely";
import { findCustomerById } from "../licenses/customers.repository.js";
import { supportState } from "../licenses/entitlement.js";
import { findLicenseById, type License } from "../licenses/licenses.repository.js";
import { recordAudit } from "../platform/audit/audit.repository.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import type { Language, Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { type CheckedFile, removeAttachmentFile, storeAttachmentFile } from "./attachments.js";
import { copyConversationMessages, findConversationForCopy } from "./conversation-copy.repository.js";
import { type DeskUser, findActiveDeskUser, listActiveDeskUsers } from "./desk-users.repository.js";
import {
  queueCustomerReplyToAgentsMail,
  queueOpenedForCustomerMail,
  queueOpenedToAgentsMail,
  queueReplyToCustomerMail,
  queueStatusToCustomerMail,
} from "./ticket-mails.js";
import {
  eraseCredentials,
  findCustomerTicket,
  findTicketById,
  insertAttachment,
  insertCredentials,
  insertMessage,
  insertTicket,
  listQuietResolvedTickets,
  nextTicketNumber,
  type Ticket,
  type TicketPatch,
  updateTicket,
} from "./tickets.repository.js";
import { hasCredentials, type TicketCredentials, type TicketFields } from "./tickets.schema.js";
import type { AuthorType, TicketSource, TicketStatus } from "./tickets.tables.js";

const DAY_MS = 86_400_000;

/** Who acts on a ticket: the customer in the portal, an agent on the desk, or the scheduler. */
export type TicketActor =
  | { type: "customer"; customerId: string }
  | { type: "user"; user: { id: string; name: string; role?: "owner" | "agent" } }
  | { type: "system" };

export interface NewTicketInput extends TicketFields {
  customerId: string;
  language: Language;
  credentials?: TicketCredentials;
  files: CheckedFile[];
  /** Agents only: opens a ticket on a license whose support has ended. */
  courtesyReason?: string;
  /** Agents only: copy a WhatsApp conversation's messages into the thread. */
  fromConversationId?: string;
}

function actorAudit(actor: TicketActor) {
  if (actor.type === "customer") return { actorType: "customer" as const, actorId: actor.customerId };
  if (actor.type === "user") return { actorType: "user" as const, actorId: actor.user.id };
  return { actorType: "system" as const, actorId: null };
}

function publishUpdate(ctx: AppContext, ticket: Pick<Ticket, "id" | "number" | "status">, change: string) {
  ctx.events.publish({
    type: "ticket.updated",
    audience: "agents",
    data: { ticketId: ticket.id, number: ticket.number, status: ticket.status, change },
  });
}

/** Agents to tell about a ticket: its assignee, or everyone on the desk while nobody has it. */
async function agentRecipients(
  db: Kysely<Database>,
  ticket: Pick<Ticket, "assigneeId">,
): Promise<DeskUser[]> {
  if (ticket.assigneeId) {
    const assignee = await findActiveDeskUser(db, ticket.assigneeId);
    if (assignee) return [assignee];
  }
  return listActiveDeskUsers(db);
}

interface PendingFile extends CheckedFile {
  id: string;
  storageKey: string;
}

/** Files go to disk before the transaction and are removed again if it fails. */
function stageFiles(ctx: AppContext, ticketId: string, files: CheckedFile[]): PendingFile[] {
  const staged: PendingFile[] = [];
  try {
    for (const file of files) {
      const id = newId();
      const storageKey = `${ticketId}/${id}`;
      storeAttachmentFile(ctx.config.dataDir, storageKey, file.tempPath);
      staged.push({ ...file, id, storageKey });
    }
  } catch (error) {
    unstageFiles(ctx, staged);
    throw error;
  }
  return staged;
}

function unstageFiles(ctx: AppContext, staged: PendingFile[]): void {
  for (const f of staged) removeAttachmentFile(ctx.config.dataDir, f.storageKey);
}

async function recordFiles(
  trx: Kysely<Database>,
  ticketId: string,
  messageId: string | null,
  staged: PendingFile[],
  by: { type: AuthorType; id: string },
  at: string,
): Promise<void> {
  for (const f of staged) {
    await insertAttachment(trx, {
      id: f.id,
      ticket_id: ticketId,
      message_id: messageId,
      file_name: f.fileName,
      content_type: f.contentType,
      size: f.size,
      sha256: f.sha256,
      storage_key: f.storageKey,
      uploaded_by_type: by.type,
      uploaded_by_id: by.id,
      created_at: at,
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === "23505" ||
    e?.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    /UNIQUE constraint/i.test(e?.message ?? "")
  );
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
    actor.type === "customer" ? "portal" : input.fromConversationId ? "whatsapp" : "desk";
  try {
    let ticket: Ticket | undefined;
    for (let attempt = 1; !ticket; attempt++) {
      try {
        ticket = await db.transaction().execute(async (trx) => {
          const number = await nextTicketNumber(trx);
          await insertTicket(trx, {
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
          await recordFiles(trx, id, null, staged, createdBy, at);
          if (hasCredentials(input.credentials)) {
            await insertCredentials(trx, id, ctx.secrets.encrypt(JSON.stringify(input.credentials)), at);
          }
          if (input.fromConversationId && actor.type === "user") {
            await copyConversationMessages(trx, {
              conversationId: input.fromConversationId,
              ticketId: id,
              customerId: customer.id,
              agentId: actor.user.id,
            });
          }
          const created = (await findTicketById(trx, id))!;
          await recordAudit(trx, {
            ...actorAudit(actor),
            action: "ticket.opened",
            subjectType: "ticket",
            subjectId: id,
            details: { number, licenseId: license.id, source, attachments: staged.length },
            at,
          });
          if (created.courtesy) {
            await recordAudit(trx, {
              ...actorAudit(actor),
              action: "ticket.courtesy_granted",
              subjectType: "ticket",
              subjectId: id,
              details: { reason: created.courtesy.reason, licenseId: license.id, support },
              at,
            });
          }
          if (actor.type === "customer") {
            await queueOpenedToAgentsMail(ctx, trx, settings, {
              ticket: created,
              customer,
              productName: license.productName,
              recipients: await agentRecipients(trx, created),
            });
          } else {
            await queueOpenedForCustomerMail(ctx, trx, settings, {
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
  user: { id: string; role?: "owner" | "agent" },
  conversationId: string,
  customerId: string,
): Promise<void> {
  const conversation = await findConversationForCopy(ctx.db.kysely, conversationId);
  const mayReadPremium = user.role === "owner" || settings.premium.openToAgentIds.includes(user.id);
  if (!conversation || (conversation.role === "premium" && !mayReadPremium))
    throw new AppError("not_found", "No such conversation");
  if (conversation.customerId && conversation.customerId !== customerId)
    throw new AppError("validation_failed", "That conversation belongs to another customer");
}

/** The ticket as the customer may touch it: theirs, or not found. */
export async function customerTicket(ctx: AppContext, customerId: string, ticketId: string): Promise<Ticket> {
  const ticket = await findCustomerTicket(ctx.db.kysely, customerId, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  return ticket;
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

/** A customer's reply from the portal: reopens a resolved ticket inside the quiet period. */
export async function replyAsCustomer(
  ctx: AppContext,
  customerId: string,
  ticketId: string,
  text: string,
  files: CheckedFile[],
): Promise<{ ticket: Ticket; reopened: boolean }> {
  const settings = await getSettings(ctx);
  const ticket = await customerTicket(ctx, customerId, ticketId);
  const now = ctx.clock.now();
  if (ticket.status === "closed" || (ticket.status === "resolved" && !canReopen(ticket, now, settings))) {
    throw new AppError("invalid_state", "This ticket is closed; open a new ticket");
  }
  const customer = (await findCustomerById(ctx.db.kysely, customerId))!;
  const reopened = ticket.status === "resolved";
  const at = now.toISOString();
  const staged = stageFiles(ctx, ticket.id, files);
  try {
    const updated = await ctx.db.kysely.transaction().execute(async (trx) => {
      const messageId = newId();
      await insertMessage(trx, {
        id: messageId,
        ticket_id: ticket.id,
        author_type: "customer",
        author_id: customerId,
        body: text,
        internal: 0,
        source: "portal",
        created_at: at,
      });
      await recordFiles(trx, ticket.id, messageId, staged, { type: "customer", id: customerId }, at);
      const patch: TicketPatch = { status: "open", last_activity_at: at, updated_at: at, resolved_at: null };
      if (!(await updateTicket(trx, ticket.id, patch, ticket.status)))
        throw new AppError("conflict", "The ticket changed meanwhile; reload and try again");
      const fresh = (await findTicketById(trx, ticket.id))!;
      if (reopened) {
        await recordAudit(trx, {
          actorType: "customer",
          actorId: customerId,
          action: "ticket.reopened",
          subjectType: "ticket",
          subjectId: ticket.id,
          at,
        });
      }
      await queueCustomerReplyToAgentsMail(ctx, trx, settings, {
        ticket: fresh,
        customer,
        text,
        reopened,
        recipients: await agentRecipients(trx, fresh),
      });
      return fresh;
    });
    ctx.outbox.wake();
    publishUpdate(ctx, updated, reopened ? "reopened" : "customer_reply");
    return { ticket: updated, reopened };
  } catch (error) {
    unstageFiles(ctx, staged);
    throw error;
  }
}

/**
 * An agent's reply or internal note. A reply (never a note) is mailed to the customer, counts as the
 * first response, and puts an open ticket in "pending customer".
 */
export async function replyAsAgent(
  ctx: AppContext,
  user: { id: string; name: string },
  ticketId: string,
  input: { text: string; internal: boolean },
): Promise<Ticket> {
  const settings = await getSettings(ctx);
  const ticket = await findTicketById(ctx.db.kysely, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  if (!input.internal && ticket.status === "closed")
    throw new AppError("invalid_state", "This ticket is closed: reopen it to reply, or add an internal note");
  const at = ctx.clock.now().toISOString();
  const updated = await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertMessage(trx, {
      id: newId(),
      ticket_id: ticket.id,
      author_type: "user",
      author_id: user.id,
      body: input.text,
      internal: input.internal ? 1 : 0,
      source: "desk",
      created_at: at,
    });
    if (input.internal) {
      await updateTicket(trx, ticket.id, { updated_at: at });
      return (await findTicketById(trx, ticket.id))!;
    }
    const patch: TicketPatch = {
      first_response_at: ticket.firstResponseAt ?? at,
      last_activity_at: at,
      updated_at: at,
      ...(ticket.status === "open" ? { status: "pending_customer" as const } : {}),
    };
    if (!(await updateTicket(trx, ticket.id, patch, ticket.status)))
      throw new AppError("conflict", "The ticket changed meanwhile; reload and try again");
    const fresh = (await findTicketById(trx, ticket.id))!;
    const customer = (await findCustomerById(trx, ticket.customerId))!;
    await queueReplyToCustomerMail(ctx, trx, settings, {
      ticket: fresh,
      customer,
      agentName: user.name,
      text: input.text,
    });
    return fresh;
  });
  ctx.outbox.wake();
  publishUpdate(ctx, updated, input.internal ? "note" : "agent_reply");
  return updated;
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
  const updated = await ctx.db.kysely.transaction().execute(async (trx) => {
    const patch: TicketPatch = {
      status,
      updated_at: at,
      last_activity_at: status === "resolved" ? at : ticket.lastActivityAt,
      resolved_at: status === "resolved" ? at : status === "closed" ? ticket.resolvedAt : null,
      closed_at: status === "closed" ? at : null,
    };
    if (!(await updateTicket(trx, ticket.id, patch, ticket.status)))
      throw new AppError("conflict", "The ticket changed meanwhile; reload and try again");
    const erased = status === "closed" ? await eraseCredentials(trx, ticket.id, at) : false;
    await recordAudit(trx, {
      ...actorAudit(actor),
      action: "ticket.status_changed",
      subjectType: "ticket",
      subjectId: ticket.id,
      details: { from: ticket.status, to: status, credentialsErased: erased },
      at,
    });
    const fresh = (await findTicketById(trx, ticket.id))!;
    const customer = (await findCustomerById(trx, ticket.customerId))!;
    await queueStatusToCustomerMail(ctx, trx, settings, {
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
  const updated = await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateTicket(trx, ticket.id, { assignee_id: assigneeId, updated_at: at });
    await recordAudit(trx, {
      actorType: "user",
      actorId: user.id,
      action: "ticket.assigned",
      subjectType: "ticket",
      subjectId: ticket.id,
      details: { from: ticket.assigneeId, to: assigneeId },
      at,
    });
    return (await findTicketById(trx, ticket.id))!;
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
