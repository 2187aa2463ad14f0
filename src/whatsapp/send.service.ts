import { type Conversation, findConversation, touchConversationOutbound } from "../inbox/inbox.public.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { PRIORITY } from "../platform/outbox/outbox.public.js";
import type { TxContext } from "../platform/transaction.js";
import { inTransaction } from "../platform/transaction.js";
import { audienceOf } from "../users/policies.js";
import { insertOutboundMessage, markMessageHeld, setOutboundMedia } from "./delivery.repository.js";
import {
  type ButtonsInput,
  buttonsMessage,
  type ListInput,
  listMessage,
  type MediaInput,
  type MessageBody,
  markReadBody,
  mediaMessage,
  reactionMessage,
  type SendOptions,
  type TemplateInput,
  templateMessage,
  textMessage,
} from "./outbound.js";
import { windowState } from "./window.js";

export const SEND_JOB = "whatsapp.send";
export const READ_JOB = "whatsapp.read";

interface Common {
  conversationId: string;
  /** The agent who wrote it; absent for automatic replies. An agent's reply marks the conversation replied. */
  sentByUserId?: string | null;
  /** wamid of the customer message this answers (shown quoted). */
  replyTo?: string;
  /** Echoed in status webhooks (≤ 512 bytes). */
  callbackData?: string;
}

export type OutboundInput =
  | (Common & { kind: "text"; text: string; previewUrl?: boolean })
  | (Common & { kind: "buttons"; buttons: ButtonsInput })
  | (Common & { kind: "list"; list: ListInput })
  /** `text`: the template as the customer reads it (shown in the thread). */
  | (Common & { kind: "template"; template: TemplateInput; text?: string })
  /** An image or document already uploaded to Graph (`media.id`) and kept in the media storage (`stored`). */
  | (Common & { kind: "media"; media: MediaInput; stored: StoredMedia })
  /** A reaction to `messageWamid` (an empty emoji removes it): shown on that message, never a thread item. */
  | (Common & { kind: "reaction"; messageWamid: string; emoji: string })
  /** Blue ticks on a customer's message (default: the conversation's last inbound message). */
  | { kind: "read"; conversationId: string; wamid?: string };

/** The copy of a sent file in the data folder's media storage, shown in the agent's thread. */
export interface StoredMedia {
  key: string;
  mime: string;
  size: number;
}

export interface Queued {
  /** The outbound message row (status queued); absent for kind "read". */
  messageId?: string;
  /** The send job; "" for a held message (it gets one when released). */
  jobId: string;
}

/**
 * Queue a WhatsApp message in the caller's transaction: checks the Cloud API limits (400
 * validation_failed) and the 24-hour window (409 window_closed: only a template can reach the customer)
 * BEFORE anything is written, then writes the outbound message row (status queued) and its
 * `whatsapp.send` job. Call `ctx.outbox.wake()` after the transaction commits (or use sendOutbound).
 */
export async function queueOutbound(
  tx: TxContext,
  input: OutboundInput,
  /**
   * The conversation as the caller read it since the customer's last message (the policy has it): saves
   * reading it again. Only its recipient and its last inbound time are used, which that message settled.
   */
  known?: Conversation,
): Promise<Queued> {
  return writeOutbound(tx, input, undefined, known);
}

/**
 * An automatic message that must wait for the 24-hour window (automatic.service.ts): written like a send
 * (same checks of WhatsApp's limits) but with status "held" and no send job; released when the customer
 * writes again. `reason` says why, for the agent.
 */
export async function queueHeld(
  tx: TxContext,
  input: Exclude<OutboundInput, { kind: "read" }>,
  reason: string,
): Promise<string> {
  const queued = await writeOutbound(tx, input, reason);
  return queued.messageId!;
}

