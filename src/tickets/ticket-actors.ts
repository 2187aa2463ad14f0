import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { type DeskUser, findActiveDeskUser, listActiveDeskUsers } from "./desk-users.repository.js";
import type { Ticket } from "./tickets.repository.js";

/** Who acts on a ticket: the customer in the portal, an agent on the desk, or the scheduler. */
export type TicketActor =
  | { type: "customer"; customerId: string }
  | { type: "user"; user: { id: string; name: string; role: "owner" | "agent" } }
  | { type: "system" };

export function actorAudit(actor: TicketActor) {
  if (actor.type === "customer") return { actorType: "customer" as const, actorId: actor.customerId };
  if (actor.type === "user") return { actorType: "user" as const, actorId: actor.user.id };
  return { actorType: "system" as const, actorId: null };
}

export function publishUpdate(
  ctx: AppContext,
  ticket: Pick<Ticket, "id" | "number" | "status">,
  change: string,
) {
  ctx.events.publish({
    type: "ticket.updated",
    audience: "agents",
    data: { ticketId: ticket.id, number: ticket.number, status: ticket.status, change },
  });
}

/** Agents to tell about a ticket: its assignee, or everyone on the desk while nobody has it. */
export async function agentRecipients(
  db: Kysely<Database>,
  ticket: Pick<Ticket, "assigneeId">,
): Promise<DeskUser[]> {
  if (ticket.assigneeId) {
    const assignee = await findActiveDeskUser(db, ticket.assigneeId);
    if (assignee) return [assignee];
  }
  return listActiveDeskUsers(db);
}
