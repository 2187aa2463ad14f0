import type { AppContext } from "../platform/context.js";
import { parseMark } from "../policy/policy.public.js";
import type { Settings } from "../settings/settings.schema.js";
import type { User } from "../users/users.service.js";
import { agentReadableReason } from "../whatsapp/graph-response.js";
import { heldReasonText } from "../whatsapp/graph-words.js";
import { windowState } from "../whatsapp/window.js";
import type { Conversation } from "./inbox.repository.js";
import type { ConversationView, MessageView } from "./inbox.schema.js";
import type { Message, Touch } from "./messages.repository.js";

type Viewer = Pick<User, "id" | "role" | "language">;

export function presentConversation(ctx: AppContext, settings: Settings, c: Conversation): ConversationView {
  const window = windowState(c.lastInboundAt, ctx.clock.now());
  const { presales, premium } = settings.channels;
  const businessNumber =
    c.phoneNumberId === presales.phoneNumberId
      ? presales.displayNumber
      : c.phoneNumberId === premium.phoneNumberId
        ? premium.displayNumber
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
    preview: c.preview,
    needsReply: c.needsReply,
    numberConfigured: businessNumber !== null,
    lastInboundAt: c.lastInboundAt,
    unreadCount: c.unreadCount,
    window: { open: window.open, closesAt: window.closesAt ?? null },
    createdAt: c.createdAt,
  };
}

/**
 * A thread item with what touched it: the reactions in force (the newest of the customer's and of the agents',
 * an empty emoji being a removal), the edits (the newest text shows; earlier ones are kept for agents) and a
 * revoke (the text and content stay visible to the owner only, for disputes).
 */
export function presentMessage(m: Message, viewer: Viewer, touches: readonly Touch[] = []): MessageView {
  const mine = touches.filter((t) => t.targetWamid === m.wamid);
  const edits = mine.filter((t) => t.type === "edit" && t.direction === "in");
  const revoke = mine.find((t) => t.type === "revoke" && t.direction === "in");
  const latest = edits.at(-1);
  const hidden = revoke !== undefined && viewer.role !== "owner";
  const content = hidden ? {} : parseContent(m.raw);
  const earlier = [
    { text: m.text, at: m.createdAt },
    ...edits.slice(0, -1).map((e) => ({ text: e.text, at: e.createdAt })),
  ];
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    wamid: m.wamid,
    type: m.type,
    text: hidden ? null : latest ? latest.text : m.text,
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
    media:
      m.media && !hidden
        ? { status: m.media.status, mimeType: m.media.mime, size: m.media.size, url: `/api/v1/media/${m.id}` }
        : null,
    content,
    createdAt: m.createdAt,
    statusAt: m.statusAt,
    reactions: reactionsOf(mine),
    editedAt: latest?.createdAt ?? null,
    edits: latest && !hidden ? earlier : [],
    deletedAt: revoke?.createdAt ?? null,
    referral: referralOf(content),
    automatic: automaticOf(m),
  };
}

/** The catalogue's mark, or for another outbound message beedesk sent by itself, kind "automatic". */
function automaticOf(m: Message): MessageView["automatic"] {
  const mark = parseMark(m.automatic);
  if (!mark) {
    if (m.direction !== "out" || m.sentByUserId !== null || m.targetWamid !== null) return null;
    return {
      kind: "automatic",
      productId: null,
      product: null,
      kinds: [],
      fact: null,
      confidence: null,
      answered: null,
      whyNot: null,
      suggestion: null,
      correctedAt: null,
    };
  }
  return {
    kind: mark.kind,
    productId: mark.productId,
    product: mark.product,
    kinds: mark.kinds,
    fact: mark.facts.length > 0 ? mark.facts.join("; ") : null,
    confidence: mark.kind === "correction" ? null : mark.confidence,
    answered: mark.answered ?? null,
    whyNot: mark.whyNot ?? null,
    suggestion: mark.suggestion ?? null,
    correctedAt: mark.correctedAt ?? null,
  };
}

function reactionsOf(touches: readonly Touch[]): MessageView["reactions"] {
  const reactions: MessageView["reactions"] = [];
  for (const [direction, by] of [
    ["in", "customer"],
    ["out", "agent"],
  ] as const) {
    const last = touches
      .filter((t) => t.type === "reaction" && t.direction === direction && t.status !== "failed")
      .at(-1);
    if (last?.text) reactions.push({ emoji: last.text, by, at: last.createdAt });
  }
  return reactions;
}

function parseContent(raw: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {}
  return {};
}

function referralOf(content: Record<string, unknown>): MessageView["referral"] {
  const r = content.referral;
  if (!r || typeof r !== "object" || Array.isArray(r)) return null;
  const field = (key: string) => {
    const value = (r as Record<string, unknown>)[key];
    return typeof value === "string" ? value : null;
  };
  return {
    headline: field("headline"),
    body: field("body"),
    sourceUrl: field("source_url"),
    sourceId: field("source_id"),
    sourceType: field("source_type"),
    ctwaClid: field("ctwa_clid"),
  };
}
