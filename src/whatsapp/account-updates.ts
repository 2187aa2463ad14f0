import type { AppContext } from "../platform/context.js";
import { applyQualityUpdate, type QualityUpdate } from "./health.service.js";
import { applyTemplateStatus, type TemplateStatusUpdate } from "./templates.service.js";

// Account-level webhooks on the same callback as messages: message_template_status_update and
// phone_number_quality_update. Rare, so applied with ordinary writes before the 200 (never lost); the
// message fields go through ingest as before and ignore these changes.

export type AccountUpdate =
  | { kind: "template"; update: TemplateStatusUpdate }
  | { kind: "quality"; update: QualityUpdate };

const FIELDS = new Set(["message_template_status_update", "phone_number_quality_update"]);

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function text(v: unknown): string | null {
  if (typeof v === "string" && v !== "") return v.slice(0, 1000);
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** The account updates in a webhook body (none for a plain messages delivery: a quick scan). */
export function extractAccountUpdates(body: unknown): AccountUpdate[] {
  const entries = record(body)?.entry;
  if (!Array.isArray(entries)) return [];
  const updates: AccountUpdate[] = [];
  for (const entry of entries.slice(0, 1000)) {
    const changes = record(entry)?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes.slice(0, 1000)) {
      const c = record(change);
      const field = c?.field;
      const value = record(c?.value);
      if (typeof field !== "string" || !FIELDS.has(field) || !value) continue;
      if (field === "message_template_status_update") {
        const name = text(value.message_template_name);
        const language = text(value.message_template_language);
        const event = text(value.event);
        if (!name || !language || !event) continue;
        updates.push({
          kind: "template",
          update: {
            metaId: text(value.message_template_id),
            name,
            language,
            event,
            reason: text(value.reason),
          },
        });
      } else {
        const display = text(value.display_phone_number);
        const event = text(value.event);
        if (!display || !event) continue;
        updates.push({
          kind: "quality",
          update: { displayPhoneNumber: display, event, currentLimit: text(value.current_limit) },
        });
      }
    }
  }
  return updates;
}

export async function applyAccountUpdates(ctx: AppContext, body: unknown): Promise<number> {
  const updates = extractAccountUpdates(body);
  for (const u of updates) {
    if (u.kind === "template") await applyTemplateStatus(ctx, u.update);
    else await applyQualityUpdate(ctx, u.update);
  }
  return updates.length;
}
