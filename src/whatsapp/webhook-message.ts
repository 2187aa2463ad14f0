import type { z } from "zod";
import { MessageCoreSchema, MessagePartSchemas, type WebhookContactSchema } from "./webhook.schema.js";
import { boundedRaw } from "./webhook-bounds.js";
import type { MessageEvent } from "./webhook-events.js";
import { compact, describeIssues, guessText, isRecord, readErrors, type Scope } from "./webhook-parse.js";

// One element of value.messages[] → a MessageEvent: the core fields, then the part named by `type`.

export type WebhookContact = z.infer<typeof WebhookContactSchema>;

const MEDIA_TYPES = new Set(["image", "video", "audio", "document", "sticker"]);

/** Reads the part under `key`; the part named by `type` is expected, other parts (context, referral) optional. */
type PartReader = <S extends z.ZodType>(
  key: string,
  schema: S,
  from?: Record<string, unknown>,
) => z.infer<S> | undefined;

export function readMessage(
  raw: unknown,
  contacts: WebhookContact[],
  scope: Scope,
): MessageEvent | undefined {
  const core = MessageCoreSchema.safeParse(raw);
  if (!core.success || !isRecord(raw)) {
    scope.problems.push(`${scope.path}: ${core.success ? "not an object" : describeIssues(core.error)}`);
    return undefined;
  }
  const m = core.data;
  const contact = contacts.find(
    (c) =>
      (m.from !== undefined && c.wa_id === m.from) ||
      (m.from_user_id !== undefined && c.user_id === m.from_user_id),
  );
  const part: PartReader = (key, schema, from = raw) => {
    if (from[key] === undefined) {
      if (key === m.type && from === raw) {
        scope.problems.push(`${scope.path}.${key}: missing; kept the message without it`);
      }
      return undefined;
    }
    const parsed = schema.safeParse(from[key]);
    if (parsed.success) return parsed.data;
    scope.problems.push(`${scope.path}.${key}: kept the message without it; ${describeIssues(parsed.error)}`);
    return undefined;
  };

  const event: MessageEvent = {
    kind: "message",
    wabaId: scope.wabaId,
    phoneNumberId: scope.phoneNumberId,
    displayPhoneNumber: scope.displayPhoneNumber,
    wamid: m.id,
    from: compact({
      waId: m.from ?? contact?.wa_id,
      userId: m.from_user_id ?? contact?.user_id,
      profileName: contact?.profile?.name,
      username: contact?.profile?.username,
    }),
    timestamp: m.timestamp,
    type: m.type,
    raw: boundedRaw(raw, scope),
  };
  readCommonParts(event, raw, part, scope);
  readTypedPart(event, raw, part);
  if (event.text === undefined) delete event.text;
  return event;
}

function readCommonParts(event: MessageEvent, raw: Record<string, unknown>, part: PartReader, scope: Scope) {
  const context = part("context", MessagePartSchemas.context);
  if (context?.id) event.contextMessageId = context.id;
  if (context?.forwarded) event.forwarded = true;
  const referral = part("referral", MessagePartSchemas.referral);
  if (referral) {
    event.referral = compact({
      sourceUrl: referral.source_url,
      sourceId: referral.source_id,
      sourceType: referral.source_type,
      headline: referral.headline,
      body: referral.body,
      mediaType: referral.media_type,
      ctwaClid: referral.ctwa_clid,
    });
  }
  if (Array.isArray(raw.errors)) {
    const errors = readErrors(raw.errors, `${scope.path}.errors`, scope.problems);
    if (errors.length > 0) event.errors = errors;
  }
}

function readTypedPart(event: MessageEvent, raw: Record<string, unknown>, part: PartReader): void {
  const type = event.type;
  if (type === "text") event.text = part("text", MessagePartSchemas.text)?.body;
  else if (MEDIA_TYPES.has(type)) readMedia(event, part);
  else if (type === "button") readButton(event, part);
  else if (type === "interactive") {
    event.interactive = readInteractive(part("interactive", MessagePartSchemas.interactive));
    event.text = event.interactive?.title || undefined;
  } else if (type === "location") readLocation(event, part);
  else if (type === "contacts") readContacts(event, part);
  else if (type === "reaction") {
    const reaction = part("reaction", MessagePartSchemas.reaction);
    if (reaction) {
      event.reaction = compact({ messageId: reaction.message_id, emoji: reaction.emoji || undefined });
      event.text = event.reaction.emoji;
    }
  } else if (type === "system") readSystem(event, part);
  else if (type === "edit") readEdit(event, part);
  else if (type === "revoke") {
    const revoke = part("revoke", MessagePartSchemas.revoke);
    if (revoke) event.revoke = { messageId: revoke.original_message_id };
  } else if (type === "order") readOrder(event, part);
  else if (type !== "unsupported" && type !== "request_welcome") event.text = guessText(raw[type]);
}

