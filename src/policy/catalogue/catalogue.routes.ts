import type { FastifyInstance } from "fastify";
import { presentMessage } from "../../inbox/inbox.presenters.js";
import { findMessage } from "../../inbox/inbox.public.js";
import { messageView, reactionParams } from "../../inbox/inbox.schema.js";
import { AppError } from "../../platform/errors.js";
import { defineRoute, type HttpDeps, registerRoutes } from "../../platform/http/route.js";
import { correctAnswer, sendSuggestion } from "./catalogue-actions.js";

/** The agent's one-click actions on catalogue questions and answers (the conversation screen). */
export function registerCatalogueRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const sent = async (id: string) => {
    const message = await findMessage(ctx.db.kysely, id);
    if (!message) throw new AppError("internal", "The message vanished");
    return message;
  };
  registerRoutes(app, deps, [
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/messages/:messageId/send-suggestion",
      summary:
        "Send the catalogue's suggestion for a customer's question it left to an agent, as the agent's reply (409 window_closed outside the 24-hour window)",
      tags: ["inbox"],
      access: "agent",
      params: reactionParams,
      response: messageView,
      status: 201,
      handler: async ({ params, user }) =>
        presentMessage(await sent(await sendSuggestion(ctx, user, params.id, params.messageId)), user),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/messages/:messageId/correction",
      summary:
        "Correct an automatic catalogue answer: sends the customer a retraction in their language and puts the conversation back among those waiting for a person",
      tags: ["inbox"],
      access: "agent",
      params: reactionParams,
      response: messageView,
      status: 201,
      handler: async ({ params, user }) =>
        presentMessage(await sent(await correctAnswer(ctx, user, params.id, params.messageId)), user),
    }),
  ]);
}
