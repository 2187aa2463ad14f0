import { formatZonedDateTime } from "../../platform/i18n/zoned-time.js";
import type { Language } from "../../settings/settings.schema.js";

/** A calendar date (YYYY-MM-DD) for people: "1 March 2027" / "1 de marzo de 2027". */
export function formatDate(lang: Language, date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(d);
}

/** An instant in the vendor's time zone, date and time, naming the zone (customers live elsewhere). */
export function formatInstant(lang: Language, iso: string, timeZone: string): string {
  return formatZonedDateTime(lang, iso, timeZone);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
