import { z } from "zod";
import { AppError } from "../platform/errors.js";

/** A 2xx answer from the Graph API that does not look like a send response. */
export class WhatsAppResponseError extends AppError {
  constructor(message: string) {
    super("unavailable", message);
    this.name = "WhatsAppResponseError";
  }
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

/** Meta refused the message because the 24-hour window had closed (at send time or in a failed status). */
export function isWindowClosedCode(code: number | null | undefined): boolean {
  return code != null && WINDOW_CLOSED_CODES.has(code);
}
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
    windowClosed: isWindowClosedCode(code),
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
