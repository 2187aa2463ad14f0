import type { ConversationRole } from "../inbox/inbox.tables.js";
import type { AppContext } from "../platform/context.js";
import { getSettings } from "../settings/settings.service.js";
import type { InboundRecord, IngestRequest, IngestResult, StatusRecord } from "./ingest.repository.js";
import { createIngestWriter, type IngestWriter } from "./ingest.writer.js";
import { agentReadableReason } from "./outbound.js";
import { extractEvents, type MessageEvent, type StatusEvent, statusRank } from "./webhook.schema.js";

const PREVIEW_CHARS = 160;
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
  for (const event of events) {
    if (event.kind === "message") req.messages.push(inboundRecord(ctx, event, roles, nowIso));
    else if (event.kind === "status") {
      const record = statusRecord(event);
      if (record) req.statuses.push(record);
      else ignoredStatuses++;
    } else {
      ctx.log.warn({ phoneNumberId: event.phoneNumberId, errors: event.errors }, "WhatsApp reported errors");
    }
  }
  let result: IngestResult = { newMessages: [], duplicates: 0, statusChanges: [], pendingStatuses: 0 };
  if (req.messages.length > 0 || req.statuses.length > 0) {
    let writer = writers.get(ctx);
    if (!writer) {
      writer = createIngestWriter(ctx);
      writers.set(ctx, writer);
    }
    result = await writer.write(req);
    afterCommit(ctx, result);
  }
  return { ...result, problems: problems.length, ignoredStatuses };
}

function afterCommit(ctx: AppContext, result: IngestResult): void {
  if (result.newMessages.length > 0) ctx.outbox.wake();
  for (const m of result.newMessages) {
    ctx.events.publish({
      type: "message.created",
      audience: audience(m.role),
      data: { conversationId: m.conversationId, messageId: m.messageId, direction: "in" },
    });
  }
  for (const s of result.statusChanges) {
    ctx.events.publish({
      type: "message.status",
      audience: audience(s.role),
      data: {
        conversationId: s.conversationId,
        messageId: s.messageId,
        status: s.status,
        errorCode: s.errorCode,
      },
    });
  }
}

export function audience(role: ConversationRole): "owner" | "agents" {
  return role === "premium" ? "owner" : "agents";
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
  const text = e.text ?? null;
  return {
    wamid: e.wamid,
    phoneNumberId: e.phoneNumberId,
    role,
    waId: e.from.waId ?? null,
    userId: e.from.userId ?? null,
    profileName: e.from.profileName ?? null,
    username: e.from.username ?? null,
    type: e.type,
    text,
    preview: (text ?? `[${e.type}]`).slice(0, PREVIEW_CHARS),
    raw: JSON.stringify(e.raw),
    // A clock ahead of ours must not stretch the 24-hour window.
    at: e.timestamp < nowIso ? e.timestamp : nowIso,
    contextWamid: e.contextMessageId ?? null,
    media: e.media ? { id: e.media.id, mime: e.media.mimeType } : null,
  };
}

function statusRecord(e: StatusEvent): StatusRecord | undefined {
  const rank = statusRank(e.status);
  if (rank === 0) return undefined;
  const error = e.errors?.[0];
  return {
    wamid: e.wamid,
    status: e.status,
    rank,
    at: e.timestamp,
    errorCode: error?.code ?? null,
    errorTitle: error?.title ?? null,
    errorReason: error ? agentReadableReason(error.code, "en") : null,
    raw: JSON.stringify(e.raw),
  };
}