function readMedia(event: MessageEvent, part: PartReader): void {
  const media = part(event.type, MessagePartSchemas.media);
  if (!media) return;
  event.media = compact({
    id: media.id,
    mimeType: media.mime_type ?? "application/octet-stream",
    sha256: media.sha256,
    filename: media.filename,
    caption: media.caption,
    voice: media.voice,
    animated: media.animated,
  });
  if (media.caption) event.text = media.caption;
  else if (media.filename) event.text = media.filename;
}

function readButton(event: MessageEvent, part: PartReader): void {
  const button = part("button", MessagePartSchemas.button);
  if (!button) return;
  event.button = { text: button.text, payload: button.payload ?? "" };
  event.text = button.text;
}

function readLocation(event: MessageEvent, part: PartReader): void {
  const location = part("location", MessagePartSchemas.location);
  if (!location) return;
  event.location = compact({
    latitude: location.latitude,
    longitude: location.longitude,
    name: location.name,
    address: location.address,
    url: location.url,
  });
  event.text =
    [location.name, location.address].filter(Boolean).join(", ") ||
    `${location.latitude}, ${location.longitude}`;
}

function readContacts(event: MessageEvent, part: PartReader): void {
  const cards = part("contacts", MessagePartSchemas.contacts);
  if (!cards) return;
  event.contacts = cards.map((card) =>
    compact({
      name:
        card.name?.formatted_name ?? [card.name?.first_name, card.name?.last_name].filter(Boolean).join(" "),
      phones: (card.phones ?? []).flatMap((p) =>
        p.phone ? [compact({ phone: p.phone, waId: p.wa_id, type: p.type })] : [],
      ),
      emails: (card.emails ?? []).flatMap((mail) => (mail.email ? [mail.email] : [])),
      company: card.org?.company,
    }),
  );
  event.text =
    event.contacts
      .map((c) => c.name)
      .filter(Boolean)
      .join(", ") || undefined;
}

function readSystem(event: MessageEvent, part: PartReader): void {
  const system = part("system", MessagePartSchemas.system);
  if (!system) return;
  event.system = compact({ type: system.type, body: system.body, newWaId: system.wa_id ?? system.new_wa_id });
  event.text = system.body;
}

/** The edited content is a message of its own (`edit.message`): its text, or its media's caption. */
function readEdit(event: MessageEvent, part: PartReader): void {
  const edit = part("edit", MessagePartSchemas.edit);
  if (!edit) return;
  event.edit = { messageId: edit.original_message_id };
  const inner = edit.message;
  if (!inner) return;
  const innerType = inner.type ?? "text";
  if (innerType === "text") event.text = part("text", MessagePartSchemas.text, inner)?.body;
  else event.text = guessText(inner[innerType]);
}

function readOrder(event: MessageEvent, part: PartReader): void {
  const order = part("order", MessagePartSchemas.order);
  if (!order) return;
  event.order = compact({
    catalogId: order.catalog_id,
    text: order.text,
    items: order.product_items.map((item) =>
      compact({
        productRetailerId: item.product_retailer_id,
        quantity: item.quantity ?? 1,
        itemPrice: item.item_price,
        currency: item.currency,
      }),
    ),
  });
  event.text = order.text || undefined;
}

function readInteractive(
  interactive: z.infer<typeof MessagePartSchemas.interactive> | undefined,
): MessageEvent["interactive"] {
  if (interactive?.type === "button_reply" && interactive.button_reply) {
    const { id, title } = interactive.button_reply;
    return { kind: "button_reply", id, title };
  }
  if (interactive?.type === "list_reply" && interactive.list_reply) {
    const { id, title, description } = interactive.list_reply;
    return compact({ kind: "list_reply" as const, id, title, description });
  }
  if (interactive?.type === "nfm_reply" && interactive.nfm_reply) {
    const { name, body, response_json } = interactive.nfm_reply;
    return compact({
      kind: "nfm_reply" as const,
      id: name ?? "flow",
      title: body ?? "",
      responseJson: response_json,
    });
  }
  return undefined;
}
