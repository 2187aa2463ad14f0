// Realistic Cloud API webhook payloads (shapes from docs and captured traffic) for tests and the simulator.

export const FIXTURE = {
  wabaId: "102290129340398",
  presales: { phoneNumberId: "106540352242922", displayPhoneNumber: "34911000001" },
  premium: { phoneNumberId: "106540352242923", displayPhoneNumber: "34911000002" },
  customer: { waId: "34612345678", userId: "ES.1502576394655843", name: "Lucía Fernández" },
  /** 2026-11-25T12:00:00Z */
  timestamp: "1795608000",
} as const;

export type JsonObject = Record<string, unknown>;

export interface WebhookPayload {
  object: "whatsapp_business_account";
  entry: { id: string; changes: { field: string; value: JsonObject }[] }[];
}

export function wamid(n: number | string): string {
  return `wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI${String(n).padStart(6, "0")}A`;
}

const from = FIXTURE.customer.waId;
const ts = FIXTURE.timestamp;

/** One message of every type Meta documents, plus one type it may add later. */
export const messageFixtures = {
  text: {
    from,
    id: wamid(1),
    timestamp: ts,
    type: "text",
    text: { body: "¿Tiene descuento si compro tres?" },
  },
  textReply: {
    from,
    id: wamid(2),
    timestamp: ts,
    type: "text",
    context: { from: FIXTURE.presales.displayPhoneNumber, id: wamid(900), forwarded: true },
    text: { body: "Sí, esa" },
  },
  textReferral: {
    from,
    id: wamid(3),
    timestamp: ts,
    type: "text",
    referral: {
      source_url: "https://fb.me/3cr4Wqqkv",
      source_id: "120213456789",
      source_type: "ad",
      headline: "Filtros avanzados para OpenCart",
      body: "Escríbenos por WhatsApp",
      media_type: "image",
      image_url: "https://scontent.xx.fbcdn.net/v/t45.1600-4/ad.jpg",
      ctwa_clid:
        "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a",
    },
    text: { body: "Hola, vengo del anuncio" },
  },
  buttonReply: {
    from,
    id: wamid(4),
    timestamp: ts,
    type: "interactive",
    context: { from: FIXTURE.presales.displayPhoneNumber, id: wamid(901) },
    interactive: {
      type: "button_reply",
      button_reply: { id: "route:presales", title: "Pregunta de preventa" },
    },
  },
  listReply: {
    from,
    id: wamid(5),
    timestamp: ts,
    type: "interactive",
    context: { from: FIXTURE.premium.displayPhoneNumber, id: wamid(902) },
    interactive: {
      type: "list_reply",
      list_reply: { id: "service:support", title: "Soporte técnico", description: "20 USD/h" },
    },
  },
  flowReply: {
    from,
    id: wamid(6),
    timestamp: ts,
    type: "interactive",
    interactive: {
      type: "nfm_reply",
      nfm_reply: {
        name: "flow",
        body: "Sent",
        response_json: '{"flow_token":"abc","email":"lucia@example.com"}',
      },
    },
  },
  templateButton: {
    from,
    id: wamid(7),
    timestamp: ts,
    type: "button",
    context: { from: FIXTURE.premium.displayPhoneNumber, id: wamid(903) },
    button: { text: "Acepto", payload: "quote:q_123:accept" },
  },
  image: {
    from,
    id: wamid(8),
    timestamp: ts,
    type: "image",
    image: {
      caption: "Este es el error",
      mime_type: "image/jpeg",
      sha256: "u9I7hPaHzJbc9rR6mM1hJ6iwaJXt6g7Dp5gW0bqNLHo=",
      id: "1003383421387256",
    },
  },
  video: {
    from,
    id: wamid(9),
    timestamp: ts,
    type: "video",
    video: { mime_type: "video/mp4", sha256: "kHN7mQbKJ1W1t0DwWx4Pj8d7m8dG3x8=", id: "1003383421387257" },
  },
  audio: {
    from,
    id: wamid(10),
    timestamp: ts,
    type: "audio",
    audio: {
      mime_type: "audio/ogg; codecs=opus",
      sha256: "9Jp3eL5lF0lQb3k1wq0S1o0a0Q2p8pV0ZyS4N7b8mVQ=",
      id: "1003383421387258",
      voice: true,
    },
  },
  document: {
    from,
    id: wamid(11),
    timestamp: ts,
    type: "document",
    document: {
      caption: "Factura",
      filename: "factura-2026-118.pdf",
      mime_type: "application/pdf",
      sha256: "Jx8m2lQ3oN0sR5vW7yZ1b3d5f7h9j1l3n5p7r9t1v3x=",
      id: "1003383421387259",
    },
  },
  sticker: {
    from,
    id: wamid(12),
    timestamp: ts,
    type: "sticker",
    sticker: {
      mime_type: "image/webp",
      sha256: "b3d5f7h9j1l3n5p7r9t1v3x5z7=",
      id: "1003383421387260",
      animated: false,
    },
  },
  location: {
    from,
    id: wamid(13),
    timestamp: ts,
    type: "location",
    location: {
      latitude: 40.4168,
      longitude: -3.7038,
      name: "Oficina",
      address: "Puerta del Sol, Madrid",
      url: "https://example.com",
    },
  },
  contacts: {
    from,
    id: wamid(14),
    timestamp: ts,
    type: "contacts",
    contacts: [
      {
        name: { formatted_name: "Pedro Gómez", first_name: "Pedro", last_name: "Gómez" },
        phones: [{ phone: "+34 699 111 222", wa_id: "34699111222", type: "CELL" }],
        emails: [{ email: "pedro@example.com", type: "WORK" }],
        org: { company: "Tienda Pedro" },
      },
    ],
  },
  reaction: {
    from,
    id: wamid(15),
    timestamp: ts,
    type: "reaction",
    reaction: { message_id: wamid(904), emoji: "👍" },
  },
  reactionRemoved: {
    from,
    id: wamid(16),
    timestamp: ts,
    type: "reaction",
    reaction: { message_id: wamid(904) },
  },
  unsupported: {
    from,
    id: wamid(17),
    timestamp: ts,
    type: "unsupported",
    errors: [
      {
        code: 131051,
        title: "Message type unknown",
        message: "Message type unknown",
        error_data: { details: "Message type is currently not supported." },
      },
    ],
    unsupported: { type: "poll" },
  },
  system: {
    from,
    id: wamid(18),
    timestamp: ts,
    type: "system",
    system: {
      body: "Lucía Fernández changed from 34612345678 to 34687654321",
      wa_id: "34687654321",
      type: "customer_changed_number",
    },
  },
  requestWelcome: { from, id: wamid(19), timestamp: ts, type: "request_welcome" },
  futureType: {
    from,
    id: wamid(20),
    timestamp: ts,
    type: "order",
    order: {
      catalog_id: "1234",
      text: "Quiero estos dos",
      product_items: [{ product_retailer_id: "sku-1" }],
    },
  },
} satisfies Record<string, JsonObject>;

