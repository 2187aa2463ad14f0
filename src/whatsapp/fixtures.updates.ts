// More Cloud API webhook shapes, as Meta's webhook reference documents them (messages: edit, revoke, order,
// system number changes, ad referrals, named locations, shared contacts, documents; statuses): with what an
// agent should see for each. A data file for the tests and the simulator.
import { FIXTURE, type JsonObject, messageFixtures, wamid } from "./fixtures.js";

const from = FIXTURE.customer.waId;
const ts = FIXTURE.timestamp;

/** The customer message the updates below touch (edit, revoke, reaction). */
export const ORIGINAL_WAMID = wamid(904);

export const updateFixtures = {
  edit: {
    from,
    id: wamid(40),
    timestamp: ts,
    type: "edit",
    edit: {
      original_message_id: ORIGINAL_WAMID,
      message: { context: { id: ORIGINAL_WAMID }, type: "text", text: { body: "Quiero cuatro licencias" } },
    },
  },
  editCaption: {
    from,
    id: wamid(41),
    timestamp: ts,
    type: "edit",
    edit: {
      original_message_id: ORIGINAL_WAMID,
      message: { type: "image", image: { caption: "Este es el error, en el checkout" } },
    },
  },
  revoke: {
    from,
    id: wamid(42),
    timestamp: ts,
    type: "revoke",
    revoke: { original_message_id: ORIGINAL_WAMID },
  },
  order: {
    from,
    id: wamid(43),
    timestamp: ts,
    type: "order",
    order: {
      catalog_id: "1234567890",
      text: "Quiero estos",
      product_items: [
        { product_retailer_id: "filter-pro", quantity: 2, item_price: 49.5, currency: "EUR" },
        { product_retailer_id: "one-page-checkout", quantity: 1, item_price: 39, currency: "EUR" },
      ],
    },
  },
  numberChange: {
    from,
    id: wamid(44),
    timestamp: ts,
    type: "system",
    system: {
      body: "Lucía Fernández changed from 34612345678 to 34699887766",
      wa_id: "34699887766",
      type: "user_changed_number",
    },
  },
  identityChange: {
    from,
    id: wamid(45),
    timestamp: ts,
    type: "system",
    system: { body: "Lucía Fernández's security code changed", type: "customer_identity_changed" },
  },
  adLead: {
    from,
    id: wamid(46),
    timestamp: ts,
    type: "text",
    referral: {
      source_url: "https://fb.me/8Rq2LmKvX",
      source_id: "120213450001",
      source_type: "ad",
      headline: "One Page Checkout for OpenCart",
      body: "Checkout in one page. Ask us on WhatsApp",
      media_type: "video",
      video_url: "https://scontent.xx.fbcdn.net/v/t42.1790-2/ad.mp4",
      thumbnail_url: "https://scontent.xx.fbcdn.net/v/t15.5256-10/ad.jpg",
      ctwa_clid:
        "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv",
    },
    text: { body: "Hi from an ad click!" },
  },
  namedLocation: {
    from,
    id: wamid(47),
    timestamp: ts,
    type: "location",
    location: {
      latitude: 41.3874,
      longitude: 2.1686,
      name: "Tienda Lucía",
      address: "Passeig de Gràcia 1, Barcelona",
    },
  },
  bareLocation: {
    from,
    id: wamid(48),
    timestamp: ts,
    type: "location",
    location: { latitude: 19.4326, longitude: -99.1332 },
  },
  contactsMany: {
    from,
    id: wamid(49),
    timestamp: ts,
    type: "contacts",
    contacts: [
      {
        addresses: [{ city: "Madrid", country: "Spain", country_code: "es", type: "WORK" }],
        birthday: "1990-05-01",
        name: { formatted_name: "Ana Ruiz", first_name: "Ana", last_name: "Ruiz" },
        phones: [
          { phone: "+34 600 111 222", wa_id: "34600111222", type: "CELL" },
          { phone: "+34 910 000 000", type: "WORK" },
        ],
        urls: [{ url: "https://ana.example", type: "WORK" }],
      },
      { name: { formatted_name: "Soporte Tienda" }, phones: [{ phone: "+52 55 5555 0000", type: "MAIN" }] },
    ],
  },
  documentNoCaption: {
    from,
    id: wamid(50),
    timestamp: ts,
    type: "document",
    document: {
      filename: "error-log.txt",
      mime_type: "text/plain",
      sha256: "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=",
      id: "1003383421387270",
    },
  },
  errorsOnly: {
    from,
    id: wamid(51),
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
  },
  interactiveUnknown: {
    from,
    id: wamid(52),
    timestamp: ts,
    type: "interactive",
    interactive: { type: "call_permission_reply", call_permission_reply: { response: "accept" } },
  },
} satisfies Record<string, JsonObject>;

