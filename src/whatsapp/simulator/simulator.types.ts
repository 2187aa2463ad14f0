// Shapes shared by the simulator's server side and its page (this file must stay free of Node imports).

export type NumberRole = "presales" | "premium";
export const NUMBER_ROLES: readonly NumberRole[] = ["presales", "premium"];

export type PersonaLanguage = "es" | "en";

/** A simulated customer: a WhatsApp user who writes to the business numbers. */
export interface Persona {
  id: string;
  name: string;
  /** As a person writes it: "+34 611 000 001". */
  phone: string;
  /** Digits only, as WhatsApp sends it in `from` / `wa_id`. */
  waId: string;
  language: PersonaLanguage;
  /** Pre-made demo persona (cannot be deleted). */
  demo: boolean;
  /** What makes this persona interesting ("active license for …"), in both page languages. */
  note?: { es: string; en: string };
  createdAt: string;
}

export interface BusinessNumber {
  role: NumberRole;
  phoneNumberId: string;
  displayNumber: string;
  /** Name shown at the top of the chat (the vendor's name). */
  verifiedName: string;
  /** Business profile "about", as last set through the fake Graph API. */
  about: string | null;
}

/** What the customer sent (becomes an inbound webhook message). */
/** WhatsApp updates a persona can send besides plain messages (see customer-updates.ts). */
export const UPDATE_KINDS = [
  "reaction",
  "edit",
  "revoke",
  "ad_referral",
  "number_change",
  "contacts",
  "order",
  "location",
  "user_id_only",
] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** The click-to-WhatsApp ad a first message came from. */
export interface AdReferralView {
  sourceUrl: string;
  sourceId: string;
  headline: string;
  body: string;
  ctwaClid: string;
}

export interface OrderLine {
  productRetailerId: string;
  quantity: number;
  /** In the currency's units, as Meta sends it. */
  itemPrice: number;
  currency: string;
}

export type CustomerContent =
  /** `fromUserId`: sent as a username user, known only by a business-scoped user id (no phone number). */
  | { type: "text"; text: string; referral?: AdReferralView; fromUserId?: string }
  | { type: "reaction"; messageId: string; emoji: string }
  | { type: "edit"; messageId: string; text: string }
  | { type: "revoke"; messageId: string }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { type: "contacts"; contacts: { name: string; phones: string[] }[] }
  | { type: "order"; catalogId: string; text?: string; items: OrderLine[] }
  | { type: "number_change"; oldWaId: string; newWaId: string }
  | { type: "button_reply"; id: string; title: string }
  | { type: "list_reply"; id: string; title: string; description?: string }
  | { type: "template_button"; text: string; payload: string }
  | {
      type: "image" | "document";
      mediaId: string;
      mimeType: string;
      sha256: string;
      fileSize: number;
      caption?: string;
      filename?: string;
    };

export interface ButtonView {
  id: string;
  title: string;
}

export interface ListSectionView {
  title?: string;
  rows: { id: string; title: string; description?: string }[];
}

export interface TemplateView {
  name: string;
  language: string;
  header: string[];
  body: string[];
  /** Quick-reply and URL buttons, with what the send request says about them. */
  buttons: { index: number; subType: string; payload?: string; text?: string }[];
}

/** What the business sent (a validated POST /{phone-number-id}/messages body). */
export type BusinessContent =
  | { type: "text"; text: string; previewUrl: boolean }
  | { type: "buttons"; header?: string; body: string; footer?: string; buttons: ButtonView[] }
  | {
      type: "list";
      header?: string;
      body: string;
      footer?: string;
      button: string;
      sections: ListSectionView[];
    }
  | { type: "cta_url"; header?: string; body: string; footer?: string; displayText: string; url: string }
  | { type: "template"; template: TemplateView }
  | {
      type: "media";
      kind: "image" | "document" | "audio" | "video" | "sticker";
      link?: string;
      mediaId?: string;
      caption?: string;
      filename?: string;
    }
  | { type: "reaction"; messageId: string; emoji: string }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string };

export type CustomerStatus = "sent" | "delivered" | "read" | "failed";
export type BusinessStatus = "accepted" | "sent" | "delivered" | "read" | "failed";

interface MessageBase {
  /** The wamid. */
  id: string;
  personaId: string;
  role: NumberRole;
  at: string;
  /** wamid of the message this one answers or quotes. */
  replyTo?: string;
  error?: { code?: number; title: string; details?: string };
}

export interface CustomerMessage extends MessageBase {
  direction: "customer";
  content: CustomerContent;
  /** sent: the simulator has it; delivered: beedesk's webhook answered 200; read: beedesk marked it read. */
  status: CustomerStatus;
}

export interface BusinessMessage extends MessageBase {
  direction: "business";
  content: BusinessContent;
  status: BusinessStatus;
  callbackData?: string;
  /** The reply the customer tapped, for buttons, lists and template buttons. */
  answered?: { id: string; title: string };
}

export type ChatMessage = CustomerMessage | BusinessMessage;

export interface DeliveryLogEntry {
  id: string;
  at: string;
  /** "message" (customer → business), "status" (of a business message) or "account" (templates, quality). */
  kind: "message" | "status" | "account";
  summary: string;
  target: string;
  attempts: number;
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

export interface FailureSpec {
  count: number;
  code?: number;
  httpStatus?: number;
  /** Hold the request past the client's timeout, then drop the connection without an answer. */
  timeout?: boolean;
  holdMs?: number;
  /** With timeout: the simulator still accepts the message (the "sent twice" crash window). */
  acceptAnyway?: boolean;
  /** sync: the HTTP answer fails; status: accepted, then a failed status webhook carries the error. */
  mode?: "sync" | "status";
}

export interface SimulatorState {
  numbers: BusinessNumber[];
  personas: Persona[];
  failures: FailureSpec[];
}

/** Server-sent events the page listens to. */
export type SimulatorEvent =
  | { type: "hello"; clientId: string }
  | { type: "message"; message: ChatMessage }
  | { type: "personas"; personas: Persona[] }
  | { type: "numbers"; numbers: BusinessNumber[] }
  | { type: "typing"; personaId: string; role: NumberRole; until: string }
  | { type: "chat_cleared"; personaId: string; role: NumberRole }
  | { type: "delivery"; delivery: DeliveryLogEntry }
  | { type: "failures"; failures: FailureSpec[] }
  /** Meta's side of the account changed (a template submitted or reviewed, a number's quality). */
  | { type: "account" };
