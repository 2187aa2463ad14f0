import { z } from "zod";
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

/** A 2xx answer from the Graph API that does not look like a send response. */
export class WhatsAppResponseError extends AppError {
  constructor(message: string) {
    super("unavailable", message);
    this.name = "WhatsAppResponseError";
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

export type MessageBody = TextBody | ButtonsBody | ListBody | TemplateBody;

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

/** Marks a customer's message read (blue ticks); with `typing`, also shows "typing…" for up to 25 s. */
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

const SendResponseSchema = z.looseObject({
  contacts: z
    .array(
      z.looseObject({
        input: z.string().optional(),
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
      }),
    )
    .optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

export interface SendResult {
  wamid: string;
  waId?: string;
  userId?: string;
  /** "accepted" or "held_for_quality_assessment" when Meta says so. */
  messageStatus?: string;
}

export function parseSendResponse(json: unknown): SendResult {
  const parsed = SendResponseSchema.safeParse(json);
  const message = parsed.success ? parsed.data.messages[0] : undefined;
  if (!parsed.success || !message) throw new WhatsAppResponseError("send response has no message id");
  const contact = parsed.data.contacts?.[0];
  const result: SendResult = { wamid: message.id };
  if (contact?.wa_id) result.waId = contact.wa_id;
  if (contact?.user_id) result.userId = contact.user_id;
  if (message.message_status) result.messageStatus = message.message_status;
  return result;
}

const GraphErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    title: z.string().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});

export interface GraphError {
  code?: number;
  title: string;
  message: string;
  details?: string;
  /** Worth sending again later: throttling, Meta-side trouble. */
  retryable: boolean;
  /** A suggested wait when the error says how long (pair rate limit). */
  retryAfterMs?: number;
  /** Outside the 24-hour window: only a template can reach the customer now. */
  windowClosed: boolean;
}

/** Throttling and Meta-side trouble: the same request can succeed later. */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004]);
const WINDOW_CLOSED_CODES = new Set([131047, 470]);
const PAIR_RATE_LIMIT = 131056;
const MAX_PAIR_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Classifies a non-2xx Graph API answer. A known error code decides; without one, HTTP 5xx, 429 and 408 are
 * retryable and every other status is not. `attempt` (1-based) sizes the pair-rate-limit backoff: 4^attempt s.
 */
export function parseGraphError(status: number, json: unknown, attempt = 1): GraphError {
  const parsed = GraphErrorSchema.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code;
  const title = error?.title ?? error?.error_user_title ?? error?.type ?? `HTTP ${status}`;
  const result: GraphError = {
    title,
    message: error?.message ?? error?.error_user_msg ?? `WhatsApp API answered HTTP ${status}`,
    retryable: false,
    windowClosed: code !== undefined && WINDOW_CLOSED_CODES.has(code),
  };
  if (code !== undefined) result.code = code;
  if (error?.error_data?.details) result.details = error.error_data.details;
  if (code !== undefined && (RETRYABLE_CODES.has(code) || Object.hasOwn(REASONS, code))) {
    result.retryable = RETRYABLE_CODES.has(code);
  } else {
    result.retryable = status >= 500 || status === 429 || status === 408;
  }
  if (code === PAIR_RATE_LIMIT) {
    const exponent = Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 1));
    result.retryAfterMs = Math.min(MAX_PAIR_BACKOFF_MS, 4 ** exponent * 1000);
  }
  return result;
}

type Reason = readonly [en: string, es: string];

const TOKEN: Reason = [
  "WhatsApp rejected the access token: the owner must reconnect the number.",
  "WhatsApp rechazó el token de acceso: el propietario debe volver a conectar el número.",
];
const WINDOW: Reason = [
  "The 24-hour window has closed: send a template message instead.",
  "La ventana de 24 horas se ha cerrado: envía una plantilla en su lugar.",
];
const UNAVAILABLE: Reason = [
  "WhatsApp is temporarily unavailable; beedesk will retry.",
  "WhatsApp no está disponible ahora mismo; beedesk lo reintentará.",
];

