import type { z } from "zod";
import {
  ChangeSchema,
  type ChangeValueSchema,
  EntrySchema,
  PricingSchema,
  StatusCoreSchema,
  WebhookContactSchema,
  WebhookEnvelopeSchema,
  WebhookPayloadError,
} from "./webhook.schema.js";
import { boundedRaw } from "./webhook-bounds.js";
import type { ExtractResult, StatusEvent, WebhookEvent } from "./webhook-events.js";
import { readMessage, type WebhookContact } from "./webhook-message.js";
import { compact, describeIssues, isRecord, readErrors, type Scope } from "./webhook-parse.js";

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

type ChangeValue = z.infer<typeof ChangeValueSchema>;

function readChange(value: ChangeValue, scope: Scope, events: WebhookEvent[]): void {
  const contacts: WebhookContact[] = [];
  (value.contacts ?? []).forEach((raw, i) => {
    const parsed = WebhookContactSchema.safeParse(raw);
    if (parsed.success) contacts.push(parsed.data);
    else scope.problems.push(`${scope.path}.contacts[${i}]: ${describeIssues(parsed.error)}`);
  });
  (value.messages ?? []).forEach((raw, i) => {
    const path = `${scope.path}.messages[${i}]`;
    const event = guarded(scope, path, () => readMessage(raw, contacts, { ...scope, path }));
    if (event) events.push(event);
  });
  (value.statuses ?? []).forEach((raw, i) => {
    const path = `${scope.path}.statuses[${i}]`;
    const event = guarded(scope, path, () => readStatus(raw, { ...scope, path }));
    if (event) events.push(event);
  });
  if (value.errors && value.errors.length > 0) {
    const errors = readErrors(value.errors, `${scope.path}.errors`, scope.problems);
    if (errors.length > 0) {
      events.push({ kind: "error", wabaId: scope.wabaId, phoneNumberId: scope.phoneNumberId, errors });
    }
  }
}

/** One element that throws while being read (however odd its JSON) is skipped with a problem, never the batch. */
function guarded<T>(scope: Scope, path: string, read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (error) {
    scope.problems.push(`${path}: skipped; ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
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
