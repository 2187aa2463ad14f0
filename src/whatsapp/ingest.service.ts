import type { ConversationRole } from "../inbox/inbox.tables.js";
import type { AppContext } from "../platform/context.js";
import { getSettings } from "../settings/settings.service.js";
import { audienceOf } from "../users/policies.js";
import { agentReadableReason, isWindowClosedCode } from "./graph-response.js";
import { holdAfterFailedStatus } from "./held.service.js";
import type {
  AdReferralRecord,
  InboundEffect,
  InboundRecord,
  IngestRequest,
  IngestResult,
  StatusRecord,
} from "./ingest.repository.js";
import { createIngestWriter, type IngestWriter } from "./ingest.writer.js";
import { type MessageEvent, type StatusEvent, statusRank } from "./webhook-events.js";
import { extractEvents } from "./webhook-extract.js";

const PREVIEW_CHARS = 160;
/** Ids are short in practice; longer ones cannot be indexed (PostgreSQL) and are skipped as malformed. */
const MAX_ID = 256;
/** WhatsApp text is at most 4096 characters; `raw` keeps everything, the searchable text is bounded. */
const MAX_TEXT = 10_000;
const MAX_NAME = 256;
const writers = new WeakMap<AppContext, IngestWriter>();
const warnedNumbers = new Set<string>();

export interface IngestSummary extends IngestResult {
  problems: number;
  ignoredStatuses: number;
}

/**
 * Stores everything in a parsed webhook body and answers once it is committed. A malformed element is skipped
 * (its problem logged) so the rest of the batch is kept; a body that is not a webhook throws
 * WebhookPayloadError (400); a storage failure throws (5xx: Meta delivers again).
 */
export async function ingestWebhook(ctx: AppContext, body: unknown): Promise<IngestSummary> {
  const { events, problems } = extractEvents(body);
  if (problems.length > 0) {
    ctx.log.warn({ problems: problems.slice(0, 10), count: problems.length }, "webhook elements skipped");
  }
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const roles = await roleByNumber(ctx);
  const req: IngestRequest = { messages: [], statuses: [], receivedAt: nowIso };
  let ignoredStatuses = 0;
  let skipped = 0;
  for (const event of events) {
    if (event.kind === "message") {
      if (idsFit(event.wamid, event.phoneNumberId, event.from.waId, event.from.userId)) {
        req.messages.push(inboundRecord(ctx, event, roles, nowIso));
      } else skipped++;
    } else if (event.kind === "status") {
      const record = idsFit(event.wamid) ? statusRecord(event, nowIso) : undefined;
      if (record) req.statuses.push(record);
      else ignoredStatuses++;
    } else {
      ctx.log.warn({ phoneNumberId: event.phoneNumberId, errors: event.errors }, "WhatsApp reported errors");
    }
  }
  if (skipped > 0) ctx.log.warn({ skipped }, "webhook messages with oversized ids skipped");
  let result: IngestResult = {
    newMessages: [],
    duplicates: 0,
    statusChanges: [],
    pendingStatuses: 0,
    wakeWorker: false,
  };
  if (req.messages.length > 0 || req.statuses.length > 0) {
    let writer = writers.get(ctx);
    if (!writer) {
      writer = createIngestWriter(ctx);
      writers.set(ctx, writer);
    }
    result = await writer.write(req);
    afterCommit(ctx, result);
  }
  const { newMessages, duplicates, statusChanges, pendingStatuses, wakeWorker } = result;
  return {
    newMessages,
    duplicates,
    statusChanges,
    pendingStatuses,
    wakeWorker,
    problems: problems.length + skipped,
    ignoredStatuses,
  };
}

/** Closes the webhook writer's own database connection (called when the HTTP app closes). */
export async function closeIngestWriter(ctx: AppContext): Promise<void> {
  const writer = writers.get(ctx);
  writers.delete(ctx);
  await writer?.close();
}

function afterCommit(ctx: AppContext, result: IngestResult): void {
  // Messages added to an inbound job still waiting need no wake: the worker was woken when it was created.
  if (result.wakeWorker) ctx.outbox.wake();
  for (const m of result.newMessages) {
    ctx.events.publish(
      m.effect === "annotation"
        ? {
            type: "message.updated",
            audience: audienceOf(m.role),
            data: { conversationId: m.conversationId, messageId: m.messageId, targetWamid: m.targetWamid },
          }
        : {
            type: "message.created",
            audience: audienceOf(m.role),
            data: {
              conversationId: m.conversationId,
              messageId: m.messageId,
              direction: "in",
              effect: m.effect,
            },
          },
    );
  }
  for (const s of result.statusChanges) {
    if (s.status === "failed" && isWindowClosedCode(s.errorCode)) {
      const change = { ...s, errorCode: s.errorCode! };
      void holdAfterFailedStatus(ctx, change).catch((error: unknown) =>
        ctx.log.error(
          { err: error, messageId: s.messageId },
          "could not hold a message WhatsApp refused (131047)",
        ),
      );
    }
    ctx.events.publish({
      type: "message.status",
      audience: audienceOf(s.role),
      data: {
        conversationId: s.conversationId,
        messageId: s.messageId,
        status: s.status,
        errorCode: s.errorCode,
      },
    });
  }
}

