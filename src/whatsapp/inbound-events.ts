import { z } from "zod";
import {
  type Contact,
  type Conversation,
  findConversation,
  findMessage,
  type Message,
} from "../inbox/inbox.repository.js";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/outbox/job.js";
import { INBOUND_JOB, type InboundRef } from "./ingest.repository.js";
import { receiverUnderPressure } from "./ingest.writer.js";
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
}

/**
 * Kysely on SQLite answers without real I/O, so a chain of jobs would run as one long string of microtasks and
 * the webhook's sockets would not be read until it ends: every WhatsApp job gives the event loop a turn first.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type InboundListener = (event: InboundMessageEvent, ctx: AppContext) => Promise<void>;

const listeners: InboundListener[] = [];

/**
 * Register code to run for every new inbound message (auto-replies, routing). Register once, at module
 * load: the registry is per process and listeners receive the context of the server that stored the message.
 * Listeners run in the outbox job `whatsapp.inbound`: if one throws, the job is retried and EVERY listener runs
 * again, so each must be idempotent (e.g. enqueue with a dedupe key). Returns an unsubscribe function.
 */
export function onInboundMessage(listener: InboundListener): () => void {
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
    if (listeners.length === 0) return { listeners: 0 };
    // One dispatcher at a time per process, in slices of a few milliseconds: under a flood of webhooks the
    // listeners' work never takes more than a slice of each turn of the event loop from the receiver.
    const turn = dispatching.then(() => dispatchAll(ctx, messages));
    dispatching = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  },
});

let dispatching: Promise<void> = Promise.resolve();
/** Messages being handled at once: their writes share commits (see sharedTransactions). */
const MAX_IN_FLIGHT = 64;
/** Messages started per turn of the event loop, so the receiver gets a turn every few milliseconds. */
const STARTS_PER_TURN = 16;
const PRESSURE_PAUSE_MS = 20;

/**
 * Handles a job's messages concurrently across conversations and in arrival order within each one: a message
 * starts only when no earlier message of its conversation is still being handled.
 */
async function dispatchAll(ctx: AppContext, messages: InboundRef[]) {
  const failed: InboundRef[] = [];
  let lastError: unknown;
  const waiting = [...messages];
  const busy = new Set<string>();
  await new Promise<void>((finished) => {
    let scheduled = false;
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      if (receiverUnderPressure()) {
        // A burst of webhooks (beyond what Meta sends one number): start more every 20 ms until it passes.
        setTimeout(pump, PRESSURE_PAUSE_MS);
      } else setImmediate(pump);
    };
    const settle = (ids: InboundRef) => {
      busy.delete(ids.conversationId);
      if (waiting.length === 0 && busy.size === 0) finished();
      else schedule();
    };
    function pump(): void {
      scheduled = false;
      let started = 0;
      for (let i = 0; i < waiting.length && busy.size < MAX_IN_FLIGHT && started < STARTS_PER_TURN; ) {
        const ids = waiting[i]!;
        if (busy.has(ids.conversationId)) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        busy.add(ids.conversationId);
        started++;
        dispatch(ctx, ids.messageId, ids.conversationId).then(
          () => settle(ids),
          (error: unknown) => {
            failed.push(ids);
            lastError = error;
            if (messages.length > 1) {
              ctx.log.warn(
                { err: error, messageId: ids.messageId },
                "inbound listener failed; retrying alone",
              );
            }
            settle(ids);
          },
        );
      }
      if (started === STARTS_PER_TURN && waiting.length > 0 && busy.size < MAX_IN_FLIGHT) schedule();
    }
    schedule();
  });
  if (failed.length > 0 && messages.length === 1) throw lastError;
  if (failed.length > 0) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const ids of failed)
        await ctx.outbox.enqueue(trx, { type: INBOUND_JOB, payload: { messages: [ids] } });
    });
    ctx.outbox.wake();
  }
  return {
    messages: messages.length,
    failed: failed.length,
    ...(lastError ? { error: String(lastError) } : {}),
  };
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
    ...tappedReply(message),
  };
  for (const listener of [...listeners]) await listener(event, ctx);
}

function tappedReply(message: Message): Pick<InboundMessageEvent, "reply"> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(message.raw) as Record<string, unknown>;
  } catch {
    return {};
  }
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
