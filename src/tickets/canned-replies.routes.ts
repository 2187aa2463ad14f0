import type { FastifyInstance } from "fastify";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import {
  cannedReplyBody,
  cannedReplyListView,
  cannedReplyQuery,
  cannedReplyView,
  filledCannedReplyListView,
} from "./canned-replies.schema.js";
import {
  cannedRepliesForTicket,
  createCannedReply,
  listCannedReplies,
  removeCannedReply,
} from "./canned-replies.service.js";

export function registerCannedReplyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const tags = ["canned replies"];
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/canned-replies",
      summary: "Saved answers for tickets and WhatsApp, optionally in one language",
      tags,
      access: "agent",
      query: cannedReplyQuery,
      response: cannedReplyListView,
      handler: async ({ query }) => ({ data: await listCannedReplies(ctx.db.kysely, query.language) }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets/:id/canned-replies",
      summary: "The canned replies, the ticket's language first, with its customer's variables filled",
      tags,
      access: "agent",
      params: idParams,
      response: filledCannedReplyListView,
      handler: async ({ params, user }) => cannedRepliesForTicket(ctx, user, params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/canned-replies",
      summary: "Save a canned reply",
      tags,
      access: "agent",
      status: 201,
      body: cannedReplyBody,
      response: cannedReplyView,
      handler: async ({ body, user }) => createCannedReply(ctx, user, body),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/canned-replies/:id",
      summary: "Delete a canned reply",
      tags,
      access: "agent",
      status: 204,
      params: idParams,
      handler: async ({ params }) => {
        await removeCannedReply(ctx, params.id);
        return null;
      },
    }),
  ]);
}
