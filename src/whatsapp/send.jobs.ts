import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defaultBackoffMs, defineJob, RetryJobError } from "../platform/outbox/job.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf } from "../users/policies.js";
import { findUserById } from "../users/users.service.js";
import { CloudApi, GraphUnreachableError } from "./cloud-api.js";
import { whatsappConnection } from "./connection.service.js";
import { findSendTarget, markMessageFailed, recordSentWamid } from "./delivery.repository.js";
import { agentReadableReason, parseGraphError, parseSendResponse } from "./graph-response.js";
import { holdAtSend } from "./held.service.js";
import { yieldToEventLoop } from "./inbound-events.js";
import { markReadBody } from "./outbound.js";
import { needsOwner, tryNoticeOwners } from "./owner-notices.js";
import { reserveSendTime } from "./pacing.repository.js";
import { READ_JOB, SEND_JOB } from "./send.service.js";
import { SharedThroughputLimiter, ThroughputLimiter } from "./throughput.js";

const SEND_ATTEMPTS = 10;
const limiters = new WeakMap<AppContext, Pick<ThroughputLimiter, "acquire">>();
const clients = new WeakMap<AppContext, CloudApi>();

export function cloudApi(ctx: AppContext): CloudApi {
  let api = clients.get(ctx);
  if (!api) {
    api = new CloudApi(ctx.config.whatsapp, async () => (await whatsappConnection(ctx)).accessToken);
    clients.set(ctx, api);
  }
  return api;
}

/** SQLite: one process counts in memory. PostgreSQL: every worker process shares one count per number. */
function limiter(ctx: AppContext): Pick<ThroughputLimiter, "acquire"> {
  let l = limiters.get(ctx);
  if (!l) {
    l =
      ctx.db.dialect === "postgres"
        ? new SharedThroughputLimiter((key, now, block) =>
            reserveSendTime(ctx.db.kysely, ctx.db.dialect, key, now, block),
          )
        : new ThroughputLimiter();
    limiters.set(ctx, l);
  }
  return l;
}

/**
 * Sends a queued message. Safe to run twice: a message that already has its wamid is not sent again. The wamid
 * is recorded in the commit right after Meta answers, so a crash can duplicate a send only between Meta accepting it and
 * that write (the Cloud API has no idempotency key). Transient errors retry with backoff (Meta's pair rate
 * limit with 4^n s); permanent ones mark the message failed with a reason the agent can read.
 */
export const sendJob = defineJob({
  type: SEND_JOB,
  payload: z.object({ messageId: z.string() }),
  maxAttempts: SEND_ATTEMPTS,
  handle: async ({ messageId }, { ctx, attempt }) => {
    await yieldToEventLoop();
    const message = await findSendTarget(ctx.db.kysely, messageId);
    if (message?.direction !== "out" || message.status !== "queued" || message.wamid) {
      return { skipped: message?.status ?? "missing" };
    }
    const conversation = {
      id: message.conversationId,
      phoneNumberId: message.phoneNumberId,
      role: message.role,
    };
    const settings = await getSettings(ctx);
    await limiter(ctx).acquire(conversation.phoneNumberId, settings.channels.throughputPerSecond);

    const fail = async (code: number | null, fallback?: string) => {
      const language = await reasonLanguage(ctx, message.sentByUserId, settings.vendor.defaultLanguage);
      const reason = fallback ?? agentReadableReason(code ?? undefined, language);
      await markMessageFailed(ctx.db.kysely, messageId, code, reason, ctx.clock.now().toISOString());
      ctx.events.publish({
        type: "message.status",
        audience: audienceOf(conversation.role),
        data: { conversationId: conversation.id, messageId, status: "failed", errorCode: code },
      });
      if (needsOwner(code)) await tryNoticeOwners(ctx, { kind: "sends", role: conversation.role, code });
      return { failed: code, reason };
    };

    let answer: Awaited<ReturnType<CloudApi["sendMessage"]>>;
    try {
      answer = await cloudApi(ctx).sendMessage(conversation.phoneNumberId, JSON.parse(message.raw));
    } catch (error) {
      if (!(error instanceof GraphUnreachableError)) throw error;
      if (attempt >= SEND_ATTEMPTS) return fail(null);
      throw new RetryJobError(error.message, defaultBackoffMs(attempt));
    }

    if (answer.status >= 200 && answer.status < 300) {
      let wamid: string;
      try {
        wamid = parseSendResponse(answer.json).wamid;
      } catch {
        // Meta may have accepted it: sending again could duplicate, so stop and say so.
        return fail(null);
      }
      const now = ctx.clock.now().toISOString();
      // Urgent (the duplicate window lasts until this commit), shared with the other sends answered in the
      // same turn of the event loop: one commit records them all.
      const applied = await inSharedTransaction(
        ctx,
        (tx) => recordSentWamid(tx.trx, tx.dialect, messageId, wamid, now),
        { urgent: true },
      );
      ctx.events.publish({
        type: "message.status",
        audience: audienceOf(conversation.role),
        data: {
          conversationId: conversation.id,
          messageId,
          status: applied?.status ?? "sent",
          errorCode: applied?.errorCode ?? null,
        },
      });
      return { wamid };
    }

    const error = parseGraphError(answer.status, answer.json, attempt);
    if (error.windowClosed && (await holdAtSend(ctx, messageId, error.code ?? null))) {
      ctx.events.publish({
        type: "message.status",
        audience: audienceOf(conversation.role),
        data: { conversationId: conversation.id, messageId, status: "held", errorCode: error.code ?? null },
      });
      return { held: error.code ?? null };
    }
    if (error.retryable && attempt < SEND_ATTEMPTS) {
      throw new RetryJobError(
        `WhatsApp error ${error.code ?? answer.status}: ${error.message}`.slice(0, 500),
        error.retryAfterMs ?? defaultBackoffMs(attempt),
      );
    }
    return fail(error.code ?? null);
  },
});

/** Marks a customer message read. Failures that retrying cannot fix are dropped: blue ticks are a courtesy. */
export const readJob = defineJob({
  type: READ_JOB,
  payload: z.object({ phoneNumberId: z.string(), wamid: z.string() }),
  maxAttempts: 5,
  handle: async ({ phoneNumberId, wamid }, { ctx, attempt }) => {
    await yieldToEventLoop();
    let answer: Awaited<ReturnType<CloudApi["sendMessage"]>>;
    try {
      answer = await cloudApi(ctx).sendMessage(phoneNumberId, markReadBody(wamid));
    } catch (error) {
      if (!(error instanceof GraphUnreachableError)) throw error;
      throw new RetryJobError(error.message, defaultBackoffMs(attempt));
    }
    if (answer.status >= 200 && answer.status < 300) return { read: wamid };
    const error = parseGraphError(answer.status, answer.json, attempt);
    if (error.retryable)
      throw new RetryJobError(
        `WhatsApp error ${error.code ?? answer.status}`,
        error.retryAfterMs ?? defaultBackoffMs(attempt),
      );
    return { failed: error.code ?? answer.status };
  },
});

async function reasonLanguage(
  ctx: AppContext,
  userId: string | null,
  fallback: string,
): Promise<"es" | "en"> {
  const user = userId ? await findUserById(ctx.db.kysely, userId) : undefined;
  const language = user?.language ?? fallback;
  return language === "es" ? "es" : "en";
}
