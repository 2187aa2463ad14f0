import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { getSettings } from "../settings/settings.service.js";
import { registerAttachmentRoutes } from "./attachments.routes.js";
import { presentConversation, presentMessage } from "./inbox.presenters.js";
import {
  conversationListView,
  conversationView,
  listConversationsQuery,
  listMessagesQuery,
  messageListView,
  messageView,
  reactionBody,
  reactionParams,
  replyBody,
  viewCountsView,
} from "./inbox.schema.js";
import {
  inboxList,
  inboxViewCounts,
  markRead,
  mediaFor,
  react,
  reply,
  thread,
  visibleConversation,
} from "./inbox.service.js";

// Media types a browser may show inline; anything else downloads as an attachment.
const INLINE_TYPES = /^(image\/(jpeg|png|webp|gif)|audio\/(ogg|mpeg|mp4|aac|amr)|video\/(mp4|3gpp))$/;

export function registerInboxRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerAttachmentRoutes(app, deps);
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations",
      summary:
        "Inbox: conversations of both numbers, newest first (premium ones only for those allowed); needsReply=true for those waiting for a human",
      tags: ["inbox"],
      access: "agent",
      query: listConversationsQuery,
      response: conversationListView,
      handler: async ({ query, user }) => {
        const [settings, page] = await Promise.all([getSettings(ctx), inboxList(ctx, user, query)]);
        const { conversations: list, snippets } = page;
        return {
          data: list.map((c) => ({
            ...presentConversation(ctx, settings, c),
            ...(snippets && { match: snippets.get(c.id) ?? null }),
          })),
          nextBefore:
            list.length === query.limit && query.order !== "waiting" ? list.at(-1)!.lastMessageAt : null,
          nextAfter:
            list.length === query.limit && query.order === "waiting"
              ? (list.at(-1)!.lastInboundAt ?? list.at(-1)!.lastMessageAt)
              : null,
        };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations/counts",
      summary:
        "Counts per inbox view (all, needsReply, waiting, mine, unassigned, closed): conversations and unread ones",
      tags: ["inbox"],
      access: "agent",
      response: viewCountsView,
      handler: async ({ user }) => ({ data: await inboxViewCounts(ctx, user) }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations/:id",
      summary: "One conversation with its contact, role and 24-hour window",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: conversationView,
      handler: async ({ params, user }) =>
        presentConversation(ctx, await getSettings(ctx), await visibleConversation(ctx, user, params.id)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations/:id/messages",
      summary: "A conversation's messages, oldest first (page back with before)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      query: listMessagesQuery,
      response: messageListView,
      handler: async ({ params, query, user }) => {
        const { messages, touches } = await thread(ctx, user, params.id, query);
        return { data: messages.map((m) => presentMessage(m, user, touches)) };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/messages",
      summary:
        "Reply with text (409 window_closed outside the 24-hour window) or an approved template {template: {name, language, parameters}}",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      body: replyBody,
      response: messageView,
      status: 201,
      handler: async ({ params, body, user }) =>
        presentMessage(await reply(ctx, user, params.id, body), user),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/messages/:messageId/reactions",
      summary:
        "React to a message with an emoji (the Cloud API reaction type; an empty emoji removes the reaction). Answers the message with its reactions",
      tags: ["inbox"],
      access: "agent",
      params: reactionParams,
      body: reactionBody,
      response: messageView,
      handler: async ({ params, body, user }) => {
        const { message, touches } = await react(ctx, user, params.id, params.messageId, body.emoji);
        return presentMessage(message, user, touches);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/read",
      summary: "Mark the conversation read (and the customer's last message read on WhatsApp)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: z.object({ unreadCount: z.number() }),
      handler: async ({ params, user }) => {
        await markRead(ctx, user, params.id);
        return { unreadCount: 0 };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/media/:messageId",
      summary: "The media file of an inbound message",
      tags: ["inbox"],
      access: "agent",
      params: z.object({ messageId: z.string().min(1).max(64) }),
      handler: async ({ params, user, reply: res }) => {
        const media = await mediaFor(ctx, user, params.messageId);
        const inline = INLINE_TYPES.test(media.mime);
        res
          .header("content-type", inline ? media.mime : "application/octet-stream")
          .header("content-disposition", `${inline ? "inline" : "attachment"}; filename="${media.filename}"`)
          .header("content-security-policy", "default-src 'none'; sandbox")
          .header("cache-control", "private, max-age=3600");
        if (media.size !== null) res.header("content-length", String(media.size));
        return media.stream;
      },
    }),
  ]);
}
