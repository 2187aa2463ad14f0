import { GraphApiError, invalidParameter } from "./graph-errors.js";
import type { BusinessContent, ListSectionView, TemplateView } from "./simulator.types.js";

// Checks a POST /{phone-number-id}/messages body the way the Cloud API does: the same required fields and
// documented limits, answered with error 100 and a details line naming the parameter.

export type ValidatedRequest =
  | { kind: "read"; messageId: string; typing: boolean }
  | {
      kind: "send";
      /** Phone number (`to`) or business-scoped user id (`recipient`). */
      to: string;
      content: BusinessContent;
      replyTo?: string;
      callbackData?: string;
    };

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Meta counts characters, not bytes; one emoji is one. */
function length(value: string): number {
  return Array.from(value).length;
}

function object(parent: Json, key: string, path: string): Json {
  const value = parent[key];
  if (value === undefined) throw missing(path);
  if (!isObject(value)) throw invalidParameter(`Param ${path} must be an object.`);
  return value;
}

export function missing(path: string): GraphApiError {
  return new GraphApiError(100, {
    message: `(#100) The parameter ${path} is required.`,
    details: `The parameter ${path} is required.`,
  });
}

export function text(
  parent: Json,
  key: string,
  path: string,
  max: number,
  options: { optional?: boolean; min?: number } = {},
): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (options.optional) return undefined;
    throw missing(path);
  }
  if (typeof value !== "string") throw invalidParameter(`Param ${path} must be a string.`);
  const min = options.min ?? 1;
  if (length(value.trim()) < min) throw invalidParameter(`Param ${path} is required and must not be empty.`);
  if (length(value) > max) throw invalidParameter(`Param ${path} must be at most ${max} characters long.`);
  return value;
}

function requiredText(parent: Json, key: string, path: string, max: number): string {
  return text(parent, key, path, max) as string;
}

export function array(parent: Json, key: string, path: string): unknown[] {
  const value = parent[key];
  if (value === undefined) throw missing(path);
  if (!Array.isArray(value)) throw invalidParameter(`Param ${path} must be an array.`);
  return value;
}

function headerText(interactive: Json): string | undefined {
  if (interactive.header === undefined) return undefined;
  const header = object(interactive, "header", "interactive['header']");
  if (header.type !== "text") return undefined; // media headers are shown without their media
  return text(header, "text", "interactive['header']['text']", 60);
}

function footerText(interactive: Json): string | undefined {
  if (interactive.footer === undefined) return undefined;
  return text(
    object(interactive, "footer", "interactive['footer']"),
    "text",
    "interactive['footer']['text']",
    60,
  );
}

function unique(values: string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw invalidParameter(`${what} must be unique: "${value}" is repeated.`);
    seen.add(value);
  }
}

function buttonsContent(interactive: Json): BusinessContent {
  const body = requiredText(
    object(interactive, "body", "interactive['body']"),
    "text",
    "interactive['body']['text']",
    1024,
  );
  const action = object(interactive, "action", "interactive['action']");
  const list = array(action, "buttons", "interactive['action']['buttons']");
  if (list.length < 1 || list.length > 3) {
    throw invalidParameter(
      `Param interactive['action']['buttons'] must have between 1 and 3 elements (got ${list.length}).`,
    );
  }
  const buttons = list.map((item, i) => {
    const path = `interactive['action']['buttons'][${i}]`;
    if (!isObject(item)) throw invalidParameter(`Param ${path} must be an object.`);
    if (item.type !== "reply") throw invalidParameter(`Param ${path}['type'] must be "reply".`);
    const reply = object(item, "reply", `${path}['reply']`);
    return {
      id: requiredText(reply, "id", `${path}['reply']['id']`, 256),
      title: requiredText(reply, "title", `${path}['reply']['title']`, 20),
    };
  });
  unique(
    buttons.map((b) => b.title),
    "Button titles",
  );
  unique(
    buttons.map((b) => b.id),
    "Button ids",
  );
  const header = headerText(interactive);
  const footer = footerText(interactive);
  return { type: "buttons", body, buttons, ...(header && { header }), ...(footer && { footer }) };
}

