import type { MessageKey, Params } from "../../../platform/i18n/i18n.js";
import { translate } from "../../../platform/i18n/i18n.js";
import type { SimAccountView } from "../sim-account.js";
import type {
  ChatMessage,
  DeliveryLogEntry,
  FailureSpec,
  NumberRole,
  Persona,
  PersonaLanguage,
  SimulatorState,
  UpdateKind,
} from "../simulator.types.js";

// The page's only way to the server: the simulator's JSON API under /simulator/api.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`/simulator/api${url}`, {
    method,
    headers:
      body === undefined
        ? { accept: "application/json" }
        : { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new ApiError(response.status, data.error?.message ?? response.statusText);
  return data as T;
}

export type State = SimulatorState & { webhookTarget: string };

export type QualityEvent = "FLAGGED" | "UNFLAGGED" | "UPGRADE" | "DOWNGRADE";

export type CustomerActionBody =
  | { type: "text"; text: string; replyTo?: string }
  | { type: "button"; messageId: string; buttonId: string }
  | { type: "list"; messageId: string; rowId: string }
  | { type: "template_button"; messageId: string; index: number }
  | { type: "sample_image"; caption?: string }
  | { type: "update"; kind: UpdateKind; messageId?: string; emoji?: string; text?: string };

export const api = {
  state: () => call<State>("GET", "/state"),
  chat: (personaId: string, role: NumberRole) =>
    call<{ messages: ChatMessage[] }>("GET", `/chats/${encodeURIComponent(personaId)}/${role}`),
  clearChat: (personaId: string, role: NumberRole) =>
    call<void>("DELETE", `/chats/${encodeURIComponent(personaId)}/${role}`),
  send: (personaId: string, role: NumberRole, action: CustomerActionBody) =>
    call<{ message: ChatMessage }>(
      "POST",
      `/chats/${encodeURIComponent(personaId)}/${role}/messages`,
      action,
    ),
  async upload(personaId: string, role: NumberRole, file: File, caption?: string) {
    const query = new URLSearchParams({ type: file.type || "application/octet-stream", filename: file.name });
    if (caption) query.set("caption", caption);
    const response = await fetch(
      `/simulator/api/chats/${encodeURIComponent(personaId)}/${role}/media?${query}`,
      {
        method: "POST",
        headers: { "content-type": "application/octet-stream", accept: "application/json" },
        body: file,
      },
    );
    const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!response.ok) throw new ApiError(response.status, data.error?.message ?? response.statusText);
    return data as { message: ChatMessage };
  },
  createPersona: (input: { name: string; phone: string; language: PersonaLanguage }) =>
    call<{ persona: Persona }>("POST", "/personas", input),
  deletePersona: (id: string) => call<void>("DELETE", `/personas/${encodeURIComponent(id)}`),
  view: (clientId: string, personaId: string | null, role: NumberRole | null) =>
    call<void>("POST", "/view", { clientId, personaId, role }),
  addFailure: (spec: FailureSpec) => call<{ failures: FailureSpec[] }>("POST", "/failures", spec),
  clearFailures: () => call<void>("DELETE", "/failures"),
  deliveries: () => call<{ deliveries: DeliveryLogEntry[] }>("GET", "/deliveries"),
  quiet: (personaId: string, role: NumberRole) =>
    call<{ windowClosed: boolean }>("POST", `/chats/${encodeURIComponent(personaId)}/${role}/quiet`, {}),
  account: () => call<SimAccountView>("GET", "/account"),
  review: (name: string, language: string, status: string, reason?: string) =>
    call<unknown>("POST", "/account/templates/review", { name, language, status, ...(reason && { reason }) }),
  decideNext: (status: "APPROVED" | "REJECTED") =>
    call<void>("POST", "/account/templates/next-review", {
      status,
      ...(status === "REJECTED" && { reason: "INVALID_FORMAT" }),
    }),
  quality: (role: NumberRole, event: QualityEvent) =>
    call<void>("POST", `/account/numbers/${role}/quality`, {
      event,
      ...(event === "UPGRADE" && { tier: "TIER_10K" }),
      ...(event === "DOWNGRADE" && { tier: "TIER_250" }),
    }),
  redeliver: (messageId: string) =>
    call<unknown>("POST", `/messages/${encodeURIComponent(messageId)}/redeliver`, {}),
};

export type Lang = "es" | "en";
export type T = (key: MessageKey, params?: Params) => string;

export function translatorFor(lang: Lang): T {
  return (key, params) => translate(lang, key, params);
}
