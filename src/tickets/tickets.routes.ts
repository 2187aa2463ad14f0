import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { attachmentBody } from "./attachment-download.js";
import {
  customerLanguage,
  findTicketCustomerByEmail,
  listCustomerLicenseChoices,
} from "./desk-lookup.service.js";
import { replyAsAgent } from "./ticket-replies.service.js";
import { deskTicketView, revealCredentials, ticketAttachment } from "./ticket-views.service.js";
import { listTickets } from "./tickets.repository.js";
import {
  assignBody,
  credentialsView,
  customerLookupView,
  deskCreateBody,
  replyBody,
  statusBody,
  ticketDetailView,
  ticketListQuery,
  ticketListView,
} from "./tickets.schema.js";
import { assignTicket, changeStatus, openTicket } from "./tickets.service.js";

const tags = ["tickets"];

export function registerTicketRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets",
      summary:
        "Tickets, most recently updated first; status is a comma-separated list (`items` is a deprecated alias of `data`)",
      tags,
      access: "agent",
      query: ticketListQuery,
      response: ticketListView,
      handler: async ({ query, user }) => {
        const { items, total } = await listTickets(
          ctx.db.kysely,
          { ...query, assignee: query.assignee === "me" ? user.id : query.assignee },
          ctx.clock.now().toISOString(),
        );
        return { data: items, total, items };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/tickets",
      summary:
        "Open a ticket for a customer; a license without active support needs courtesyReason; fromConversationId copies a WhatsApp conversation in",
      tags,
      access: "agent",
      status: 201,
      body: deskCreateBody,
      response: ticketDetailView,
      handler: async ({ body, user }) => {
        const ticket = await openTicket(
          ctx,
          { type: "user", user },
          {
            ...body,
            language: body.language ?? (await customerLanguage(ctx, body.customerId)),
            files: [],
          },
        );
        return deskTicketView(ctx, ticket.id);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets/customer-lookup",
      summary: "A customer by email with their licenses and support state, to open a ticket for them",
      tags,
      access: "agent",
      query: z.object({ email: z.string().trim().min(3).max(254) }),
      response: customerLookupView,
      handler: async ({ query }) => {
        const customer = await findTicketCustomerByEmail(ctx, query.email);
        if (!customer) throw new AppError("not_found", "No customer with that email");
        return { customer, licenses: await listCustomerLicenseChoices(ctx, customer.id) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets/:id",
      summary: "A ticket with its customer, license and support state, thread and attachments",
      tags,
      access: "agent",
      params: idParams,
      response: ticketDetailView,
      handler: async ({ params }) => deskTicketView(ctx, params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/tickets/:id/replies",
      summary:
        "Reply to the customer (mailed), or add an internal note (internal: true, never shown to them)",
      tags,
      access: "agent",
      status: 201,
      params: idParams,
      body: replyBody,
      response: ticketDetailView,
      handler: async ({ params, body, user }) => {
        await replyAsAgent(ctx, user, params.id, body);
        return deskTicketView(ctx, params.id);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/tickets/:id/status",
      summary: "Change the status (closing erases stored store access); the customer is mailed",
      tags,
      access: "agent",
      params: idParams,
      body: statusBody,
      response: ticketDetailView,
      handler: async ({ params, body, user }) => {
        await changeStatus(ctx, { type: "user", user }, params.id, body.status);
        return deskTicketView(ctx, params.id);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/tickets/:id/assign",
      summary: "Assign to an agent (assigneeId) or unassign (null)",
      tags,
      access: "agent",
      params: idParams,
      body: assignBody,
      response: ticketDetailView,
      handler: async ({ params, body, user }) => {
        await assignTicket(ctx, user, params.id, body.assigneeId);
        return deskTicketView(ctx, params.id);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets/:id/credentials",
      summary: "Reveal the store access the customer gave (every reveal is audited)",
      tags,
      access: "agent",
      params: idParams,
      response: credentialsView,
      handler: async ({ params, user, reply }) => {
        reply.header("cache-control", "no-store");
        return revealCredentials(ctx, user, params.id);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets/:id/attachments/:attachmentId",
      summary: "Download an attachment",
      tags,
      access: "agent",
      params: z.object({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) }),
      handler: async ({ params, reply }) =>
        attachmentBody(
          reply,
          ctx.config.dataDir,
          await ticketAttachment(ctx, params.id, params.attachmentId),
        ),
    }),
  ]);
}
