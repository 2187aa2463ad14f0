import { describe, expect, it } from "vitest";
import {
  bsuidPayload,
  buildInboundPayload,
  FIXTURE,
  type JsonObject,
  type MessageFixtureName,
  messageFixtures,
  wamid,
} from "./fixtures.js";
import type { MessageEvent } from "./webhook-events.js";
import { extractEvents } from "./webhook-extract.js";

const ISO = "2026-11-25T12:00:00.000Z";

function onlyMessage(message: JsonObject): MessageEvent {
  const { events, problems } = extractEvents(buildInboundPayload(message));
  expect(problems).toEqual([]);
  expect(events).toHaveLength(1);
  const event = events[0];
  if (event?.kind !== "message") throw new Error("expected a message event");
  return event;
}

const expected: Record<MessageFixtureName, Partial<MessageEvent>> = {
  text: { type: "text", text: "¿Tiene descuento si compro tres?" },
  textReply: { type: "text", text: "Sí, esa", contextMessageId: wamid(900), forwarded: true },
  textReferral: {
    text: "Hola, vengo del anuncio",
    referral: {
      sourceUrl: "https://fb.me/3cr4Wqqkv",
      sourceId: "120213456789",
      sourceType: "ad",
      headline: "Filtros avanzados para OpenCart",
      body: "Escríbenos por WhatsApp",
      mediaType: "image",
      ctwaClid: messageFixtures.textReferral.referral.ctwa_clid,
    },
  },
  buttonReply: {
    type: "interactive",
    text: "Pregunta de preventa",
    interactive: { kind: "button_reply", id: "route:presales", title: "Pregunta de preventa" },
    contextMessageId: wamid(901),
  },
  listReply: {
    text: "Soporte técnico",
    interactive: {
      kind: "list_reply",
      id: "service:support",
      title: "Soporte técnico",
      description: "20 USD/h",
    },
  },
  flowReply: {
    text: "Sent",
    interactive: {
      kind: "nfm_reply",
      id: "flow",
      title: "Sent",
      responseJson: '{"flow_token":"abc","email":"lucia@example.com"}',
    },
  },
  templateButton: {
    type: "button",
    text: "Acepto",
    button: { text: "Acepto", payload: "quote:q_123:accept" },
  },
  image: {
    type: "image",
    text: "Este es el error",
    media: {
      id: "1003383421387256",
      mimeType: "image/jpeg",
      sha256: "u9I7hPaHzJbc9rR6mM1hJ6iwaJXt6g7Dp5gW0bqNLHo=",
      caption: "Este es el error",
    },
  },
  video: {
    media: { id: "1003383421387257", mimeType: "video/mp4", sha256: "kHN7mQbKJ1W1t0DwWx4Pj8d7m8dG3x8=" },
  },
  audio: {
    media: expect.objectContaining({
      id: "1003383421387258",
      mimeType: "audio/ogg; codecs=opus",
      voice: true,
    }),
  },
  document: {
    text: "Factura",
    media: expect.objectContaining({ filename: "factura-2026-118.pdf", mimeType: "application/pdf" }),
  },
  sticker: { media: expect.objectContaining({ mimeType: "image/webp", animated: false }) },
  location: {
    text: "Oficina, Puerta del Sol, Madrid",
    location: {
      latitude: 40.4168,
      longitude: -3.7038,
      name: "Oficina",
      address: "Puerta del Sol, Madrid",
      url: "https://example.com",
    },
  },
  contacts: {
    text: "Pedro Gómez",
    contacts: [
      {
        name: "Pedro Gómez",
        phones: [{ phone: "+34 699 111 222", waId: "34699111222", type: "CELL" }],
        emails: ["pedro@example.com"],
        company: "Tienda Pedro",
      },
    ],
  },
  reaction: { text: "👍", reaction: { messageId: wamid(904), emoji: "👍" } },
  reactionRemoved: { reaction: { messageId: wamid(904) } },
  unsupported: {
    type: "unsupported",
    errors: [
      {
        code: 131051,
        title: "Message type unknown",
        message: "Message type unknown",
        details: "Message type is currently not supported.",
      },
    ],
  },
  system: {
    type: "system",
    text: "Lucía Fernández changed from 34612345678 to 34687654321",
    system: {
      type: "customer_changed_number",
      body: "Lucía Fernández changed from 34612345678 to 34687654321",
      newWaId: "34687654321",
    },
  },
  requestWelcome: { type: "request_welcome" },
  futureType: { type: "order", text: "Quiero estos dos" },
};

describe("extractEvents: message types", () => {
  it.each(Object.keys(messageFixtures) as MessageFixtureName[])("parses %s", (name) => {
    const fixture = messageFixtures[name];
    const event = onlyMessage(fixture);
    expect(event).toMatchObject({
      kind: "message",
      wabaId: FIXTURE.wabaId,
      phoneNumberId: FIXTURE.presales.phoneNumberId,
      displayPhoneNumber: FIXTURE.presales.displayPhoneNumber,
      wamid: fixture.id,
      from: { waId: FIXTURE.customer.waId },
      timestamp: ISO,
      type: fixture.type,
      ...expected[name],
    });
    expect(event.raw).toBe(fixture);
  });

  it("leaves text undefined where a type has none", () => {
    for (const name of [
      "video",
      "audio",
      "sticker",
      "reactionRemoved",
      "unsupported",
      "requestWelcome",
    ] as const) {
      expect(onlyMessage(messageFixtures[name])).not.toHaveProperty("text");
    }
  });

  it("keeps unknown fields in raw without reporting them", () => {
    const message = { ...messageFixtures.text, brand_new_field: { nested: [1, 2] } };
    expect(onlyMessage(message).raw).toHaveProperty("brand_new_field");
  });

  it("names the profile from the matching contact", () => {
    const payload = buildInboundPayload(messageFixtures.text, {
      contact: { waId: FIXTURE.customer.waId, name: "Lu" },
    });
    expect(extractEvents(payload).events[0]).toMatchObject({
      from: { waId: FIXTURE.customer.waId, profileName: "Lu" },
    });
  });

  it("matches each message to its own contact when a change carries several senders", () => {
    const payload = buildInboundPayload(messageFixtures.text);
    const value = payload.entry[0]!.changes[0]!.value;
    value.contacts = [
      { profile: { name: "Ana" }, wa_id: "5215550001" },
      { profile: { name: "Bob" }, wa_id: "5215550002", user_id: "MX.77" },
    ];
    value.messages = [
      { ...messageFixtures.text, id: wamid(1001), from: "5215550002" },
      { ...messageFixtures.text, id: wamid(1002), from: "5215550001" },
      { ...messageFixtures.text, id: wamid(1003), from: "5215550003" },
    ];
    const froms = extractEvents(payload).events.map((e) => (e.kind === "message" ? e.from : undefined));
    expect(froms).toEqual([
      { waId: "5215550002", userId: "MX.77", profileName: "Bob" },
      { waId: "5215550001", profileName: "Ana" },
      { waId: "5215550003" },
    ]);
  });

  it("reads a username user known only by business-scoped user id", () => {
    const { events, problems } = extractEvents(bsuidPayload);
    expect(problems).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "message",
      from: { userId: FIXTURE.customer.userId, profileName: "Marta", username: "@marta.shop" },
      text: "I bought the filter module and it shows an error",
    });
    expect((events[0] as MessageEvent).from).not.toHaveProperty("waId");
  });

  it("accepts a numeric timestamp", () => {
    expect(onlyMessage({ ...messageFixtures.text, timestamp: 1795608000 }).timestamp).toBe(ISO);
  });
});
