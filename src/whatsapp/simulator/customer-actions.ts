import { createHash } from "node:crypto";
import { AppError } from "../../platform/errors.js";
import { resolveUpdate, type UpdateAction } from "./customer-updates.js";
import { SAMPLE_IMAGE_MIME, SAMPLE_IMAGE_NAME, sampleImage } from "./sample-image.js";
import { newMediaId } from "./simulator.payloads.js";
import type { SimulatorStore } from "./simulator.store.js";
import type { BusinessMessage, CustomerContent, NumberRole, Persona } from "./simulator.types.js";

// What a persona's tap or upload means: the content of the inbound message, the business message it answers,
// and for media the stored file. Refuses what WhatsApp itself would not let a customer send.

export type CustomerAction =
  | { type: "text"; text: string; replyTo?: string }
  | { type: "button"; messageId: string; buttonId: string }
  | { type: "list"; messageId: string; rowId: string }
  | { type: "template_button"; messageId: string; index: number }
  | { type: "media"; bytes: Buffer; mimeType: string; filename?: string; caption?: string }
  | { type: "sample_image"; caption?: string }
  | UpdateAction;

export interface ResolvedAction {
  content: CustomerContent;
  replyTo?: string;
  /** The business message answered, and the choice shown under it. */
  answers?: { message: BusinessMessage; choice: { id: string; title: string } };
}

const IMAGE_TYPES = new Set(["image/jpeg", "image/png"]);
const DOCUMENT_TYPES = new Set([
  "application/pdf",
  "text/plain",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]);
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export function resolveCustomerAction(
  store: SimulatorStore,
  now: string,
  persona: Persona,
  role: NumberRole,
  action: CustomerAction,
): ResolvedAction {
  switch (action.type) {
    case "update":
      return { content: resolveUpdate(store, persona, role, action) };
    case "text": {
      const text = action.text;
      if (text.trim() === "" || Array.from(text).length > 4096) {
        throw new AppError("validation_failed", "A message has 1 to 4096 characters");
      }
      if (action.replyTo) businessMessage(store, persona, role, action.replyTo);
      return { content: { type: "text", text }, ...(action.replyTo && { replyTo: action.replyTo }) };
    }
    case "button": {
      const message = businessMessage(store, persona, role, action.messageId);
      const buttons = message.content.type === "buttons" ? message.content.buttons : [];
      const button = buttons.find((b) => b.id === action.buttonId);
      if (!button) throw new AppError("validation_failed", "That message has no such button");
      return {
        content: { type: "button_reply", id: button.id, title: button.title },
        replyTo: message.id,
        answers: { message, choice: { id: button.id, title: button.title } },
      };
    }
    case "list": {
      const message = businessMessage(store, persona, role, action.messageId);
      const rows = message.content.type === "list" ? message.content.sections.flatMap((s) => s.rows) : [];
      const row = rows.find((r) => r.id === action.rowId);
      if (!row) throw new AppError("validation_failed", "That list has no such row");
      return {
        content: {
          type: "list_reply",
          id: row.id,
          title: row.title,
          ...(row.description && { description: row.description }),
        },
        replyTo: message.id,
        answers: { message, choice: { id: row.id, title: row.title } },
      };
    }
    case "template_button": {
      const message = businessMessage(store, persona, role, action.messageId);
      const button =
        message.content.type === "template"
          ? message.content.template.buttons.find(
              (b) => b.index === action.index && b.subType === "quick_reply",
            )
          : undefined;
      if (!button) throw new AppError("validation_failed", "That template has no such quick-reply button");
      const payload = button.payload ?? "";
      return {
        content: { type: "template_button", text: payload, payload },
        replyTo: message.id,
        answers: { message, choice: { id: payload, title: payload } },
      };
    }
    case "sample_image":
      return resolveCustomerAction(store, now, persona, role, {
        type: "media",
        bytes: sampleImage(),
        mimeType: SAMPLE_IMAGE_MIME,
        filename: SAMPLE_IMAGE_NAME,
        ...(action.caption && { caption: action.caption }),
      });
    case "media":
      return { content: storeCustomerMedia(store, now, action) };
  }
}

function storeCustomerMedia(
  store: SimulatorStore,
  now: string,
  action: Extract<CustomerAction, { type: "media" }>,
): CustomerContent {
  const mimeType = action.mimeType.split(";")[0]!.trim().toLowerCase();
  const kind = IMAGE_TYPES.has(mimeType) ? "image" : DOCUMENT_TYPES.has(mimeType) ? "document" : undefined;
  if (!kind)
    throw new AppError(
      "unsupported_media_type",
      `WhatsApp does not accept ${mimeType} as an image or document`,
    );
  const max = kind === "image" ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES;
  if (action.bytes.length === 0) throw new AppError("validation_failed", "The file is empty");
  if (action.bytes.length > max)
    throw new AppError("payload_too_large", `The file is larger than ${max / 1024 / 1024} MB`);
  const caption = action.caption?.trim().slice(0, 1024);
  const filename = action.filename?.trim().slice(0, 240) || undefined;
  const record = {
    id: newMediaId(),
    mimeType,
    sha256: createHash("sha256").update(action.bytes).digest("hex"),
    fileSize: action.bytes.length,
    ...(filename && { filename }),
    createdAt: now,
  };
  store.saveMedia(record, action.bytes);
  return {
    type: kind,
    mediaId: record.id,
    mimeType,
    sha256: record.sha256,
    fileSize: record.fileSize,
    ...(caption && { caption }),
    ...(kind === "document" && { filename: filename ?? "document" }),
  };
}

function businessMessage(
  store: SimulatorStore,
  persona: Persona,
  role: NumberRole,
  id: string,
): BusinessMessage {
  const message = store.message(id);
  if (message?.direction !== "business" || message.personaId !== persona.id || message.role !== role) {
    throw new AppError("not_found", "No such message from the business in this chat");
  }
  return message;
}
