import { z } from "zod";
import {
  type Contact,
  type Conversation,
  findConversation,
  findMessage,
  type Message,
} from "../inbox/inbox.public.js";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/outbox/job.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { InboundDispatcher } from "./inbound-dispatcher.js";
import { INBOUND_JOB } from "./ingest.repository.js";
import { type WindowState, windowState } from "./window.js";

/** What a listener learns about a new customer message (committed, never a duplicate delivery). */
export interface InboundMessageEvent {
  message: Message;
  conversation: Conversation;
  contact: Contact;
  /** The tapped reply, when the message is a button or list reply or a template quick-reply button. */
  reply?: { kind: "button_reply" | "list_reply" | "template_button"; id: string; title: string };
  /** The 24-hour window as of now (just reopened by this message unless it arrived very late). */
  window: WindowState;
  /** The customer came from a click-to-WhatsApp ad (the message carries its `referral`). */
  fromAd?: boolean;
}

/**
 * Kysely on SQLite answers without real I/O, so a chain of jobs would run as one long string of microtasks and
 * the webhook's sockets would not be read until it ends: every WhatsApp job gives the event loop a turn first.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type InboundListener = (event: InboundMessageEvent, ctx: AppContext) => Promise<void>;

/** Each server's listeners: the modules declare them (DomainModule.inboundListeners), the server adds them. */
const registry = new WeakMap<AppContext, InboundListener[]>();

function listenersOf(ctx: AppContext): InboundListener[] {
  let listeners = registry.get(ctx);
  if (!listeners) {
    listeners = [];
    registry.set(ctx, listeners);
  }
  return listeners;
}

/**
 * Run `listener` for every new inbound message this server stores (auto-replies, routing). Listeners run in
 * the outbox job `whatsapp.inbound`: if one throws, the job is retried and EVERY listener runs again, so each
 * must be idempotent (e.g. enqueue with a dedupe key). Returns an unsubscribe function.
 */
export function onInboundMessage(ctx: AppContext, listener: InboundListener): () => void {
  const listeners = listenersOf(ctx);
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

const InboundPayload = z.object({
  messages: z.array(z.object({ messageId: z.string(), conversationId: z.string() })).min(1),
});

/**
 * One job per committed batch of new messages (SQLite group commit writes one for the whole batch: a job per
 * message would cost the worker two commits each). Each message's listeners run in turn; when a listener fails
 * for one message of several, that message alone is re-enqueued as its own job so the others are not repeated.
 */
export const inboundJob = defineJob({
  type: INBOUND_JOB,
  payload: InboundPayload,
  handle: async ({ messages }, { ctx }) => {
    if (listenersOf(ctx).length === 0) return { listeners: 0 };
    const outcomes = await dispatcherFor(ctx).run(messages);
    const failed = messages.filter((_, i) => outcomes[i] !== undefined);
    const errors = outcomes.filter((e) => e !== undefined);
    if (messages.length === 1 && errors.length === 1) throw errors[0];
    if (failed.length > 0) {
      for (const [i, ids] of messages.entries()) {
        if (outcomes[i] === undefined) continue;
        ctx.log.warn(
          { err: outcomes[i], messageId: ids.messageId },
          "inbound listener failed; retrying alone",
        );
      }
      await inSharedTransaction(ctx, async (tx) => {
        for (const ids of failed) await tx.enqueue({ type: INBOUND_JOB, payload: { messages: [ids] } });
      });
    }
    return {
      messages: messages.length,
      failed: failed.length,
      ...(errors.length > 0 ? { error: String(errors.at(-1)) } : {}),
    };
  },
});

const dispatchers = new WeakMap<AppContext, InboundDispatcher>();

function dispatcherFor(ctx: AppContext): InboundDispatcher {
  let dispatcher = dispatchers.get(ctx);
  if (!dispatcher) {
    dispatcher = new InboundDispatcher((ids) => dispatch(ctx, ids.messageId, ids.conversationId));
    dispatchers.set(ctx, dispatcher);
  }
  return dispatcher;
}

async function dispatch(ctx: AppContext, messageId: string, conversationId: string): Promise<void> {
  const [message, conversation] = await Promise.all([
    findMessage(ctx.db.kysely, messageId),
    findConversation(ctx.db.kysely, conversationId),
  ]);
  if (!message || !conversation) return;
  const event: InboundMessageEvent = {
    message,
    conversation,
    contact: conversation.contact,
    window: windowState(conversation.lastInboundAt, ctx.clock.now()),
    ...fromRaw(message),
  };
  for (const listener of [...listenersOf(ctx)]) await listener(event, ctx);
}

function fromRaw(message: Message): Pick<InboundMessageEvent, "reply" | "fromAd"> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(message.raw) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (!raw || typeof raw !== "object") return {};
  const referral = raw.referral;
  const fromAd = referral !== null && typeof referral === "object" && !Array.isArray(referral);
  return { ...tappedReply(raw), ...(fromAd && { fromAd }) };
}

function tappedReply(raw: Record<string, unknown>): Pick<InboundMessageEvent, "reply"> {
  const interactive = raw.interactive as Record<string, Record<string, unknown> | undefined> | undefined;
  for (const kind of ["button_reply", "list_reply"] as const) {
    const part = interactive?.[kind];
    if (part && typeof part.id === "string") {
      return { reply: { kind, id: part.id, title: typeof part.title === "string" ? part.title : "" } };
    }
  }
  const button = raw.button as Record<string, unknown> | undefined;
  if (button && typeof button.text === "string") {
    const id = typeof button.payload === "string" && button.payload !== "" ? button.payload : button.text;
    return { reply: { kind: "template_button", id, title: button.text } };
  }
  return {};
}