function listContent(interactive: Json): BusinessContent {
  const body = requiredText(
    object(interactive, "body", "interactive['body']"),
    "text",
    "interactive['body']['text']",
    4096,
  );
  const action = object(interactive, "action", "interactive['action']");
  const button = requiredText(action, "button", "interactive['action']['button']", 20);
  const rawSections = array(action, "sections", "interactive['action']['sections']");
  if (rawSections.length < 1 || rawSections.length > 10) {
    throw invalidParameter("Param interactive['action']['sections'] must have between 1 and 10 elements.");
  }
  const sections: ListSectionView[] = rawSections.map((raw, s) => {
    const path = `interactive['action']['sections'][${s}]`;
    if (!isObject(raw)) throw invalidParameter(`Param ${path} must be an object.`);
    const title = text(raw, "title", `${path}['title']`, 24, { optional: rawSections.length === 1 });
    const rows = array(raw, "rows", `${path}['rows']`).map((row, r) => {
      const rowPath = `${path}['rows'][${r}]`;
      if (!isObject(row)) throw invalidParameter(`Param ${rowPath} must be an object.`);
      const description = text(row, "description", `${rowPath}['description']`, 72, {
        optional: true,
        min: 0,
      });
      return {
        id: requiredText(row, "id", `${rowPath}['id']`, 200),
        title: requiredText(row, "title", `${rowPath}['title']`, 24),
        ...(description && { description }),
      };
    });
    if (rows.length < 1) throw invalidParameter(`Param ${path}['rows'] must have at least 1 element.`);
    return { ...(title !== undefined && { title }), rows };
  });
  const total = sections.reduce((n, s) => n + s.rows.length, 0);
  if (total > 10) throw invalidParameter(`A list message can have at most 10 rows in total (got ${total}).`);
  unique(
    sections.flatMap((s) => s.rows.map((r) => r.id)),
    "Row ids",
  );
  const header = headerText(interactive);
  const footer = footerText(interactive);
  return { type: "list", body, button, sections, ...(header && { header }), ...(footer && { footer }) };
}

function ctaUrlContent(interactive: Json): BusinessContent {
  const body = requiredText(
    object(interactive, "body", "interactive['body']"),
    "text",
    "interactive['body']['text']",
    1024,
  );
  const action = object(interactive, "action", "interactive['action']");
  const parameters = object(action, "parameters", "interactive['action']['parameters']");
  const displayText = requiredText(
    parameters,
    "display_text",
    "interactive['action']['parameters']['display_text']",
    20,
  );
  const url = requiredText(parameters, "url", "interactive['action']['parameters']['url']", 2000);
  if (!/^https?:\/\/\S+$/.test(url))
    throw invalidParameter("Param interactive['action']['parameters']['url'] must be a URL.");
  const header = headerText(interactive);
  const footer = footerText(interactive);
  return { type: "cta_url", body, displayText, url, ...(header && { header }), ...(footer && { footer }) };
}

function parameterTexts(component: Json): string[] {
  const parameters = component.parameters;
  if (parameters === undefined) return [];
  if (!Array.isArray(parameters))
    throw invalidParameter("Param template['components'][]['parameters'] must be an array.");
  return parameters.map((p) => {
    if (!isObject(p)) throw invalidParameter("Each template parameter must be an object.");
    switch (p.type) {
      case "text":
        return requiredText(p, "text", "template parameter ['text']", 32768);
      case "currency": {
        const currency = isObject(p.currency) ? p.currency : {};
        return typeof currency.fallback_value === "string" ? currency.fallback_value : "";
      }
      case "date_time": {
        const dateTime = isObject(p.date_time) ? p.date_time : {};
        return typeof dateTime.fallback_value === "string" ? dateTime.fallback_value : "";
      }
      case "payload":
        return typeof p.payload === "string" ? p.payload : "";
      case "image":
      case "document":
      case "video":
        return `[${p.type}]`;
      default:
        throw invalidParameter(`Template parameter type "${String(p.type)}" is not supported.`);
    }
  });
}

function templateContent(body: Json): BusinessContent {
  const template = object(body, "template", "template");
  const name = requiredText(template, "name", "template['name']", 512);
  if (!/^[a-z0-9_]+$/.test(name))
    throw invalidParameter("Param template['name'] must use lowercase letters, digits and underscores.");
  const language = requiredText(
    object(template, "language", "template['language']"),
    "code",
    "template['language']['code']",
    16,
  );
  const view: TemplateView = { name, language, header: [], body: [], buttons: [] };
  const components =
    template.components === undefined ? [] : array(template, "components", "template['components']");
  for (const component of components) {
    if (!isObject(component)) throw invalidParameter("Param template['components'][] must be an object.");
    if (component.type === "header") view.header.push(...parameterTexts(component));
    else if (component.type === "body") view.body.push(...parameterTexts(component));
    else if (component.type === "button") {
      const index = Number(component.index);
      if (!Number.isInteger(index) || index < 0 || index > 9)
        throw invalidParameter("Param template button ['index'] must be 0 to 9.");
      const subType = typeof component.sub_type === "string" ? component.sub_type : "quick_reply";
      const [value] = parameterTexts(component);
      view.buttons.push({
        index,
        subType,
        ...(subType === "quick_reply" ? { payload: value ?? "" } : { text: value ?? "" }),
      });
    } else throw invalidParameter(`Template component type "${String(component.type)}" is not supported.`);
  }
  return { type: "template", template: view };
}

const MEDIA_KINDS = ["image", "document", "audio", "video", "sticker"] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];