export type UpdateFixtureName = keyof typeof updateFixtures;

/** How an agent sees one stored element, and whether the policy answers it (on the pre-sales number). */
export interface Expectation {
  /** A thread item of its own (false: shown on the message it touches, or a notice). */
  item: boolean;
  /** The item's text as the thread shows it (for items). */
  text?: string | null;
  /** An automatic reply goes out (the greeting) for a first message like this one. */
  answered: boolean;
}

/** Every fixture message (both files) with what the agent sees and whether the policy answers it as a first message. */
export const EXPECTED: Record<keyof typeof messageFixtures | UpdateFixtureName, Expectation> = {
  text: { item: true, text: "¿Tiene descuento si compro tres?", answered: true },
  textReply: { item: true, text: "Sí, esa", answered: true },
  textReferral: { item: true, text: "Hola, vengo del anuncio", answered: true },
  buttonReply: { item: true, text: "Pregunta de preventa", answered: true },
  listReply: { item: true, text: "Soporte técnico", answered: true },
  flowReply: { item: true, text: "Sent", answered: true },
  // A quote's Accept tap with no such quote: billing ignores it, so a new contact is greeted.
  templateButton: { item: true, text: "Acepto", answered: true },
  image: { item: true, text: "Este es el error", answered: true },
  video: { item: true, text: null, answered: true },
  audio: { item: true, text: null, answered: true },
  document: { item: true, text: "Factura", answered: true },
  sticker: { item: true, text: null, answered: true },
  location: { item: true, text: "Oficina, Puerta del Sol, Madrid", answered: true },
  contacts: { item: true, text: "Pedro Gómez", answered: true },
  reaction: { item: false, answered: false },
  reactionRemoved: { item: false, answered: false },
  unsupported: { item: true, text: null, answered: false },
  system: { item: true, text: messageFixtures.system.system.body, answered: false },
  requestWelcome: { item: true, text: null, answered: true },
  futureType: { item: true, text: "Quiero estos dos", answered: true },
  edit: { item: false, answered: false },
  editCaption: { item: false, answered: false },
  revoke: { item: false, answered: false },
  order: { item: true, text: "Quiero estos", answered: true },
  numberChange: { item: true, text: updateFixtures.numberChange.system.body, answered: false },
  identityChange: { item: true, text: updateFixtures.identityChange.system.body, answered: false },
  adLead: { item: true, text: "Hi from an ad click!", answered: true },
  namedLocation: { item: true, text: "Tienda Lucía, Passeig de Gràcia 1, Barcelona", answered: true },
  bareLocation: { item: true, text: "19.4326, -99.1332", answered: true },
  contactsMany: { item: true, text: "Ana Ruiz, Soporte Tienda", answered: true },
  documentNoCaption: { item: true, text: "error-log.txt", answered: true },
  errorsOnly: { item: true, text: null, answered: false },
  interactiveUnknown: { item: true, text: null, answered: true },
};

export const allMessageFixtures: Record<keyof typeof EXPECTED, JsonObject> = {
  ...messageFixtures,
  ...updateFixtures,
};
