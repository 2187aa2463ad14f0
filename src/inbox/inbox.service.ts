import type { Readable } from "node:stream";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { localStorageFor } from "../platform/storage.js";
import type { Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf, authorizeResource, canSee } from "../users/policies.js";
import type { User } from "../users/users.service.js";
import { agentReadableReason } from "../whatsapp/graph-response.js";
import { heldReasonText } from "../whatsapp/graph-words.js";
import { sendOutbound } from "../whatsapp/send.service.js";
import { templateOutbound } from "../whatsapp/template-send.js";
import type { TemplateSend } from "../whatsapp/whatsapp.schema.js";
import { windowState } from "../whatsapp/window.js";
import {
  type Conversation,
  type ConversationFilter,
  findConversation,
  findMessage,
  listConversations,
  listMessages,
  type Message,
  markConversationRead,
} from "./inbox.repository.js";
import type { ConversationView, MessageView } from "./inbox.schema.js";
import type { ConversationRole, ConversationState } from "./inbox.tables.js";
import { catchUpSearchIndex } from "./search-index.service.js";

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
  limit: number;
}

export async function inboxList(ctx: AppContext, user: Viewer, query: InboxQuery): Promise<Conversation[]> {
  const settings = await getSettings(ctx);
  const filter: ConversationFilter = {
    includePremium: canSee(settings, user, "premium"),
    limit: query.limit,
    ...(query.role && { role: query.role }),
    ...(query.state && { state: query.state }),
    ...(query.before && { before: query.before }),
  };
  if (query.assignee === "me") filter.assigneeId = user.id;
  else if (query.assignee === "none") filter.assigneeId = null;
  else if (query.assignee) filter.assigneeId = query.assignee;
  const q = query.q?.trim();
  if (q) {
    filter.search = q;
    await catchUpSearchIndex(ctx);
  }
  return listConversations(ctx.db.kysely, ctx.db.dialect, filter);
}

export async function thread(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  options: { before?: string; limit: number },
): Promise<Message[]> {
  await visibleConversation(ctx, user, conversationId);
  return listMessages(ctx.db.kysely, conversationId, options);
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

export function presentConversation(ctx: AppContext, settings: Settings, c: Conversation): ConversationView {
  const window = windowState(c.lastInboundAt, ctx.clock.now());
  const businessNumber =
    c.phoneNumberId === settings.channels.presales.phoneNumberId
      ? settings.channels.presales.displayNumber
      : c.phoneNumberId === settings.channels.premium.phoneNumberId
        ? settings.channels.premium.displayNumber
        : null;
  return {
    id: c.id,
    role: c.role,
    phoneNumberId: c.phoneNumberId,
    businessNumber,
    state: c.state,
    assigneeId: c.assigneeId,
    contact: {
      id: c.contact.id,
      waId: c.contact.waId,
      userId: c.contact.userId,
      name: c.contact.profileName,
      username: c.contact.username,
      language: c.contact.language,
      customerId: c.contact.customerId,
    },
    lastMessageAt: c.lastMessageAt,
    lastMessagePreview: c.lastMessagePreview,
    lastInboundAt: c.lastInboundAt,
    unreadCount: c.unreadCount,
    window: { open: window.open, closesAt: window.closesAt ?? null },
    createdAt: c.createdAt,
  };
}

export function presentMessage(m: Message, viewer: Viewer): MessageView {
  let content: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(m.raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      content = parsed as Record<string, unknown>;
  } catch {}
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    wamid: m.wamid,
    type: m.type,
    text: m.text,
    status: m.status,
    errorCode: m.errorCode,
    errorReason:
      m.status === "held"
        ? heldReasonText(m.errorReason, viewer.language === "es" ? "es" : "en")
        : m.status === "failed"
          ? m.errorCode !== null
            ? agentReadableReason(m.errorCode, viewer.language === "es" ? "es" : "en")
            : m.errorReason
          : null,
    sentByUserId: m.sentByUserId,
    contextWamid: m.contextWamid,
    media: m.media
      ? { status: m.media.status, mimeType: m.media.mime, size: m.media.size, url: `/api/v1/media/${m.id}` }
      : null,
    content,
    createdAt: m.createdAt,
    statusAt: m.statusAt,
  };
}
