import type { AppContext } from "../platform/context.js";
import { listActiveDeskUsers } from "./desk-users.repository.js";
import { findCustomerTicket, listTickets, type Ticket } from "./tickets.repository.js";

// What email-in needs from the desk to thread a mail: tickets looked up only within the sender's own.

/** The customer's ticket with this number (named in a subject as [#1234]); never another customer's. */
export async function findCustomerTicketByNumber(
  ctx: AppContext,
  customerId: string,
  number: number,
): Promise<Ticket | undefined> {
  const { items } = await listTickets(
    ctx.db.kysely,
    { customerId, q: String(number), limit: 20, offset: 0 },
    ctx.clock.now().toISOString(),
  );
  const hit = items.find((t) => t.number === number);
  return hit ? findCustomerTicket(ctx.db.kysely, customerId, hit.id) : undefined;
}

/** The ticket if it belongs to this customer. */
export async function findTicketOfCustomer(
  ctx: AppContext,
  customerId: string,
  ticketId: string,
): Promise<Ticket | undefined> {
  return findCustomerTicket(ctx.db.kysely, customerId, ticketId);
}

/** Whether the address belongs to someone on the desk (an agent answering a notification by mail). */
export async function isDeskUserAddress(ctx: AppContext, email: string): Promise<boolean> {
  const address = email.trim().toLowerCase();
  return (await listActiveDeskUsers(ctx.db.kysely)).some((u) => u.email.toLowerCase() === address);
}
