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
      if (content.fromUserId) {
        // A username user: no phone number anywhere, only the business-scoped user id.
        const { from: _phone, ...rest } = sender;
        return buildTextPayload({ ...rest, userId: content.fromUserId, text: content.text });
      }
      if (content.referral) {
        const r = content.referral;
        const referral = {
          source_url: r.sourceUrl,
          source_id: r.sourceId,
          source_type: "ad",
          headline: r.headline,
          body: r.body,
          media_type: "image",
          ctwa_clid: r.ctwaClid,
        };
        return inbound(sender, "text", { text: { body: content.text }, referral });
      }
      return buildTextPayload({ ...sender, text: content.text });
    case "reaction":
      return inbound(sender, "reaction", {
        reaction: { message_id: content.messageId, emoji: content.emoji },
      });
    case "edit":
      return inbound(sender, "edit", {
        edit: {
          original_message_id: content.messageId,
          message: { type: "text", text: { body: content.text } },
        },
      });
    case "revoke":
      return inbound(sender, "revoke", { revoke: { original_message_id: content.messageId } });
    case "location": {
      const { type: _type, ...location } = content;
      return inbound(sender, "location", { location });
    }
    case "contacts":
      return inbound(sender, "contacts", {
        contacts: content.contacts.map((c) => ({
          name: { formatted_name: c.name, first_name: c.name.split(" ")[0] },
          phones: c.phones.map((phone, i) => ({
            phone,
            ...(i === 0 && { wa_id: phone.replace(/\D/g, "") }),
            type: i === 0 ? "CELL" : "WORK",
          })),
        })),
      });
    case "order":
      return inbound(sender, "order", {
        order: {
          catalog_id: content.catalogId,
          ...(content.text && { text: content.text }),
          product_items: content.items.map((i) => ({
            product_retailer_id: i.productRetailerId,
            quantity: i.quantity,
            item_price: i.itemPrice,
            currency: i.currency,
          })),
        },
      });
    case "number_change":
      return inbound({ ...sender, from: content.oldWaId }, "system", {
        system: {
          body: `${persona.name} changed from ${content.oldWaId} to ${content.newWaId}`,
          wa_id: content.newWaId,
          type: "user_changed_number",
        },
      });
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
    case "image":
    case "document":
      return `${c.type} ${c.mediaId}`;
    case "reaction":
    case "edit":
    case "revoke":
      return `${c.type} on ${c.messageId.slice(0, 24)}…`;
    case "number_change":
      return `system user_changed_number → ${c.newWaId}`;
    default:
      return c.type;
  }
}
