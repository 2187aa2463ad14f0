import type { Conversation } from "../inbox/inbox.public.js";
import type { TxContext } from "../platform/transaction.js";
import { type OutboundInput, type Queued, queueOutbound } from "../whatsapp/send.service.js";
import type { ReplyContent } from "./policy-texts.js";

/** The channel's message for a reply; `sentByUserId` null marks it automatic (no "replied" state). */
export function outboundFor(
  conversationId: string,
  content: ReplyContent,
  sentByUserId: string | null = null,
): OutboundInput {
  const common = { conversationId, sentByUserId };
  switch (content.kind) {
    case "text":
      return { ...common, kind: "text", text: content.text };
    case "buttons":
      return { ...common, kind: "buttons", buttons: { body: content.body, buttons: content.buttons } };
    case "list":
      return {
        ...common,
        kind: "list",
        list: { body: content.body, button: content.button, sections: content.sections },
      };
  }
}

/** Queue a policy reply in the caller's transaction (throws window_closed outside the 24-hour window). */
export function sendPolicyReply(
  tx: TxContext,
  conversation: string | Conversation,
  content: ReplyContent,
  sentByUserId: string | null = null,
): Promise<Queued> {
  const known = typeof conversation === "string" ? undefined : conversation;
  const conversationId = known?.id ?? (conversation as string);
  return queueOutbound(tx, outboundFor(conversationId, content, sentByUserId), known);
}
