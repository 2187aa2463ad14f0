import type { AppContext } from "../platform/context.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { audienceOf } from "../users/policies.js";
import { markMessageHeld, releaseHeldMessage } from "./delivery.repository.js";
import type { InboundListener } from "./inbound-events.js";
import { SEND_JOB } from "./send.service.js";
import { findAutomatic, listHeld, setAutomaticOutcome } from "./templates.repository.js";

// Automatic messages that wait for the 24-hour window: released when the customer writes again, and held
// (not failed) when WhatsApp answers 131047 at send time because the window closed while they were queued.

/** Inbound listener: the customer wrote, the window is open: every held message of the conversation goes. */
export const releaseHeldOnReply: InboundListener = async (event, ctx) => {
  if (!event.window.open) return;
  const conversation = event.conversation;
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
