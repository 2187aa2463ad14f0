/** A moment in the viewer's time zone, naming the zone ("3 Dec 2026, 11:20 GMT+1"). */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    dateStyle: "medium",
    timeStyle: "short",
  })
    .formatToParts(new Date(iso))
    .map((p) => p.value)
    .join("")
    .concat(" ", zoneName(new Date(iso)));
}

function zoneName(at: Date): string {
  const parts = new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    timeZoneName: "short",
  }).formatToParts(at);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
}
