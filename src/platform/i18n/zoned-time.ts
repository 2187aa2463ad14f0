// Times that leave the app (PDFs, WhatsApp messages, mails, the portal and the review page) are read by
// people in other places: each says its zone, "Dec 3, 2026, 8:30 AM (Asia/Kolkata)".

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(lang: string, timeZone: string, style: "medium" | "long"): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${style}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: style, timeStyle: "short", timeZone });
    formats.set(key, format);
  }
  return format;
}

/** The date and wall-clock time of `at` in `timeZone`, followed by the zone's name in brackets. */
export function formatZonedDateTime(
  lang: string,
  at: string | Date,
  timeZone: string,
  style: "medium" | "long" = "medium",
): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  return `${formatFor(lang, timeZone, style).format(d)} (${timeZone})`;
}
