import type { z } from "zod";
import { WebhookErrorSchema } from "./webhook.schema.js";
import type { WhatsAppError } from "./webhook-events.js";

// Helpers shared by the webhook extractor's envelope walk and its per-message reader.

/** Where in the body an element sits, and where its problems are reported. */
export interface Scope {
  wabaId: string | undefined;
  phoneNumberId: string;
  displayPhoneNumber: string;
  path: string;
  problems: string[];
}

export function readErrors(raw: unknown[], path: string, problems: string[]): WhatsAppError[] {
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Drops undefined properties so events compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const at = issue.path.map((p) => String(p)).join(".");
      return at ? `${at}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** Best effort for message types Meta adds later: most carry a body, caption or text. */
export function guessText(part: unknown): string | undefined {
  if (!isRecord(part)) return undefined;
  for (const key of ["body", "caption", "text", "title", "name"]) {
    const value = part[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}