function mediaContent(body: Json, kind: MediaKind): BusinessContent {
  const media = object(body, kind, kind);
  const link = text(media, "link", `${kind}['link']`, 2000, { optional: true });
  const mediaId = text(media, "id", `${kind}['id']`, 256, { optional: true });
  if (!link === !mediaId) throw invalidParameter(`Param ${kind} must have exactly one of 'id' or 'link'.`);
  const caption =
    kind === "audio" || kind === "sticker"
      ? undefined
      : text(media, "caption", `${kind}['caption']`, 1024, { optional: true, min: 0 });
  const filename =
    kind === "document"
      ? text(media, "filename", "document['filename']", 240, { optional: true })
      : undefined;
  return {
    type: "media",
    kind,
    ...(link && { link }),
    ...(mediaId && { mediaId }),
    ...(caption && { caption }),
    ...(filename && { filename }),
  };
}

function contentOf(body: Json, type: string): BusinessContent {
  switch (type) {
    case "text": {
      const textPart = object(body, "text", "text");
      const previewUrl = textPart.preview_url === true;
      return { type: "text", text: requiredText(textPart, "body", "text['body']", 4096), previewUrl };
    }
    case "interactive": {
      const interactive = object(body, "interactive", "interactive");
      switch (interactive.type) {
        case "button":
          return buttonsContent(interactive);
        case "list":
          return listContent(interactive);
        case "cta_url":
          return ctaUrlContent(interactive);
        default:
          throw invalidParameter(
            `Param interactive['type'] "${String(interactive.type)}" is not supported by the simulator.`,
          );
      }
    }
    case "template":
      return templateContent(body);
    case "reaction": {
      const reaction = object(body, "reaction", "reaction");
      const emoji = text(reaction, "emoji", "reaction['emoji']", 10, { optional: true, min: 0 }) ?? "";
      return {
        type: "reaction",
        messageId: requiredText(reaction, "message_id", "reaction['message_id']", 512),
        emoji,
      };
    }
    case "location": {
      const location = object(body, "location", "location");
      const latitude = Number(location.latitude);
      const longitude = Number(location.longitude);
      if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))
        throw invalidParameter("Param location needs a valid latitude and longitude.");
      const name = text(location, "name", "location['name']", 1000, { optional: true });
      const address = text(location, "address", "location['address']", 1000, { optional: true });
      return { type: "location", latitude, longitude, ...(name && { name }), ...(address && { address }) };
    }
    default:
      if ((MEDIA_KINDS as readonly string[]).includes(type)) return mediaContent(body, type as MediaKind);
      throw invalidParameter(`Param type "${type}" is not a valid message type.`);
  }
}

export function validateMessagesRequest(body: unknown): ValidatedRequest {
  if (!isObject(body)) throw invalidParameter("The request body must be a JSON object.");
  if (body.messaging_product === undefined) throw missing("messaging_product");
  if (body.messaging_product !== "whatsapp")
    throw invalidParameter('Param messaging_product must be "whatsapp".');

  if (body.status !== undefined) {
    if (body.status !== "read") throw invalidParameter('Param status must be "read".');
    const messageId = requiredText(body, "message_id", "message_id", 512);
    let typing = false;
    if (body.typing_indicator !== undefined) {
      const indicator = object(body, "typing_indicator", "typing_indicator");
      if (indicator.type !== "text")
        throw invalidParameter("Param typing_indicator['type'] must be \"text\".");
      typing = true;
    }
    return { kind: "read", messageId, typing };
  }

  if (body.recipient_type !== undefined && body.recipient_type !== "individual") {
    throw invalidParameter('Param recipient_type must be "individual".');
  }
  const to =
    text(body, "to", "to", 256, { optional: true }) ??
    text(body, "recipient", "recipient", 256, { optional: true });
  if (to === undefined) throw missing("to");
  if (body.to !== undefined && !/^\+?[0-9 ()-]{6,24}$/.test(to))
    throw invalidParameter("Param to must be a phone number.");
  const type = body.type === undefined ? "text" : body.type;
  if (typeof type !== "string") throw invalidParameter("Param type must be a string.");
  const content = contentOf(body, type);

  let replyTo: string | undefined;
  if (body.context !== undefined)
    replyTo = requiredText(object(body, "context", "context"), "message_id", "context['message_id']", 512);
  let callbackData: string | undefined;
  if (body.biz_opaque_callback_data !== undefined) {
    if (typeof body.biz_opaque_callback_data !== "string")
      throw invalidParameter("Param biz_opaque_callback_data must be a string.");
    if (Buffer.byteLength(body.biz_opaque_callback_data, "utf8") > 512) {
      throw invalidParameter("Param biz_opaque_callback_data must be at most 512 bytes.");
    }
    callbackData = body.biz_opaque_callback_data;
  }
  return {
    kind: "send",
    to,
    content,
    ...(replyTo && { replyTo }),
    ...(callbackData !== undefined && { callbackData }),
  };
}

/** Only templates may open a conversation outside the 24-hour window; reactions follow the window too. */
export function isFreeForm(content: BusinessContent): boolean {
  return content.type !== "template";
}
