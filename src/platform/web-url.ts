import { z } from "zod";

/** A link shown to people: http or https only (never javascript:, data: or file:), bounded. */
export const webUrl = (max = 500) => z.httpUrl().max(max);

/** A stored link as it may be shown: what is not an http(s) URL (an older database's) is left out. */
export function safeWebUrl(value: string): string {
  return value === "" || webUrl().safeParse(value).success ? value : "";
}

/** An IANA time zone this Node knows ("Europe/Madrid", "UTC"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