export type MessageFixtureName = keyof typeof messageFixtures;

function toUnixSeconds(timestamp: Date | number | string | undefined): string {
  if (timestamp === undefined) return String(Math.floor(Date.now() / 1000));
  if (timestamp instanceof Date) return String(Math.floor(timestamp.getTime() / 1000));
  return String(timestamp);
}

export interface NumberOptions {
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  wabaId?: string;
}

function envelope(changes: JsonObject[], options: NumberOptions = {}): WebhookPayload {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: options.wabaId ?? FIXTURE.wabaId,
        changes: changes.map((value) => ({ field: "messages", value })),
      },
    ],
  };
}

function value(options: NumberOptions, parts: JsonObject): JsonObject {
  return {
    messaging_product: "whatsapp",
    metadata: {
      display_phone_number: options.displayPhoneNumber ?? FIXTURE.presales.displayPhoneNumber,
      phone_number_id: options.phoneNumberId ?? FIXTURE.presales.phoneNumberId,
    },
    ...parts,
  };
}

export interface ContactOptions {
  waId?: string;
  userId?: string;
  name?: string;
  username?: string;
}

function contactJson(contact: ContactOptions): JsonObject {
  return {
    profile: {
      name: contact.name ?? FIXTURE.customer.name,
      ...(contact.username && { username: contact.username }),
    },
    ...(contact.waId && { wa_id: contact.waId }),
    ...(contact.userId && { user_id: contact.userId }),
  };
}

