import { z } from "zod";
import { findMessage } from "../inbox/inbox.public.js";
import { defaultBackoffMs, defineJob, RetryJobError } from "../platform/outbox/job.js";
import { localStorageFor, TooLargeError } from "../platform/storage.js";
import { GraphUnreachableError } from "./cloud-api.js";
import { setMessageMedia } from "./delivery.repository.js";
import { parseGraphError } from "./graph-response.js";
import { yieldToEventLoop } from "./inbound-events.js";
import { MEDIA_JOB } from "./ingest.repository.js";
import { cloudApi } from "./send.jobs.js";

/** WhatsApp's own limits per media type (bytes); a bigger file is refused and recorded as too large. */
export const MEDIA_LIMITS: Record<string, number> = {
  audio: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
  image: 5 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  sticker: 500 * 1024,
};

/** Static stickers are limited to 100 KB, animated ones to 500 KB. */
export function mediaLimit(type: string, raw: string): number {
  if (type === "sticker") {
    try {
      if ((JSON.parse(raw) as { sticker?: { animated?: boolean } }).sticker?.animated !== true)
        return 100 * 1024;
    } catch {}
  }
  return MEDIA_LIMITS[type] ?? MEDIA_LIMITS.document!;
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "application/pdf": "pdf",
};

/**
 * Downloads an inbound message's media promptly (Meta's URL lives 5 minutes, the media id 7 days):
 * media id → URL → bytes with the bearer token, streamed to storage with the type's size limit.
 */
export const mediaJob = defineJob({
  type: MEDIA_JOB,
  payload: z.object({ messageId: z.string() }),
  maxAttempts: 6,
  handle: async ({ messageId }, { ctx, attempt }) => {
    await yieldToEventLoop();
    const message = await findMessage(ctx.db.kysely, messageId);
    if (!message?.media || message.media.status === "stored") return { skipped: true };
    const limit = mediaLimit(message.type, message.raw);
    const api = cloudApi(ctx);
    const retry = (why: string) => {
      if (attempt >= 6) return undefined;
      throw new RetryJobError(why, defaultBackoffMs(attempt));
    };
    const give = async (status: string, size?: number) => {
      await setMessageMedia(ctx.db.kysely, messageId, { status, ...(size !== undefined ? { size } : {}) });
      return { media: status };
    };

    let lookup: Awaited<ReturnType<typeof api.getMedia>>;
    try {
      lookup = await api.getMedia(message.media.id);
    } catch (error) {
      if (!(error instanceof GraphUnreachableError)) throw error;
      return retry(error.message) ?? give("failed");
    }
    if (!lookup.info) {
      const error = parseGraphError(lookup.answer.status, lookup.answer.json, attempt);
      if (error.retryable) return retry(error.message) ?? give("failed");
      return give("failed");
    }
    const { info } = lookup;
    if (info.fileSize !== undefined && info.fileSize > limit) return give("too_large", info.fileSize);

    let res: Response;
    try {
      res = await api.download(info.url);
    } catch (error) {
      if (!(error instanceof GraphUnreachableError)) throw error;
      return retry(error.message) ?? give("failed");
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      if (res.status >= 500 || res.status === 429)
        return retry(`media download HTTP ${res.status}`) ?? give("failed");
      return give("failed");
    }
    const declared = Number(res.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) {
      await res.body.cancel();
      return give("too_large", declared);
    }
    const mime = (info.mimeType ?? message.media.mime ?? "application/octet-stream").split(";")[0]!.trim();
    const key = `${message.createdAt.slice(0, 7)}/${message.id}.${EXTENSIONS[mime] ?? "bin"}`;
    const storage = localStorageFor(ctx.config.dataDir, "media");
    let size: number;
    try {
      size = await storage.put(key, res.body, { maxBytes: limit });
    } catch (error) {
      if (error instanceof TooLargeError) return give("too_large");
      return retry(error instanceof Error ? error.message : String(error)) ?? give("failed");
    }
    await setMessageMedia(ctx.db.kysely, messageId, { status: "stored", key, size, mime });
    return { media: "stored", size };
  },
});
