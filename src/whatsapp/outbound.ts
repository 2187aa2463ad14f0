import { AppError } from "../platform/errors.js";

// Request bodies for POST /{phone-number-id}/messages, checked against the Cloud API limits before they leave:
// Meta's own error for an over-long title arrives later and reads worse than ours.

/** A message would break a documented Cloud API limit; the message names the limit. */
export class WhatsAppLimitError extends AppError {
  constructor(message: string) {
    super("validation_failed", message);
    this.name = "WhatsAppLimitError";
  }
}

export interface SendOptions {
  /** wamid of the customer's message this one answers (shown quoted in WhatsApp). */
  replyTo?: string;
  /** Echoed back in status webhooks as biz_opaque_callback_data (at most 512 bytes). */
  callbackData?: string;
}

interface BaseBody {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  /** Phone number; absent when sending to a business-scoped user id (`recipient`). */
  to?: string;
  recipient?: string;
  context?: { message_id: string };
  biz_opaque_callback_data?: string;
}

export interface TextBody extends BaseBody {
  type: "text";
  text: { preview_url: boolean; body: string };
}

export interface ButtonsBody extends BaseBody {
  type: "interactive";
  interactive: {
    type: "button";
    header?: { type: "text"; text: string };
    body: { text: string };
    footer?: { text: string };
    action: { buttons: { type: "reply"; reply: { id: string; title: string } }[] };
  };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  title?: string;
  rows: ListRow[];
}

export interface ListBody extends BaseBody {
  type: "interactive";
  interactive: {
    type: "list";
    header?: { type: "text"; text: string };
    body: { text: string };
    footer?: { text: string };
    action: { button: string; sections: ListSection[] };
  };
}

/** A template component as documented (header/body/button with parameters); passed through unchanged. */
export interface TemplateComponent {
  type: string;
  [key: string]: unknown;
}

export interface TemplateBody extends BaseBody {
  type: "template";
  template: { name: string; language: { code: string }; components?: TemplateComponent[] };
}

/** A reaction to a message of the conversation; an empty emoji removes it. */
export interface ReactionBody extends BaseBody {
  type: "reaction";
  reaction: { message_id: string; emoji: string };
}

/** An image or a document uploaded beforehand (POST /{phone-number-id}/media), sent by its media id. */
export interface MediaBody extends BaseBody {
  type: "image" | "document";
  image?: { id: string; caption?: string };
  document?: { id: string; caption?: string; filename?: string };
}

export type MessageBody = TextBody | ButtonsBody | ListBody | TemplateBody | ReactionBody | MediaBody;

export interface MarkReadBody {
  messaging_product: "whatsapp";
  status: "read";
  message_id: string;
  typing_indicator?: { type: "text" };
}

/** Counts what a person calls characters (code points), so one emoji is one character. */
function characters(value: string): number {
  return Array.from(value).length;
}

function checkText(label: string, value: string, max: number, options: { optional?: boolean } = {}): void {
  if (typeof value !== "string") throw new WhatsAppLimitError(`${label} must be text`);
  if (!options.optional && value.trim() === "") throw new WhatsAppLimitError(`${label} must not be empty`);
  const length = characters(value);
  if (length > max)
    throw new WhatsAppLimitError(`${label} must be at most ${max} characters (got ${length})`);
}

function checkUnique(label: string, values: string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new WhatsAppLimitError(`${label} must be unique ("${value}" appears twice)`);
    seen.add(value);
  }
}

// BSUIDs look like "US.13491208655302741918" or "US.ENT.1181…"; they go in `recipient`, phone numbers in `to`.
const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+$/;

function base(to: string, options: SendOptions = {}): BaseBody {
  checkText("recipient", to, 256);
  const address = BSUID_PATTERN.test(to) ? { recipient: to } : { to };
  const body: BaseBody = { messaging_product: "whatsapp", recipient_type: "individual", ...address };
  if (options.replyTo !== undefined) {
    checkText("reply-to message id", options.replyTo, 512);
    body.context = { message_id: options.replyTo };
  }
  if (options.callbackData !== undefined) {
    const bytes = Buffer.byteLength(options.callbackData, "utf8");
    if (bytes > 512) throw new WhatsAppLimitError(`callback data must be at most 512 bytes (got ${bytes})`);
    body.biz_opaque_callback_data = options.callbackData;
  }
  return body;
}

export function textMessage(
  to: string,
  body: string,
  options: SendOptions & { previewUrl?: boolean } = {},
): TextBody {
  checkText("text body", body, 4096);
  return { ...base(to, options), type: "text", text: { preview_url: options.previewUrl ?? false, body } };
}

export interface ButtonsInput {
  body: string;
  header?: string;
  footer?: string;
  buttons: { id: string; title: string }[];
}

export function buttonsMessage(to: string, input: ButtonsInput, options: SendOptions = {}): ButtonsBody {
  checkText("button message body", input.body, 1024);
  if (input.header !== undefined) checkText("header", input.header, 60);
  if (input.footer !== undefined) checkText("footer", input.footer, 60);
  const count = input.buttons.length;
  if (count < 1 || count > 3)
    throw new WhatsAppLimitError(`a message must have 1 to 3 buttons (got ${count})`);
  for (const button of input.buttons) {
    checkText("button id", button.id, 256);
    checkText("button title", button.title, 20);
  }
  checkUnique(
    "button titles",
    input.buttons.map((b) => b.title),
  );
  checkUnique(
    "button ids",
    input.buttons.map((b) => b.id),
  );
  return {
    ...base(to, options),
    type: "interactive",
    interactive: {
      type: "button",
      ...(input.header !== undefined && { header: { type: "text" as const, text: input.header } }),
      body: { text: input.body },
      ...(input.footer !== undefined && { footer: { text: input.footer } }),
      action: {
        buttons: input.buttons.map(({ id, title }) => ({ type: "reply" as const, reply: { id, title } })),
      },
    },
  };
}