/** Any message JSON wrapped in a one-entry payload, with its sender's contact (null for none). */
export function buildInboundPayload(
  message: JsonObject,
  options: NumberOptions & { contact?: ContactOptions | null } = {},
): WebhookPayload {
  const contact =
    options.contact === null
      ? undefined
      : (options.contact ?? { waId: typeof message.from === "string" ? message.from : undefined });
  return envelope(
    [value(options, { ...(contact && { contacts: [contactJson(contact)] }), messages: [message] })],
    options,
  );
}

export interface SenderOptions extends NumberOptions {
  /** Customer phone number (wa_id); omit for a username user known only by `userId`. */
  from?: string;
  userId?: string;
  name?: string;
  wamid: string;
  timestamp?: Date | number | string;
  replyTo?: string;
}

function sender(options: SenderOptions, type: string, part: JsonObject): WebhookPayload {
  const message: JsonObject = {
    ...(options.from && { from: options.from }),
    ...(options.userId && { from_user_id: options.userId }),
    id: options.wamid,
    timestamp: toUnixSeconds(options.timestamp),
    type,
    ...(options.replyTo && { context: { from: options.displayPhoneNumber, id: options.replyTo } }),
    ...part,
  };
  return buildInboundPayload(message, {
    ...options,
    contact: { waId: options.from, userId: options.userId, name: options.name },
  });
}

export function buildTextPayload(options: SenderOptions & { text: string }): WebhookPayload {
  return sender(options, "text", { text: { body: options.text } });
}

export function buildButtonReplyPayload(
  options: SenderOptions & { id: string; title: string },
): WebhookPayload {
  return sender(options, "interactive", {
    interactive: { type: "button_reply", button_reply: { id: options.id, title: options.title } },
  });
}

export function buildListReplyPayload(
  options: SenderOptions & { id: string; title: string; description?: string },
): WebhookPayload {
  const { id, title, description } = options;
  return sender(options, "interactive", {
    interactive: { type: "list_reply", list_reply: { id, title, ...(description && { description }) } },
  });
}

export interface StatusOptions extends NumberOptions {
  wamid: string;
  status: "sent" | "delivered" | "read" | "failed" | "played" | (string & {});
  recipientId?: string;
  recipientUserId?: string;
  timestamp?: Date | number | string;
  bizOpaqueCallbackData?: string;
  errors?: { code: number; title?: string; message?: string; details?: string }[];
}

export function statusJson(options: StatusOptions): JsonObject {
  const billable = options.status !== "failed";
  return {
    id: options.wamid,
    status: options.status,
    timestamp: toUnixSeconds(options.timestamp),
    ...(options.recipientId !== undefined || options.recipientUserId !== undefined
      ? {}
      : { recipient_id: FIXTURE.customer.waId }),
    ...(options.recipientId && { recipient_id: options.recipientId }),
    ...(options.recipientUserId && { recipient_user_id: options.recipientUserId }),
    ...(options.bizOpaqueCallbackData && { biz_opaque_callback_data: options.bizOpaqueCallbackData }),
    ...(billable && {
      pricing: { billable: false, pricing_model: "PMP", category: "service", type: "free_customer_service" },
    }),
    ...(options.errors && {
      errors: options.errors.map((e) => ({
        code: e.code,
        title: e.title ?? "Error",
        message: e.message ?? e.title ?? "Error",
        error_data: { details: e.details ?? "" },
        href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
      })),
    }),
  };
}

