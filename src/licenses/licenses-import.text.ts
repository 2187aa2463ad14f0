import { type MessageKey, translate } from "../platform/i18n/i18n.js";
import type { Language } from "../settings/settings.schema.js";
import type { ImportMessage } from "./licenses-import.rows.js";
import type { ImportRowReport } from "./licenses-import.service.js";

/** An import reason or change in the reader's words (licenses.import.messages.*). */
export function importText(language: Language, message: ImportMessage): string {
  return translate(language, `licenses.import.messages.${message.code}` as MessageKey, message.params);
}

export interface ImportRowText {
  line: number;
  outcome: ImportRowReport["outcome"];
  reason?: string;
  email?: string;
  product?: string;
  key?: string;
  changes?: string[];
}

export function importRowText(language: Language, row: ImportRowReport): ImportRowText {
  return {
    line: row.line,
    outcome: row.outcome,
    ...(row.reason ? { reason: importText(language, row.reason) } : {}),
    ...(row.email !== undefined ? { email: row.email } : {}),
    ...(row.product !== undefined ? { product: row.product } : {}),
    ...(row.key !== undefined ? { key: row.key } : {}),
    ...(row.changes ? { changes: row.changes.map((c) => importText(language, c)) } : {}),
  };
}
