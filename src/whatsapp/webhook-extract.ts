import type { z } from "zod";
import {
  ChangeSchema,
  type ChangeValueSchema,
  EntrySchema,
  MessageCoreSchema,
  MessagePartSchemas,
  PricingSchema,
  StatusCoreSchema,
  WebhookContactSchema,
  WebhookEnvelopeSchema,
  WebhookErrorSchema,
  WebhookPayloadError,
} from "./webhook.schema.js";
import { boundedRaw } from "./webhook-bounds.js";
import type {
  ExtractResult,
  MessageEvent,
  StatusEvent,
  WebhookEvent,
  WhatsAppError,
} from "./webhook-events.js";

const MEDIA_TYPES = new Set(["image", "video", "audio", "document", "sticker"]);

/**
 * Walks every entry, change and element of a webhook body. A malformed element is reported in `problems` and
 * skipped so the rest of the batch is still stored; only a body that is not a WhatsApp payload throws.
 */
export function extractEvents(body: unknown): ExtractResult {
  const envelope = WebhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new WebhookPayloadError(
      'not a WhatsApp webhook: expected an object with object "whatsapp_business_account" and an entry array',
    );
  }
  const events: WebhookEvent[] = [];
  const problems: string[] = [];
  envelope.data.entry.forEach((rawEntry, e) => {
    const entry = EntrySchema.safeParse(rawEntry);
    if (!entry.success) {
      problems.push(`entry[${e}]: ${describeIssues(entry.error)}`);
      return;
    }
    entry.data.changes.forEach((rawChange, c) => {
      const path = `entry[${e}].changes[${c}]`;
      if (isRecord(rawChange) && typeof rawChange.field === "string" && rawChange.field !== "messages") {
        return; // other subscriptions (account_update, templates…) carry other shapes; not ours to read here
      }
      const change = ChangeSchema.safeParse(rawChange);
      if (!change.success) {
        problems.push(`${path}: ${describeIssues(change.error)}`);
        return;
      }
      const scope: Scope = {
        wabaId: entry.data.id,
        phoneNumberId: change.data.value.metadata.phone_number_id,
        displayPhoneNumber: change.data.value.metadata.display_phone_number ?? "",
        path,
        problems,
      };
      readChange(change.data.value, scope, events);
    });
  });
  return { events, problems };
}

interface Scope {
  wabaId: string | undefined;
  phoneNumberId: string;
  displayPhoneNumber: string;
  path: string;
  problems: string[];
}

type ChangeValue = z.infer<typeof ChangeValueSchema>;
type WebhookContact = z.infer<typeof WebhookContactSchema>;

function readChange(value: ChangeValue, scope: Scope, events: WebhookEvent[]): void {
  const contacts: WebhookContact[] = [];
  (value.contacts ?? []).forEach((raw, i) => {
    const parsed = WebhookContactSchema.safeParse(raw);
    if (parsed.success) contacts.push(parsed.data);
    else scope.problems.push(`${scope.path}.contacts[${i}]: ${describeIssues(parsed.error)}`);
  });
  (value.messages ?? []).forEach((raw, i) => {
    const event = readMessage(raw, contacts, { ...scope, path: `${scope.path}.messages[${i}]` });
    if (event) events.push(event);
  });
  (value.statuses ?? []).forEach((raw, i) => {
    const event = readStatus(raw, { ...scope, path: `${scope.path}.statuses[${i}]` });
    if (event) events.push(event);
  });
  if (value.errors && value.errors.length > 0) {
    const errors = readErrors(value.errors, `${scope.path}.errors`, scope.problems);
    if (errors.length > 0) {
      events.push({ kind: "error", wabaId: scope.wabaId, phoneNumberId: scope.phoneNumberId, errors });
    }
  }
}

