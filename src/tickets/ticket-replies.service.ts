import { findCustomerById } from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import type { CheckedFile } from "./attachments.js";
import { agentRecipients, publishUpdate } from "./ticket-actors.js";
import { recordFiles, stageFiles, unstageFiles } from "./ticket-files.js";
import { queueCustomerReplyToAgentsMail, queueReplyToCustomerMail } from "./ticket-mails.js";
import { insertMessage } from "./ticket-thread.repository.js";
import { queueTicketAnsweredOnWhatsApp } from "./ticket-whatsapp.js";
import {
  findCustomerTicket,
  findTicketById,
  type Ticket,
  type TicketPatch,
  updateTicket,
} from "./tickets.repository.js";
import { canReopen, type MailOrigin } from "./tickets.service.js";

/** The ticket as the customer may touch it: theirs, or not found. */
export async function customerTicket(ctx: AppContext, customerId: string, ticketId: string): Promise<Ticket> {
  const ticket = await findCustomerTicket(ctx.db.kysely, customerId, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  return ticket;
}

/** A customer's reply from the portal (or a mail): reopens a resolved ticket inside the quiet period. */
export async function replyAsCustomer(
  ctx: AppContext,
  customerId: string,
  ticketId: string,
  text: string,
  files: CheckedFile[],
  viaMail?: MailOrigin,
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
    const updated = await inTransaction(ctx, async (tx) => {
      const messageId = newId();
      await insertMessage(tx.trx, {
        id: messageId,
        ticket_id: ticket.id,
        author_type: "customer",
        author_id: customerId,
        body: text,
        internal: 0,
        source: viaMail ? "mail" : "portal",
        created_at: at,
      });
      await recordFiles(tx.trx, ticket.id, messageId, staged, { type: "customer", id: customerId }, at);
      await viaMail?.record(tx.trx, { ticketId: ticket.id, messageId });
      const patch: TicketPatch = { status: "open", last_activity_at: at, updated_at: at, resolved_at: null };
      if (!(await updateTicket(tx.trx, ticket.id, patch, ticket.status)))
        throw new AppError("conflict", "The ticket changed meanwhile; reload and try again");
      const fresh = (await findTicketById(tx.trx, ticket.id))!;
      if (reopened) {
        await recordAudit(tx.trx, {
          actorType: "customer",
          actorId: customerId,
          action: "ticket.reopened",
          subjectType: "ticket",
          subjectId: ticket.id,
          at,
        });
      }
      await queueCustomerReplyToAgentsMail(tx, settings, {
        ticket: fresh,
        customer,
        text,
        reopened,
        recipients: await agentRecipients(tx.trx, fresh),
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
 * An agent's reply or internal note. A reply (never a note) is mailed to the customer (and announced on
 * WhatsApp when the ticket came from a conversation), counts as the first response, and puts an open ticket
 * in "pending customer".
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
  const updated = await inTransaction(ctx, async (tx) => {
    await insertMessage(tx.trx, {
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
      await updateTicket(tx.trx, ticket.id, { updated_at: at });
      return (await findTicketById(tx.trx, ticket.id))!;
    }
    const patch: TicketPatch = {
      first_response_at: ticket.firstResponseAt ?? at,
      last_activity_at: at,
      updated_at: at,
      ...(ticket.status === "open" ? { status: "pending_customer" as const } : {}),
    };
    if (!(await updateTicket(tx.trx, ticket.id, patch, ticket.status)))
      throw new AppError("conflict", "The ticket changed meanwhile; reload and try again");
    const fresh = (await findTicketById(tx.trx, ticket.id))!;
    const customer = (await findCustomerById(tx.trx, ticket.customerId))!;
    await queueReplyToCustomerMail(tx, settings, {
      ticket: fresh,
      customer,
      agentName: user.name,
      text: input.text,
    });
    await queueTicketAnsweredOnWhatsApp(tx, { ticket: fresh, customerName: customer.name, agent: user });
    return fresh;
  });
  ctx.outbox.wake();
  publishUpdate(ctx, updated, input.internal ? "note" : "agent_reply");
  return updated;
}
