import type { Readable } from "node:stream";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { localStorageFor } from "../platform/storage.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf, authorizeResource, canSee } from "../users/policies.js";
import type { User } from "../users/users.service.js";
import { sendOutbound } from "../whatsapp/send.service.js";
import { templateOutbound } from "../whatsapp/template-send.js";
import type { TemplateSend } from "../whatsapp/whatsapp.schema.js";
import {
  type Conversation,
  type ConversationFilter,
  findConversation,
  listConversations,
  markConversationRead,
} from "./inbox.repository.js";
import type { ConversationRole, ConversationState } from "./inbox.tables.js";
import {
  findMessage,
  findSearchMatches,
  listMessages,
  listTouches,
  type Message,
  type Touch,
} from "./messages.repository.js";
import { catchUpSearchIndex } from "./search-index.service.js";
import { type Snippet, snippetFor } from "./search-snippet.js";
import { countViews, type ViewCount } from "./views.repository.js";

type Viewer = Pick<User, "id" | "role" | "language">;

/** A conversation the user may see; one they may not (premium) is refused like a missing one (404). */
export async function visibleConversation(ctx: AppContext, user: Viewer, id: string): Promise<Conversation> {
  const conversation = await findConversation(ctx.db.kysely, id);
  if (!conversation) throw new AppError("not_found", "Conversation not found");
  authorizeResource(await getSettings(ctx), user, audienceOf(conversation.role), "Conversation not found");
  return conversation;
}

export interface InboxQuery {
  role?: ConversationRole;
  state?: ConversationState;
  q?: string;
  assignee?: string;
  before?: string;
  needsReply?: boolean;
  order?: "recent" | "waiting";
  after?: string;
  limit: number;
}

/** A page of the inbox; a search also answers each conversation's newest matching message, highlighted. */
export interface InboxPage {
  conversations: Conversation[];
  snippets?: Map<string, { messageId: string } & Snippet>;
}

export async function inboxList(ctx: AppContext, user: Viewer, query: InboxQuery): Promise<InboxPage> {
  const settings = await getSettings(ctx);
  const filter: ConversationFilter = {
    includePremium: canSee(settings, user, "premium"),
    limit: query.limit,
    ...(query.role && { role: query.role }),
    ...(query.state && { state: query.state }),
    ...(query.before && { before: query.before }),
    ...(query.needsReply !== undefined && { needsReply: query.needsReply }),
    ...(query.order && { order: query.order }),
    ...(query.after && { after: query.after }),
  };
  if (query.assignee === "me") filter.assigneeId = user.id;
  else if (query.assignee === "none") filter.assigneeId = null;
  else if (query.assignee) filter.assigneeId = query.assignee;
  const q = query.q?.trim();
  if (!q)
    return { conversations: (await listConversations(ctx.db.kysely, ctx.db.dialect, filter)).conversations };
  filter.search = q;
  await catchUpSearchIndex(ctx);
  const page = await listConversations(ctx.db.kysely, ctx.db.dialect, filter);
  const ids = page.conversations.map((c) => c.id);
  const matches = await findSearchMatches(ctx.db.kysely, ctx.db.dialect, ids, q, page.matchSeqs);
  const snippets = new Map(
    [...matches].map(([id, m]) => [id, { messageId: m.messageId, ...snippetFor(m.text, q) }] as const),
  );
  return { conversations: page.conversations, snippets };
}

/** How many conversations each inbox view holds, and how many of them are unread. */
export async function inboxViewCounts(ctx: AppContext, user: Viewer): Promise<ViewCount[]> {
  const includePremium = canSee(await getSettings(ctx), user, "premium");
  return countViews(ctx.db.kysely, { userId: user.id, includePremium });
}

/** A page of the thread, with the reactions, edits and revokes that touch its messages. */
export async function thread(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  options: { before?: string; limit: number },
): Promise<{ messages: Message[]; touches: Touch[] }> {
  await visibleConversation(ctx, user, conversationId);
  const messages = await listMessages(ctx.db.kysely, conversationId, options);
  const wamids = messages.flatMap((m) => (m.wamid ? [m.wamid] : []));
  return { messages, touches: await listTouches(ctx.db.kysely, conversationId, wamids) };
}

/**
 * An agent reacts to a message of the conversation (the Cloud API `reaction` type); an empty emoji takes the
 * reaction away. Answers the message with its reactions as they now stand.
 */
export async function react(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  messageId: string,
  emoji: string,
): Promise<{ message: Message; touches: Touch[] }> {
  await visibleConversation(ctx, user, conversationId);
  const message = await findMessage(ctx.db.kysely, messageId);
  if (!message || message.conversationId !== conversationId || message.targetWamid !== null) {
    throw new AppError("not_found", "Message not found");
  }
  if (!message.wamid) throw new AppError("invalid_state", "The message has not reached WhatsApp yet");
  await sendOutbound(ctx, {
    kind: "reaction",
    conversationId,
    messageWamid: message.wamid,
    emoji,
    sentByUserId: user.id,
  });
  return { message, touches: await listTouches(ctx.db.kysely, conversationId, [message.wamid]) };
}

/**
 * An agent's reply: free-form text (409 window_closed outside the 24-hour window), or an approved template
 * (allowed outside it; 409 template_not_approved for any other).
 */
export async function reply(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  body: { text: string } | { template: TemplateSend },
): Promise<Message> {
  await visibleConversation(ctx, user, conversationId);
  const queued = await sendOutbound(
    ctx,
    "text" in body
      ? { conversationId, kind: "text", text: body.text, sentByUserId: user.id }
      : await templateOutbound(ctx, conversationId, body.template, user.id),
  );
  const message = await findMessage(ctx.db.kysely, queued.messageId!);
  if (!message) throw new AppError("internal", "The reply vanished");
  return message;
}

/** Clears the unread count and sends blue ticks for the customer's last message. */
export async function markRead(ctx: AppContext, user: Viewer, conversationId: string): Promise<void> {
  const conversation = await visibleConversation(ctx, user, conversationId);
  const now = ctx.clock.now().toISOString();
  const cleared = await markConversationRead(ctx.db.kysely, conversationId, now);
  if (cleared > 0 && conversation.lastInboundWamid) {
    await sendOutbound(ctx, { kind: "read", conversationId });
  }
  ctx.events.publish({
    type: "conversation.read",
    audience: audienceOf(conversation.role),
    data: { conversationId, byUserId: user.id },
  });
}

export async function mediaFor(
  ctx: AppContext,
  user: Viewer,
  messageId: string,
): Promise<{ stream: Readable; mime: string; size: number | null; filename: string }> {
  const message = await findMessage(ctx.db.kysely, messageId);
  if (!message?.media) throw new AppError("not_found", "No media for this message");
  await visibleConversation(ctx, user, message.conversationId);
  if (message.media.status !== "stored" || !message.media.key) {
    throw new AppError("not_found", `The media is not available (${message.media.status})`);
  }
  const stream = await localStorageFor(ctx.config.dataDir, "media").stream(message.media.key);
  if (!stream) throw new AppError("not_found", "The media file is missing");
  return {
    stream,
    mime: message.media.mime ?? "application/octet-stream",
    size: message.media.size,
    filename: message.media.key.split("/").pop() ?? "media",
  };
}
