import type { MessageKey, Params } from "../platform/i18n/i18n.js";

/** Something an agent or the owner should know about a mail, translated when shown (es/en). */
export interface MailNote {
  key: MessageKey & `mailIn.note.${string}`;
  params?: Params;
}

export function encodeNotes(notes: MailNote[]): string | null {
  return notes.length ? JSON.stringify(notes.slice(0, 20)) : null;
}

export function decodeNotes(stored: string | null): MailNote[] {
  if (!stored) return [];
  try {
    const parsed = JSON.parse(stored) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((n): n is MailNote => typeof n?.key === "string" && n.key.startsWith("mailIn.note."))
      : [];
  } catch {
    return [];
  }
}