async function writeOutbound(
  tx: TxContext,
  input: OutboundInput,
  holdReason?: string,
  known?: Conversation,
): Promise<Queued> {
  const conversation =
    known?.id === input.conversationId ? known : await findConversation(tx.trx, input.conversationId);
  if (!conversation) throw new AppError("not_found", "Conversation not found");
  const now = tx.clock.now().toISOString();

  if (input.kind === "read") {
    const wamid = input.wamid ?? conversation.lastInboundWamid;
    if (!wamid) throw new AppError("invalid_state", "The customer has not written in this conversation");
    markReadBody(wamid);
    const jobId = await tx.enqueue({
      type: READ_JOB,
      payload: { phoneNumberId: conversation.phoneNumberId, wamid },
      dedupeKey: `${READ_JOB}:${wamid}`,
      maxAttempts: 5,
    });
    return { jobId };
  }

  const to = recipient(conversation);
  const options: SendOptions = {
    ...(input.replyTo !== undefined && { replyTo: input.replyTo }),
    ...(input.callbackData !== undefined && { callbackData: input.callbackData }),
  };
  const { body, text, preview } = build(to, input, options);
  if (
    holdReason === undefined &&
    input.kind !== "template" &&
    !windowState(conversation.lastInboundAt, tx.clock.now()).open
  ) {
    throw new AppError(
      "window_closed",
      "The 24-hour customer service window is closed: only an approved template message can be sent now",
    );
  }
  const messageId = newId();
  await insertOutboundMessage(tx.trx, {
    id: messageId,
    conversationId: conversation.id,
    type: body.type,
    text,
    raw: JSON.stringify(body),
    sentByUserId: input.sentByUserId ?? null,
    contextWamid: input.replyTo ?? null,
    targetWamid: input.kind === "reaction" ? input.messageWamid : null,
    createdAt: now,
  });
  if (input.kind === "media") await setOutboundMedia(tx.trx, messageId, input.media.id, input.stored);
  // A reaction is neither the conversation's last message nor a reply.
  if (input.kind !== "reaction") {
    await touchConversationOutbound(
      tx.trx,
      conversation.id,
      now,
      preview,
      input.sentByUserId ? "replied" : undefined,
    );
  }
  if (holdReason !== undefined) {
    await markMessageHeld(tx.trx, messageId, holdReason, null, now);
    return { messageId, jobId: "" };
  }
  // Urgent: claimed before the inbound backlog, so replies keep going out while new messages pour in.
  const jobId = await tx.enqueue({
    type: SEND_JOB,
    payload: { messageId },
    maxAttempts: 10,
    priority: PRIORITY.urgent,
  });
  return { messageId, jobId };
}

/** queueOutbound in its own transaction, then wake the worker and tell the inbox. */
export async function sendOutbound(ctx: AppContext, input: OutboundInput): Promise<Queued> {
  const queued = await inTransaction(ctx, (tx) => queueOutbound(tx, input));
  ctx.outbox.wake();
  if (queued.messageId) {
    const conversation = await findConversation(ctx.db.kysely, input.conversationId);
    if (conversation) {
      const audience = audienceOf(conversation.role);
      const data = { conversationId: conversation.id, messageId: queued.messageId };
      ctx.events.publish(
        input.kind === "reaction"
          ? { type: "message.updated", audience, data: { ...data, targetWamid: input.messageWamid } }
          : { type: "message.created", audience, data: { ...data, direction: "out" } },
      );
    }
  }
  return queued;
}

/** Phone number when known; otherwise the business-scoped user id (username users). */
export function recipient(conversation: Conversation): string {
  const to = conversation.contact.waId ?? conversation.contact.userId;
  if (!to) throw new AppError("invalid_state", "This contact has neither a phone number nor a user id");
  return to;
}

function build(
  to: string,
  input: Exclude<OutboundInput, { kind: "read" }>,
  options: SendOptions,
): { body: MessageBody; text: string | null; preview: string } {
  switch (input.kind) {
    case "text": {
      const body = textMessage(to, input.text, { ...options, previewUrl: input.previewUrl });
      return { body, text: input.text, preview: input.text.slice(0, 160) };
    }
    case "buttons": {
      const body = buttonsMessage(to, input.buttons, options);
      return { body, text: input.buttons.body, preview: input.buttons.body.slice(0, 160) };
    }
    case "list": {
      const body = listMessage(to, input.list, options);
      return { body, text: input.list.body, preview: input.list.body.slice(0, 160) };
    }
    case "template": {
      const body = templateMessage(to, input.template, options);
      const text = input.text ?? null;
      return { body, text, preview: (text ?? `[template: ${input.template.name}]`).slice(0, 160) };
    }
    case "media": {
      const body = mediaMessage(to, input.media, options);
      const caption = input.media.caption?.trim() ? input.media.caption : null;
      const label = input.media.type === "image" ? "📷" : `📄 ${input.media.filename ?? ""}`.trim();
      return { body, text: caption, preview: (caption ? `${label} ${caption}` : label).slice(0, 160) };
    }
    case "reaction": {
      const body = reactionMessage(to, input.messageWamid, input.emoji);
      return { body, text: input.emoji === "" ? null : input.emoji, preview: input.emoji };
    }
  }
}
