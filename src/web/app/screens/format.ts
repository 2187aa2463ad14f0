export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat(document.documentElement.lang || "en", { style: "currency", currency }).format(
    cents / 100,
  );
}

// Times in the agent app are in the viewer's own zone (the browser's); where a time is a deadline or
// evidence someone may compare with a customer's clock, it also names that zone.

function lang(): string {
  return document.documentElement.lang || "en";
}

/** "Dec 3, 2026, 8:30 AM" in the viewer's zone. */
export function when(iso: string): string {
  return new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** The same, naming the viewer's zone: "Dec 3, 2026, 8:30 AM CST" ("GMT+5:30" where no short name exists). */
export function whenZoned(iso: string): string {
  const at = new Date(iso);
  const zone = new Intl.DateTimeFormat(lang(), { timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return zone ? `${when(iso)} ${zone}` : when(iso);
}