/** Short sentences an agent can act on, per Graph API error code. */
const REASONS: Record<number, Reason> = {
  0: TOKEN,
  190: TOKEN,
  1: UNAVAILABLE,
  2: UNAVAILABLE,
  131016: UNAVAILABLE,
  133004: UNAVAILABLE,
  3: [
    "This app lacks the capability to send from this number.",
    "Esta app no tiene capacidad para enviar desde este número.",
  ],
  10: [
    "This app lacks permission to send from this number.",
    "Esta app no tiene permiso para enviar desde este número.",
  ],
  200: [
    "This app lacks permission to send from this number.",
    "Esta app no tiene permiso para enviar desde este número.",
  ],
  4: [
    "Too many API calls right now; beedesk will retry shortly.",
    "Demasiadas llamadas a la API; beedesk lo reintentará en breve.",
  ],
  100: ["WhatsApp rejected the message as invalid.", "WhatsApp rechazó el mensaje por no ser válido."],
  368: [
    "WhatsApp has temporarily blocked this number for policy violations.",
    "WhatsApp ha bloqueado temporalmente este número por incumplir sus políticas.",
  ],
  470: WINDOW,
  80007: [
    "The WhatsApp Business account hit its rate limit; beedesk will retry.",
    "La cuenta de WhatsApp Business alcanzó su límite de envíos; beedesk lo reintentará.",
  ],
  130429: [
    "This number is sending too fast; beedesk will retry shortly.",
    "Este número envía demasiado rápido; beedesk lo reintentará en breve.",
  ],
  131000: [
    "WhatsApp had an unexpected error; beedesk will retry.",
    "WhatsApp tuvo un error inesperado; beedesk lo reintentará.",
  ],
  131005: ["Access to this number was denied.", "Se denegó el acceso a este número."],
  131008: ["A required part of the message is missing.", "Falta una parte obligatoria del mensaje."],
  131009: ["A value in the message is not valid.", "Un valor del mensaje no es válido."],
  131021: [
    "The customer's number is this business number itself.",
    "El número del cliente es el propio número de la empresa.",
  ],
  131026: [
    "The message could not be delivered: the customer may not use WhatsApp, may have an old app or may have blocked this number.",
    "No se pudo entregar: puede que el cliente no use WhatsApp, tenga una app antigua o haya bloqueado este número.",
  ],
  131031: [
    "The WhatsApp Business account is locked; the owner must check it in Meta Business Manager.",
    "La cuenta de WhatsApp Business está bloqueada; el propietario debe revisarla en Meta Business Manager.",
  ],
  131042: [
    "There is a payment problem on the WhatsApp Business account.",
    "Hay un problema de pago en la cuenta de WhatsApp Business.",
  ],
  131047: WINDOW,
  131048: [
    "WhatsApp is limiting this number for spam reports; wait before sending more.",
    "WhatsApp limita este número por denuncias de spam; espera antes de enviar más.",
  ],
  131049: [
    "WhatsApp chose not to deliver this marketing message.",
    "WhatsApp decidió no entregar este mensaje de marketing.",
  ],
  131050: [
    "The customer has stopped marketing messages from this business.",
    "El cliente ha desactivado los mensajes de marketing de esta empresa.",
  ],
  131051: ["WhatsApp does not support this message type.", "WhatsApp no admite este tipo de mensaje."],
  131052: ["The media file could not be downloaded.", "No se pudo descargar el archivo."],
  131053: ["The media file could not be uploaded.", "No se pudo subir el archivo."],
  131056: [
    "Too many messages to this customer in a short time; beedesk will retry shortly.",
    "Demasiados mensajes a este cliente en poco tiempo; beedesk lo reintentará en breve.",
  ],
  131057: [
    "This number is being upgraded to a higher sending limit; beedesk will retry.",
    "Este número se está actualizando a un límite de envío mayor; beedesk lo reintentará.",
  ],
  131062: [
    "This message cannot be sent to a customer known only by username; use their phone number.",
    "Este mensaje no se puede enviar a un cliente identificado solo por su nombre de usuario; usa su teléfono.",
  ],
  132000: [
    "The template's variables do not match its definition.",
    "Las variables de la plantilla no coinciden con su definición.",
  ],
  132001: [
    "The template does not exist or is not approved in that language.",
    "La plantilla no existe o no está aprobada en ese idioma.",
  ],
  132005: ["The template is too long once filled in.", "La plantilla es demasiado larga una vez rellenada."],
  132007: [
    "The template breaks WhatsApp's content policy.",
    "La plantilla incumple la política de contenido de WhatsApp.",
  ],
  132012: [
    "The template's variables have the wrong format.",
    "Las variables de la plantilla tienen un formato incorrecto.",
  ],
  132015: ["The template is paused for low quality.", "La plantilla está en pausa por baja calidad."],
  132016: ["The template has been disabled.", "La plantilla ha sido desactivada."],
  133010: [
    "The sending number is not registered with WhatsApp.",
    "El número que envía no está registrado en WhatsApp.",
  ],
};

export function agentReadableReason(code: number | undefined, lang: "es" | "en"): string {
  const reason = code !== undefined && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
  if (reason) return lang === "es" ? reason[1] : reason[0];
  if (lang === "es")
    return `WhatsApp no pudo enviar el mensaje${code === undefined ? "" : ` (error ${code})`}.`;
  return `WhatsApp could not send the message${code === undefined ? "" : ` (error ${code})`}.`;
}
