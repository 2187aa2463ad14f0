import { randomBytes } from "node:crypto";
import {
  buildButtonReplyPayload,
  buildInboundPayload,
  buildListReplyPayload,
  buildStatusPayload,
  buildTextPayload,
  type JsonObject,
  type WebhookPayload,
} from "../fixtures.js";
import { errorDescription } from "./graph-errors.js";
import { waIdOf } from "./personas.js";
import type { BusinessMessage, BusinessNumber, CustomerMessage, Persona } from "./simulator.types.js";

// Webhook bodies the simulator sends, built with the same fixture builders the webhook tests use, so the
// simulator and the tests agree on what Meta sends.

/** The WhatsApp Business Account id of the simulated numbers. */
export const SIMULATOR_WABA_ID = "100000000000009";

/** A message id in Meta's shape ("wamid." + base64 of an opaque id). */
export function newWamid(): string {
  return `wamid.${randomBytes(30).toString("base64").replace(/=+$/, "")}`;
}

/** A media id in Meta's shape: 16 digits. */
export function newMediaId(): string {
  const digits = Array.from(randomBytes(16), (b) => String(b % 10));
  digits[0] = String(1 + (randomBytes(1)[0]! % 9));
  return digits.join("");
}

function numberOptions(number: BusinessNumber) {
  return {
    phoneNumberId: number.phoneNumberId,
    displayPhoneNumber: waIdOf(number.displayNumber),
    wabaId: SIMULATOR_WABA_ID,
  };
}

/** The inbound webhook for something the persona sent. */
export function customerMessagePayload(
  message: CustomerMessage,
  persona: Persona,
  number: BusinessNumber,
): WebhookPayload {
  const sender = {
    ...numberOptions(number),
    from: persona.waId,
    name: persona.name,
    wamid: message.id,
    timestamp: new Date(message.at),
    ...(message.replyTo && { replyTo: message.replyTo }),
  };
  const content = message.content;
  switch (content.type) {
    case "text":
      return buildTextPayload({ ...sender, text: content.text });
    case "button_reply":
      return buildButtonReplyPayload({ ...sender, id: content.id, title: content.title });
    case "list_reply":
      return buildListReplyPayload({
        ...sender,
        id: content.id,
        title: content.title,
        ...(content.description && { description: content.description }),
      });
    case "template_button":
      return inbound(sender, "button", { button: { text: content.text, payload: content.payload } });
    case "image":
    case "document": {
      const media: JsonObject = {
        ...(content.caption && { caption: content.caption }),
        ...(content.filename && { filename: content.filename }),
        mime_type: content.mimeType,
        // Webhooks carry the hash in base64; GET /{media-id} answers it in hex (as Meta does).
        sha256: Buffer.from(content.sha256, "hex").toString("base64"),
        id: content.mediaId,
      };
      return inbound(sender, content.type, { [content.type]: media });
    }
  }
}

function inbound(
  sender: ReturnType<typeof numberOptions> & {
    from: string;
    name: string;
    wamid: string;
    timestamp: Date;
    replyTo?: string;
  },
  type: string,
  part: JsonObject,
): WebhookPayload {
  const message: JsonObject = {
    from: sender.from,
    id: sender.wamid,
    timestamp: String(Math.floor(sender.timestamp.getTime() / 1000)),
    type,
    ...(sender.replyTo && { context: { from: sender.displayPhoneNumber, id: sender.replyTo } }),
    ...part,
  };
  return buildInboundPayload(message, { ...sender, contact: { waId: sender.from, name: sender.name } });
}

/** A status webhook for a message the business sent. */
export function statusPayload(
  message: BusinessMessage,
  status: "sent" | "delivered" | "read" | "failed",
  persona: Persona,
  number: BusinessNumber,
  at: Date,
  errorCode?: number,
): WebhookPayload {
  const payload = buildStatusPayload({
    ...numberOptions(number),
    wamid: message.id,
    status,
    recipientId: persona.waId,
    timestamp: at,
    ...(message.callbackData !== undefined && { bizOpaqueCallbackData: message.callbackData }),
    ...(errorCode !== undefined && {
      errors: [
        { code: errorCode, ...errorDescription(errorCode), message: errorDescription(errorCode).title },
      ],
    }),
  });
  if (message.content.type === "template" && status !== "failed") {
    // Templates are billed (utility here); free-form replies inside the window are free service messages.
    const value = payload.entry[0]?.changes[0]?.value as { statuses?: JsonObject[] } | undefined;
    const first = value?.statuses?.[0];
    if (first) first.pricing = { billable: true, pricing_model: "PMP", category: "utility", type: "regular" };
  }
  return payload;
}

/** One line for the page's delivery log. */
export function describeCustomerContent(message: CustomerMessage): string {
  const c = message.content;
  switch (c.type) {
    case "text":
      return `text "${c.text.slice(0, 60)}"`;
    case "button_reply":
      return `button_reply ${c.id}`;
    case "list_reply":
      return `list_reply ${c.id}`;
    case "template_button":
      return `button ${c.payload}`;
    default:
      return `${c.type} ${c.mediaId}`;
  }
}
