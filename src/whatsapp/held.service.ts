import type { ConversationRole } from "../inbox/inbox.tables.js";
import type { AppContext } from "../platform/context.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { audienceOf } from "../users/policies.js";
import { holdFailedMessage, markMessageHeld, releaseHeldMessage } from "./delivery.repository.js";
import type { InboundListener } from "./inbound-events.js";
import { SEND_JOB } from "./send.service.js";
import { findAutomatic, listHeld, setAutomaticOutcome } from "./templates.repository.js";

// Automatic messages that wait for the 24-hour window: released when the customer writes again, and held
// (not failed) when WhatsApp refuses them with 131047 because the window closed while they were queued,
// whether it says so in its answer to the send or later in a failed status webhook.

/** Inbound listener: the customer wrote, the window is open: every held message of the conversation goes. */
export const releaseHeldOnReply: InboundListener = async (event, ctx) => {
  if (!event.window.open) return;
  const conversation = event.conversation;
  // Nearly every message finds nothing held: a plain read says so without a transaction. A message held after
  // this read is released by the customer's next message, as one held after the transaction would be.
  if ((await listHeld(ctx.db.kysely, conversation.id)).length === 0) return;
  const released = await inSharedTransaction(ctx, async (tx) => {
    const ids = await listHeld(tx.trx, conversation.id);
    const now = tx.clock.now().toISOString();
    const done: string[] = [];
    for (const id of ids) {
      await setAutomaticOutcome(tx.trx, id, "released", now);
      if (!(await releaseHeldMessage(tx.trx, id, now))) continue;
      await tx.enqueue({ type: SEND_JOB, payload: { messageId: id }, maxAttempts: 10 });
      done.push(id);
    }
    return done;
  });
  for (const messageId of released) {
    ctx.events.publish({
      type: "message.status",
      audience: audienceOf(conversation.role),
      data: { conversationId: conversation.id, messageId, status: "queued", errorCode: null },
    });
  }
};

/**
 * WhatsApp refused an automatic message because the window had closed by the time it was sent: it waits
 * for the customer's next message instead of failing. False for any other message (the caller fails it).
 */
export async function holdAtSend(ctx: AppContext, messageId: string, code: number | null): Promise<boolean> {
  const automatic = await findAutomatic(ctx.db.kysely, messageId);
  if (automatic?.outcome !== "sent") return false;
  return inSharedTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    if (!(await markMessageHeld(tx.trx, messageId, "held:closed_at_send", code, now))) return false;
    await setAutomaticOutcome(tx.trx, messageId, "held", null);
    return true;
  });
}

/**
 * A failed status webhook with a closed-window code for an automatic message: the message waits for the
 * customer's next message instead of staying failed. Runs after the webhook's commit; if it never runs (the
 * process died), the message stays failed with Meta's reason in the thread, never silently lost.
 */
export async function holdAfterFailedStatus(
  ctx: AppContext,
  change: { messageId: string; conversationId: string; role: ConversationRole; errorCode: number },
): Promise<void> {
  const automatic = await findAutomatic(ctx.db.kysely, change.messageId);
  if (automatic?.outcome !== "sent") return;
  const held = await inSharedTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    if (!(await holdFailedMessage(tx.trx, change.messageId, change.errorCode, now))) return false;
    await setAutomaticOutcome(tx.trx, change.messageId, "held", null);
    return true;
  });
  if (!held) return;
  ctx.events.publish({
    type: "message.status",
    audience: audienceOf(change.role),
    data: {
      conversationId: change.conversationId,
      messageId: change.messageId,
      status: "held",
      errorCode: change.errorCode,
    },
  });
}