function readMessage(raw: unknown, contacts: WebhookContact[], scope: Scope): MessageEvent | undefined {
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
  // The part named by `type` is expected; other parts (context, referral) are optional.
  const part = <S extends z.ZodType>(key: string, schema: S): z.infer<S> | undefined => {
    if (raw[key] === undefined) {
      if (key === m.type) scope.problems.push(`${scope.path}.${key}: missing; kept the message without it`);
      return undefined;
    }
    const parsed = schema.safeParse(raw[key]);
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

  const type = m.type;
  if (type === "text") {
    event.text = part("text", MessagePartSchemas.text)?.body;
  } else if (MEDIA_TYPES.has(type)) {
    const media = part(type, MessagePartSchemas.media);
    if (media) {
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
    }
  } else if (type === "button") {
    const button = part("button", MessagePartSchemas.button);
    if (button) {
      event.button = { text: button.text, payload: button.payload ?? "" };
      event.text = button.text;
    }
  } else if (type === "interactive") {
    const interactive = part("interactive", MessagePartSchemas.interactive);
    event.interactive = readInteractive(interactive);
    event.text = event.interactive?.title || undefined;
  } else if (type === "location") {
    const location = part("location", MessagePartSchemas.location);
    if (location) {
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
  } else if (type === "contacts") {
    const cards = part("contacts", MessagePartSchemas.contacts);
    if (cards) {
      event.contacts = cards.map((card) =>
        compact({
          name:
            card.name?.formatted_name ??
            [card.name?.first_name, card.name?.last_name].filter(Boolean).join(" "),
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
  } else if (type === "reaction") {
    const reaction = part("reaction", MessagePartSchemas.reaction);
    if (reaction) {
      event.reaction = compact({ messageId: reaction.message_id, emoji: reaction.emoji || undefined });
      event.text = event.reaction.emoji;
    }
  } else if (type === "system") {
    const system = part("system", MessagePartSchemas.system);
    if (system) {
      event.system = compact({
        type: system.type,
        body: system.body,
        newWaId: system.wa_id ?? system.new_wa_id,
      });
      event.text = system.body;
    }
  } else if (type !== "unsupported" && type !== "request_welcome") {
    event.text = guessText(raw[type]);
  }
  if (event.text === undefined) delete event.text;
  return event;
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

function readStatus(raw: unknown, scope: Scope): StatusEvent | undefined {
  const core = StatusCoreSchema.safeParse(raw);
  if (!core.success || !isRecord(raw)) {
    scope.problems.push(`${scope.path}: ${core.success ? "not an object" : describeIssues(core.error)}`);
    return undefined;
  }
  const s = core.data;
  const event: StatusEvent = compact({
    kind: "status" as const,
    wabaId: scope.wabaId,
    phoneNumberId: scope.phoneNumberId,
    wamid: s.id,
    status: s.status,
    timestamp: s.timestamp,
    recipientId: s.recipient_id,
    recipientUserId: s.recipient_user_id,
    bizOpaqueCallbackData: s.biz_opaque_callback_data,
    raw: boundedRaw(raw, scope),
  });
  if (Array.isArray(raw.errors)) {
    const errors = readErrors(raw.errors, `${scope.path}.errors`, scope.problems);
    if (errors.length > 0) event.errors = errors;
  }
  if (raw.pricing !== undefined) {
    const pricing = PricingSchema.safeParse(raw.pricing);
    if (pricing.success) {
      const { billable, pricing_model, category, type } = pricing.data;
      event.pricing = compact({ billable, pricingModel: pricing_model, category, type });
    } else {
      scope.problems.push(
        `${scope.path}.pricing: kept the status without it; ${describeIssues(pricing.error)}`,
      );
    }
  }
  return event;
}

function readErrors(raw: unknown[], path: string, problems: string[]): WhatsAppError[] {
  return raw.flatMap((item, i) => {
    const parsed = WebhookErrorSchema.safeParse(item);
    if (!parsed.success) {
      problems.push(`${path}[${i}]: ${describeIssues(parsed.error)}`);
      return [];
    }
    const { code, title, message, error_data } = parsed.data;
    return [compact({ code, title, message, details: error_data?.details })];
  });
}

/** Best effort for message types Meta adds later: most carry a body, caption or text. */
function guessText(part: unknown): string | undefined {
  if (!isRecord(part)) return undefined;
  for (const key of ["body", "caption", "text", "title", "name"]) {
    const value = part[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Drops undefined properties so events compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const at = issue.path.map((p) => String(p)).join(".");
      return at ? `${at}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
