/**
 * Business hours in the vendor's time zone: whether the team is working now, and when it next opens.
 * The pre-sales acknowledgement promises a reply time from this (settings.presales.businessHours).
 */

export interface BusinessHours {
  /** Days open, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** "HH:MM" local time; `close` after `open` (a close at or before open means open past midnight). */
  open: string;
  close: string;
}

/** A moment in the vendor's local week. */
export interface LocalMoment {
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function localMoment(now: Date, timeZone: string): LocalMoment {
  const parts = formatterFor(timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    weekday: WEEKDAYS.indexOf(get("weekday")),
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * Open at `now`? A day listed in `days` opens at `open`; when `close` is not after `open` the shift runs
 * past midnight into the next day (a night shift still belongs to the day it started).
 */
export function isOpen(hours: BusinessHours, now: Date, timeZone: string): boolean {
  const { weekday, minutes } = localMoment(now, timeZone);
  const open = toMinutes(hours.open);
  const close = toMinutes(hours.close);
  if (close > open) return hours.days.includes(weekday) && minutes >= open && minutes < close;
  const yesterday = (weekday + 6) % 7;
  return (
    (hours.days.includes(weekday) && minutes >= open) || (hours.days.includes(yesterday) && minutes < close)
  );
}

/**
 * The next opening after `now` (weekday, "HH:MM" local time, and how many local days ahead: 0 today, 1
 * tomorrow…), or undefined when no day is open.
 */
export function nextOpening(
  hours: BusinessHours,
  now: Date,
  timeZone: string,
): { weekday: number; time: string; daysAhead: number } | undefined {
  const days = hours.days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  if (days.length === 0) return undefined;
  const { weekday, minutes } = localMoment(now, timeZone);
  const open = toMinutes(hours.open);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = (weekday + ahead) % 7;
    if (!days.includes(day)) continue;
    if (ahead === 0 && minutes >= open) continue;
    return { weekday: day, time: hours.open, daysAhead: ahead };
  }
  return undefined;
}