async function roleByNumber(ctx: AppContext): Promise<Map<string, ConversationRole>> {
  // getSettings is cached for a second: no database read per request.
  const { channels } = await getSettings(ctx);
  return new Map<string, ConversationRole>([
    [channels.presales.phoneNumberId, "presales"],
    [channels.premium.phoneNumberId, "premium"],
  ]);
}

function inboundRecord(
  ctx: AppContext,
  e: MessageEvent,
  roles: Map<string, ConversationRole>,
  nowIso: string,
): InboundRecord {
  let role = roles.get(e.phoneNumberId);
  if (!role) {
    // Kept, not dropped: agents see it in the pre-sales inbox; the owner should configure the number.
    role = "presales";
    if (!warnedNumbers.has(e.phoneNumberId)) {
      warnedNumbers.add(e.phoneNumberId);
      ctx.log.warn(
        { phoneNumberId: e.phoneNumberId },
        "message for a number not in settings; filed as pre-sales",
      );
    }
  }
  const text = e.text === undefined ? null : clean(e.text, MAX_TEXT);
  const type = clean(e.type, 64);
  const target = e.reaction?.messageId ?? e.edit?.messageId ?? e.revoke?.messageId;
  const targetWamid = target === undefined || target.length > MAX_ID ? null : clean(target);
  const { effect, touch } = effectOf(e, targetWamid);
  // A plain literal, no spread: V8 gives an object spread and then extended a new hidden class on every call
  // (tens of microseconds per message on the webhook's hot path).
  return {
    effect,
    touch,
    targetWamid,
    newWaId: numberChange(e),
    referral: e.referral ? adReferral(e.referral) : null,
    wamid: clean(e.wamid),
    phoneNumberId: clean(e.phoneNumberId),
    role,
    waId: e.from.waId === undefined ? null : clean(e.from.waId),
    userId: e.from.userId === undefined ? null : clean(e.from.userId),
    profileName: e.from.profileName === undefined ? null : clean(e.from.profileName, MAX_NAME),
    username: e.from.username === undefined ? null : clean(e.from.username, MAX_NAME),
    type,
    text,
    preview: (text ?? `[${type}]`).slice(0, PREVIEW_CHARS),
    raw: JSON.stringify(e.raw),
    // A clock ahead of ours must not stretch the 24-hour window.
    at: pastOrNow(e.timestamp, nowIso),
    contextWamid: e.contextMessageId === undefined ? null : clean(e.contextMessageId, 1024),
    media: e.media ? { id: clean(e.media.id, 1024), mime: clean(e.media.mimeType, 255) } : null,
  };
}

/** Number changes as Meta has named them over the years. */
const NUMBER_CHANGES = new Set(["user_changed_number", "customer_changed_number"]);

function effectOf(e: MessageEvent, targetWamid: string | null): Pick<InboundRecord, "effect" | "touch"> {
  const touch = e.reaction ? "reaction" : e.edit ? "edit" : e.revoke ? "revoke" : null;
  if (touch && targetWamid) return { effect: "annotation", touch };
  const effect: InboundEffect = e.type === "system" || touch ? "notice" : "message";
  return { effect, touch: null };
}

function numberChange(e: MessageEvent): string | null {
  const next = e.system?.newWaId;
  if (!next || !NUMBER_CHANGES.has(e.system?.type ?? "") || !/^\d{6,20}$/.test(next)) return null;
  return next;
}

function adReferral(r: NonNullable<MessageEvent["referral"]>): AdReferralRecord {
  const bounded = (value: string | undefined, max = 1024) => (value === undefined ? null : clean(value, max));
  return {
    sourceId: bounded(r.sourceId, MAX_ID),
    sourceType: bounded(r.sourceType, 64),
    sourceUrl: bounded(r.sourceUrl),
    headline: bounded(r.headline),
    ctwaClid: bounded(r.ctwaClid),
  };
}

function idsFit(...ids: Array<string | undefined>): boolean {
  return ids.every((id) => id === undefined || id.length <= MAX_ID);
}

/** PostgreSQL text cannot hold NUL characters; Meta never sends them, a forged body might. */
function clean(value: string, max = MAX_ID): string {
  const bounded = value.length > max ? value.slice(0, max) : value;
  return bounded.includes("\u0000") ? bounded.replaceAll("\u0000", "") : bounded;
}

/** An ISO instant from WhatsApp, or now when it is in the future or outside four-digit years. */
function pastOrNow(iso: string, nowIso: string): string {
  return /^\d{4}-/.test(iso) && iso < nowIso ? iso : nowIso;
}

const INT32_MAX = 2_147_483_647;

function statusRecord(e: StatusEvent, nowIso: string): StatusRecord | undefined {
  const rank = statusRank(e.status);
  if (rank === 0) return undefined;
  const error = e.errors?.[0];
  const code = error && Math.abs(error.code) <= INT32_MAX ? error.code : null;
  return {
    wamid: clean(e.wamid),
    status: e.status,
    rank,
    at: pastOrNow(e.timestamp, nowIso),
    errorCode: code,
    errorTitle: error?.title === undefined ? null : clean(error.title, 512),
    errorReason: error ? agentReadableReason(code ?? undefined, "en") : null,
    raw: JSON.stringify(e.raw),
  };
}
