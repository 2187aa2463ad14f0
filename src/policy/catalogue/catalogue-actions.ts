/**
 * The agent's one-click actions on the catalogue's marks: send the suggestion beedesk held back for a
 * question, or correct an automatic answer (a short retraction in the customer's language; the conversation
 * waits for a person again). Each sent message is marked with what it follows up.
 */
import { markNeedsReply } from "../../inbox/inbox.public.js";
import { visibleConversation } from "../../inbox/inbox.service.js";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { translate } from "../../platform/i18n/i18n.js";
import { inTransaction, type TxContext } from "../../platform/transaction.js";
import { getSettings } from "../../settings/settings.service.js";
import { audienceOf } from "../../users/policies.js";
import type { User } from "../../users/users.service.js";
import { queueOutbound } from "../../whatsapp/send.service.js";
import { findMarkedMessage, type MarkedMessage, setMessageMark } from "./catalogue.repository.js";
import type { CatalogueMark } from "./mark.js";

type Viewer = Pick<User, "id" | "role" | "language">;

async function marked(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  messageId: string,
): Promise<MarkedMessage> {
  await visibleConversation(ctx, user, conversationId);
  const message = await findMarkedMessage(ctx.db.kysely, messageId);
  if (!message || message.conversationId !== conversationId) {
    throw new AppError("not_found", "No catalogue question or answer with this id in the conversation");
  }
  return message;
}

/** Sends `text` as the agent, marked `mark`; `also` runs in the same transaction. */
async function sendMarked(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  text: string,
  mark: CatalogueMark,
  also: (tx: TxContext, at: string) => Promise<void>,
): Promise<string> {
  const conversation = await visibleConversation(ctx, user, conversationId);
  const messageId = await inTransaction(ctx, async (tx) => {
    const at = tx.clock.now().toISOString();
    const queued = await queueOutbound(tx, { conversationId, kind: "text", text, sentByUserId: user.id });
    await setMessageMark(tx.trx, queued.messageId!, mark);
    await also(tx, at);
    return queued.messageId!;
  });
  ctx.outbox.wake();
  ctx.events.publish({
    type: "message.created",
    audience: audienceOf(conversation.role),
    data: { conversationId, messageId, direction: "out" },
  });
  return messageId;
}

/** The suggestion of a question left to an agent, sent as the agent's reply. */
export async function sendSuggestion(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  questionId: string,
): Promise<string> {
  const question = await marked(ctx, user, conversationId, questionId);
  const { mark } = question;
  if (mark.kind !== "question" || mark.answered || !mark.suggestion) {
    throw new AppError("invalid_state", "This message has no suggestion to send");
  }
  return sendMarked(
    ctx,
    user,
    conversationId,
    mark.suggestion,
    { ...mark, kind: "suggestion", of: questionId, answered: undefined, suggestion: undefined },
    // Sent once: the question keeps what was recognised (for the reports), not the suggestion.
    async (tx) => setMessageMark(tx.trx, questionId, { ...mark, suggestion: undefined }),
  );
}

/** Retracts an automatic catalogue answer: the correction in the customer's language, then a person answers. */
export async function correctAnswer(
  ctx: AppContext,
  user: Viewer,
  conversationId: string,
  answerId: string,
): Promise<string> {
  const answer = await marked(ctx, user, conversationId, answerId);
  const { mark } = answer;
  if (mark.kind !== "catalogue") throw new AppError("invalid_state", "Only an automatic answer is corrected");
  if (mark.correctedAt) throw new AppError("conflict", "This answer was corrected already");
  const conversation = await visibleConversation(ctx, user, conversationId);
  const settings = await getSettings(ctx);
  const lang = conversation.contact.language;
  const language = lang === "es" || lang === "en" ? lang : settings.vendor.defaultLanguage;
  const text = translate(language, "policy.catalogue.correction", { product: mark.product ?? "" });
  return sendMarked(
    ctx,
    user,
    conversationId,
    text,
    { ...mark, kind: "correction", of: answerId, correctedAt: undefined },
    async (tx, at) => {
      await setMessageMark(tx.trx, answerId, { ...mark, correctedAt: at });
      await markNeedsReply(tx.trx, conversationId, at);
    },
  );
}