export function buildStatusPayload(options: StatusOptions): WebhookPayload {
  return envelope([value(options, { statuses: [statusJson(options)] })], options);
}

/** 2 entries × 2 changes: 3 messages and 4 statuses across both numbers. */
export const batchPayload: WebhookPayload = {
  object: "whatsapp_business_account",
  entry: [
    {
      id: FIXTURE.wabaId,
      changes: [
        {
          field: "messages",
          value: value(FIXTURE.presales, {
            contacts: [contactJson({ waId: from, name: FIXTURE.customer.name })],
            messages: [messageFixtures.text, messageFixtures.image],
          }),
        },
        {
          field: "messages",
          value: value(FIXTURE.premium, {
            statuses: [
              statusJson({ wamid: wamid(500), status: "sent", timestamp: ts }),
              statusJson({ wamid: wamid(500), status: "delivered", timestamp: ts }),
            ],
          }),
        },
      ],
    },
    {
      id: "102290129340399",
      changes: [
        {
          field: "messages",
          value: value(FIXTURE.premium, {
            contacts: [contactJson({ waId: from, name: FIXTURE.customer.name })],
            messages: [messageFixtures.listReply],
          }),
        },
        {
          field: "messages",
          value: value(FIXTURE.presales, {
            statuses: [
              statusJson({ wamid: wamid(501), status: "read", timestamp: ts }),
              statusJson({
                wamid: wamid(502),
                status: "failed",
                timestamp: ts,
                errors: [
                  {
                    code: 131047,
                    title: "Re-engagement message",
                    details: "More than 24 hours have passed.",
                  },
                ],
              }),
            ],
          }),
        },
      ],
    },
  ],
};

/** A username user: the contact has a business-scoped user id and no wa_id; the message has no `from`. */
export const bsuidPayload: WebhookPayload = envelope([
  value(FIXTURE.presales, {
    contacts: [{ profile: { name: "Marta", username: "@marta.shop" }, user_id: FIXTURE.customer.userId }],
    messages: [
      {
        from_user_id: FIXTURE.customer.userId,
        id: wamid(30),
        timestamp: ts,
        type: "text",
        text: { body: "I bought the filter module and it shows an error" },
      },
    ],
  }),
]);

/** Statuses with pricing, a BSUID recipient, callback data and a failure with its error. */
export const statusesPayload: WebhookPayload = envelope([
  value(FIXTURE.presales, {
    statuses: [
      statusJson({ wamid: wamid(600), status: "sent", timestamp: ts, bizOpaqueCallbackData: "msg_01J" }),
      statusJson({ wamid: wamid(600), status: "delivered", timestamp: ts }),
      statusJson({
        wamid: wamid(601),
        status: "read",
        timestamp: ts,
        recipientUserId: FIXTURE.customer.userId,
      }),
      statusJson({ wamid: wamid(602), status: "played", timestamp: ts }),
      statusJson({
        wamid: wamid(603),
        status: "failed",
        timestamp: ts,
        errors: [
          {
            code: 131026,
            title: "Message Undeliverable",
            message: "Message Undeliverable",
            details: "Message Undeliverable.",
          },
        ],
      }),
    ],
  }),
]);

/** value.errors: a problem with the number or app rather than with one message. */
export const errorsPayload: WebhookPayload = envelope([
  value(FIXTURE.presales, {
    errors: [
      {
        code: 131042,
        title: "Business eligibility payment issue",
        message: "Business eligibility payment issue",
        error_data: {
          details: "Message failed to send because there were one or more errors related to payment.",
        },
      },
    ],
  }),
]);
