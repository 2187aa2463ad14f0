import { z } from "zod";
import { languageSchema } from "../settings/settings.schema.js";
import { templateSendSchema } from "../whatsapp/whatsapp.schema.js";

export const conversationRoleSchema = z.enum(["presales", "premium"]);
export const conversationStateSchema = z.enum(["waiting", "redirected", "replied", "closed"]);

export const listConversationsQuery = z.object({
  role: conversationRoleSchema.optional(),
  state: conversationStateSchema.optional(),
  /** Words to find in message text (all must appear; the last may be a prefix). */
  q: z.string().max(200).optional(),
  /** "me", "none" (unassigned) or a user id. */
  assignee: z.string().min(1).max(64).optional(),
  /** Page older than this lastMessageAt (from the previous page's nextBefore). */
  before: z.iso.datetime().optional(),
  /** true: only conversations waiting for a human reply; false: only the others. */
  needsReply: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  /** "waiting": the longest-waiting customer first (the waiting and needs-reply views), paged with `after`. */
  order: z.enum(["recent", "waiting"]).default("recent"),
  /** Page of the "waiting" order: after this customer's last message (the previous page's nextAfter). */
  after: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const listMessagesQuery = z.object({
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** A free-form reply (inside the 24-hour window), or an approved template (allowed outside it). */
export const replyBody = z.union([
  z.object({ text: z.string().min(1).max(4096) }).strict(),
  z.object({ template: templateSendSchema }).strict(),
]);

/** An agent's reaction to a message; an empty emoji takes the agent's reaction away. */
export const reactionBody = z.object({
  emoji: z
    .string()
    .max(32)
    .refine((v) => v === "" || !/[\s\p{L}]/u.test(v), "emoji must be an emoji (or empty to remove)"),
});
export const reactionParams = z.object({
  id: z.string().min(1).max(64),
  messageId: z.string().min(1).max(64),
});

const contactView = z.object({
  id: z.string(),
  waId: z.string().nullable(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  language: z.string().nullable(),
  customerId: z.string().nullable(),
});

export const conversationView = z.object({
  id: z.string(),
  role: conversationRoleSchema,
  phoneNumberId: z.string(),
  businessNumber: z.string().nullable(),
  state: conversationStateSchema,
  assigneeId: z.string().nullable(),
  contact: contactView,
  lastMessageAt: z.string(),
  lastMessagePreview: z.string(),
  /** The customer's last message (never an automatic reply, never a reaction). */
  preview: z.string(),
  /** A customer message that no automatic reply fully answers has no later human reply. */
  needsReply: z.boolean(),
  /** false: written to a business number that is not in the settings (nothing automatic is sent from it). */
  numberConfigured: z.boolean(),
  lastInboundAt: z.string().nullable(),
  unreadCount: z.number(),
  window: z.object({ open: z.boolean(), closesAt: z.string().nullable() }),
  createdAt: z.string(),
  /** In search results (?q=): the newest matching message, a snippet of its text and the matches in it. */
  match: z
    .object({
      messageId: z.string(),
      text: z.string(),
      ranges: z.array(z.tuple([z.number().int(), z.number().int()])),
    })
    .nullable()
    .optional(),
});

/**
 * Set by beedesk: an outbound message it sent by itself (`kind` "catalogue" for a catalogue answer, with its
 * source; "automatic" for the other automatic replies; "correction" for an agent's one-click correction), or
 * a customer's question the catalogue recognised (`kind` "question": answered or not, and the suggestion).
 */
export const automaticView = z.object({
  kind: z.string(),
  productId: z.string().nullable(),
  /** The product's name when the mark was made. */
  product: z.string().nullable(),
  /** What was asked: compatibility, php, flavour, price, link, qa. */
  kinds: z.array(z.string()),
  /** The facts used, in words ("platformVersions: 3.0, 4.0"). */
  fact: z.string().nullable(),
  confidence: z.number().nullable(),
  /** On a question: answered automatically (true) or left to an agent (false). */
  answered: z.boolean().nullable(),
  /** Why it was left to an agent: no_product, several_products, other_question, missing_fact, low_confidence, turned_off… */
  whyNot: z.string().nullable(),
  /** On a question left to an agent: the answer the catalogue would give, to send in one click. */
  suggestion: z.string().nullable(),
  /** On an answer an agent corrected: when. */
  correctedAt: z.string().nullable(),
});

export const messageView = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(["in", "out"]),
  wamid: z.string().nullable(),
  type: z.string(),
  text: z.string().nullable(),
  status: z.string(),
  errorCode: z.number().nullable(),
  /** Why it failed, in the viewer's language. */
  errorReason: z.string().nullable(),
  sentByUserId: z.string().nullable(),
  contextWamid: z.string().nullable(),
  media: z
    .object({
      status: z.string(),
      mimeType: z.string().nullable(),
      size: z.number().nullable(),
      url: z.string(),
    })
    .nullable(),
  /** Inbound: the message as Meta sent it; outbound: the request body (buttons, list rows, template). */
  content: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  statusAt: z.string().nullable(),
  /** Current reactions on this message: the customer's and the agents' (one each at most). */
  reactions: z.array(z.object({ emoji: z.string(), by: z.enum(["customer", "agent"]), at: z.string() })),
  /** When the customer last edited it (`text` is the newest text); earlier texts in `edits`, oldest first. */
  editedAt: z.string().nullable(),
  edits: z.array(z.object({ text: z.string().nullable(), at: z.string() })),
  /** When the customer deleted it; only the owner still sees its text and content. */
  deletedAt: z.string().nullable(),
  /** The click-to-WhatsApp ad that brought the customer, when this message came from one. */
  referral: z
    .object({
      headline: z.string().nullable(),
      body: z.string().nullable(),
      sourceUrl: z.string().nullable(),
      sourceId: z.string().nullable(),
      sourceType: z.string().nullable(),
      ctwaClid: z.string().nullable(),
    })
    .nullable(),
  automatic: automaticView.nullable(),
});

export const conversationListView = z.object({
  data: z.array(conversationView),
  nextBefore: z.string().nullable(),
  /** The "waiting" order's cursor (null in the other order and on the last page). */
  nextAfter: z.string().nullable(),
});

/** Counts per inbox view, computed on the server over the conversations the viewer may see. */
export const viewCountsView = z.object({
  data: z.array(
    z.object({
      view: z.enum(["all", "needsReply", "waiting", "mine", "unassigned", "closed"]),
      conversations: z.number().int(),
      unread: z.number().int(),
    }),
  ),
});
export const messageListView = z.object({ data: z.array(messageView) });

/** The conversation's contact's customer and licenses (the inbox's customer panel). */
export const customerPanelView = z.object({
  customer: z
    .object({ id: z.string(), name: z.string(), email: z.string(), phones: z.array(z.string()) })
    .nullable(),
  licenses: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      product: z.string(),
      supportUntil: z.string(),
      status: z.string(),
      support: z.enum(["active", "expired", "revoked", "refunded"]),
      supportActive: z.boolean(),
      daysLeft: z.number(),
    }),
  ),
  language: languageSchema.nullable(),
  /** After a link: the contact's number, now one of the customer's phones (null: it was, or is another's). */
  phoneAdded: z.string().nullable().optional(),
});

export const noteView = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export const noteListView = z.object({ data: z.array(noteView) });

export type ConversationView = z.infer<typeof conversationView>;
export type MessageView = z.infer<typeof messageView>;
export type CustomerPanelView = z.infer<typeof customerPanelView>;

// The filled canned replies are the ticket desk's shape (one definition for both composers).
export {
  type FilledCannedReplyView,
  filledCannedReplyListView,
  filledCannedReplyView,
} from "../tickets/canned-replies.schema.js";