export interface ListInput {
  body: string;
  header?: string;
  footer?: string;
  /** Label of the button that opens the list. */
  button: string;
  sections: ListSection[];
}

export function listMessage(to: string, input: ListInput, options: SendOptions = {}): ListBody {
  checkText("list message body", input.body, 4096);
  if (input.header !== undefined) checkText("header", input.header, 60);
  if (input.footer !== undefined) checkText("footer", input.footer, 60);
  checkText("list button", input.button, 20);
  const sections = input.sections;
  if (sections.length < 1) throw new WhatsAppLimitError("a list must have at least 1 section");
  const rows = sections.flatMap((s) => s.rows);
  if (rows.length < 1 || rows.length > 10) {
    throw new WhatsAppLimitError(`a list must have 1 to 10 rows in total (got ${rows.length})`);
  }
  for (const section of sections) {
    if (section.title !== undefined) checkText("section title", section.title, 24);
    else if (sections.length > 1)
      throw new WhatsAppLimitError("each section needs a title when there are several");
    if (section.rows.length < 1) throw new WhatsAppLimitError("each section must have at least 1 row");
  }
  for (const row of rows) {
    checkText("row id", row.id, 200);
    checkText("row title", row.title, 24);
    if (row.description !== undefined) checkText("row description", row.description, 72, { optional: true });
  }
  checkUnique(
    "row ids",
    rows.map((r) => r.id),
  );
  return {
    ...base(to, options),
    type: "interactive",
    interactive: {
      type: "list",
      ...(input.header !== undefined && { header: { type: "text" as const, text: input.header } }),
      body: { text: input.body },
      ...(input.footer !== undefined && { footer: { text: input.footer } }),
      action: {
        button: input.button,
        sections: sections.map((s) => ({
          ...(s.title !== undefined && { title: s.title }),
          rows: s.rows.map((r) => ({
            id: r.id,
            title: r.title,
            ...(r.description && { description: r.description }),
          })),
        })),
      },
    },
  };
}

export interface TemplateInput {
  name: string;
  languageCode: string;
  components?: TemplateComponent[];
}

export function templateMessage(to: string, input: TemplateInput, options: SendOptions = {}): TemplateBody {
  checkText("template name", input.name, 512);
  if (!/^[a-z0-9_]+$/.test(input.name)) {
    throw new WhatsAppLimitError("template name must use only lowercase letters, digits and underscores");
  }
  if (!/^[a-z]{2,3}(?:_[A-Za-z0-9]{2,4})?$/.test(input.languageCode)) {
    throw new WhatsAppLimitError(
      `template language code must look like "es" or "en_US" (got "${input.languageCode}")`,
    );
  }
  return {
    ...base(to, options),
    type: "template",
    template: {
      name: input.name,
      language: { code: input.languageCode },
      ...(input.components !== undefined && input.components.length > 0 && { components: input.components }),
    },
  };
}

export interface MediaInput {
  type: "image" | "document";
  /** The media id answered by the upload. */
  id: string;
  caption?: string;
  /** Documents only: the name the customer sees. */
  filename?: string;
}

export function mediaMessage(to: string, input: MediaInput, options: SendOptions = {}): MediaBody {
  checkText("media id", input.id, 256);
  if (input.caption !== undefined) checkText("caption", input.caption, 1024, { optional: true });
  if (input.filename !== undefined) checkText("file name", input.filename, 240);
  const caption = input.caption?.trim() ? { caption: input.caption } : {};
  if (input.type === "image")
    return { ...base(to, options), type: "image", image: { id: input.id, ...caption } };
  const filename = input.filename !== undefined ? { filename: input.filename } : {};
  return { ...base(to, options), type: "document", document: { id: input.id, ...caption, ...filename } };
}

/** Marks a customer's message read (blue ticks); with `typing`, also shows "typing…" for up to 25 s. */
export function reactionMessage(to: string, messageId: string, emoji: string): ReactionBody {
  checkText("reacted message id", messageId, 512);
  checkText("emoji", emoji, 16, { optional: true });
  return { ...base(to), type: "reaction", reaction: { message_id: messageId, emoji } };
}

export function markReadBody(messageId: string, options: { typing?: boolean } = {}): MarkReadBody {
  checkText("message id", messageId, 512);
  return {
    messaging_product: "whatsapp",
    status: "read",
    message_id: messageId,
    ...(options.typing && { typing_indicator: { type: "text" as const } }),
  };
}

/** https://wa.me/<digits>?text=<urlencoded>: the number in international form, digits only. */
export function clickToChatLink(displayNumber: string, text?: string): string {
  const digits = displayNumber.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) {
    throw new WhatsAppLimitError(`a click-to-chat number must have 7 to 15 digits (got ${digits.length})`);
  }
  return text ? `https://wa.me/${digits}?text=${encodeURIComponent(text)}` : `https://wa.me/${digits}`;
}
