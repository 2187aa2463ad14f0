import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { localStorageFor } from "../platform/storage.js";
import type { User } from "../users/users.service.js";
import { GraphUnreachableError } from "../whatsapp/cloud-api.js";
import { parseGraphError } from "../whatsapp/graph-response.js";
import { cloudApi } from "../whatsapp/send.jobs.js";
import { sendOutbound } from "../whatsapp/send.service.js";
import { windowState } from "../whatsapp/window.js";
import { ATTACHMENT_MAX_BYTES, attachmentFormat } from "./attachment-types.js";
import { visibleConversation } from "./inbox.service.js";
import { findMessage, type Message } from "./messages.repository.js";

// An agent sends an image or a document on WhatsApp: checked here (type, size, first bytes, the 24-hour
// window), uploaded to Graph while the agent waits (so a refused file is refused before anything is queued),
// kept in the media storage for the agent's thread, then queued like any reply with the media id.

/** The first bytes each checkable type must start with (a renamed .exe is not a PNG). */
const SIGNATURES: Record<string, number[][]> = {
  "image/jpeg": [[0xff, 0xd8, 0xff]],
  "image/png": [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  "application/pdf": [[0x25, 0x50, 0x44, 0x46]],
  // Office Open XML files are ZIP archives; the older formats are OLE compound files.
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [[0x50, 0x4b, 0x03, 0x04]],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [[0x50, 0x4b, 0x03, 0x04]],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": [[0x50, 0x4b, 0x03, 0x04]],
  "application/msword": [[0xd0, 0xcf, 0x11, 0xe0]],
  "application/vnd.ms-excel": [[0xd0, 0xcf, 0x11, 0xe0]],
  "application/vnd.ms-powerpoint": [[0xd0, 0xcf, 0x11, 0xe0]],
};

export interface Attachment {
  filename: string;
  mimeType: string;
  bytes: Buffer;
  caption?: string;
}

function checkFile(file: Attachment): { kind: "image" | "document"; ext: string } {
  const mime = file.mimeType.split(";")[0]!.trim().toLowerCase();
  const type = attachmentFormat(mime);
  if (!type) {
    throw new AppError(
      "unsupported_media_type",
      "Send a JPEG or PNG image, or a PDF, text or Office document",
    );
  }
  if (file.bytes.length === 0) throw new AppError("validation_failed", "The file is empty");
  const max = ATTACHMENT_MAX_BYTES[type.kind];
  if (file.bytes.length > max) {
    throw new AppError("payload_too_large", `The file is larger than ${max / 1024 / 1024} MB`);
  }
  const signatures = SIGNATURES[mime];
  if (signatures && !signatures.some((s) => s.every((byte, i) => file.bytes[i] === byte))) {
    throw new AppError("unsupported_media_type", `The file's content is not ${mime}`);
  }
  if (mime === "text/plain" && file.bytes.subarray(0, 8192).includes(0)) {
    throw new AppError("unsupported_media_type", "The file's content is not text/plain");
  }
  return type;
}

/**
 * Sends a file to the customer: 415/413 for a type or size WhatsApp would refuse, 409 window_closed outside
 * the 24-hour window, 422 whatsapp_rejected when Meta refuses the upload, 503 when Meta cannot be reached.
 * Nothing is queued in any of those cases. Answers the outbound message (status queued).
 */
export async function sendAttachment(
  ctx: AppContext,
  user: Pick<User, "id" | "role" | "language">,
  conversationId: string,
  file: Attachment,
): Promise<Message> {
  const conversation = await visibleConversation(ctx, user, conversationId);
  const type = checkFile(file);
  const mimeType = file.mimeType.split(";")[0]!.trim().toLowerCase();
  if (!windowState(conversation.lastInboundAt, ctx.clock.now()).open) {
    throw new AppError(
      "window_closed",
      "The 24-hour customer service window is closed: only an approved template message can be sent now",
    );
  }
  const filename = file.filename.trim().slice(0, 240) || `file.${type.ext}`;
  let upload: Awaited<ReturnType<ReturnType<typeof cloudApi>["uploadMedia"]>>;
  try {
    upload = await cloudApi(ctx).uploadMedia(conversation.phoneNumberId, {
      bytes: file.bytes,
      mimeType,
      filename,
    });
  } catch (error) {
    if (!(error instanceof GraphUnreachableError)) throw error;
    throw new AppError("unavailable", `WhatsApp could not be reached: ${error.message}`);
  }
  if (!upload.id) {
    const { status, json } = upload.answer;
    const refused = parseGraphError(status, json);
    if (status >= 500 || status === 429) {
      throw new AppError(
        "unavailable",
        `WhatsApp could not take the file now, try again: ${refused.message}`,
      );
    }
    throw new AppError("whatsapp_rejected", `WhatsApp refused the file: ${refused.message}`);
  }

  const now = ctx.clock.now().toISOString();
  const key = `${now.slice(0, 7)}/${newId()}.${type.ext}`;
  const storage = localStorageFor(ctx.config.dataDir, "media");
  const size = await storage.put(key, file.bytes);
  const caption = file.caption?.trim() ? file.caption : undefined;
  let messageId: string;
  try {
    const queued = await sendOutbound(ctx, {
      kind: "media",
      conversationId,
      sentByUserId: user.id,
      media: {
        type: type.kind,
        id: upload.id,
        ...(caption !== undefined && { caption }),
        ...(type.kind === "document" && { filename }),
      },
      stored: { key, mime: mimeType, size },
    });
    messageId = queued.messageId!;
  } catch (error) {
    await storage.delete(key);
    throw error;
  }
  const message = await findMessage(ctx.db.kysely, messageId);
  if (!message) throw new AppError("internal", "The message vanished");
  return message;
}
