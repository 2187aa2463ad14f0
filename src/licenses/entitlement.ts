/**
 * Whether a license has support, judged on calendar dates in the vendor's time zone. Dates are
 * "YYYY-MM-DD" strings (years 0001–9999) and all arithmetic on them is integer day counts: a license's
 * support runs to the end of its last day wherever the vendor is, never to a UTC midnight.
 */

export type LicenseStatus = "active" | "revoked" | "refunded";
export type SupportReason = "active" | "expired" | "revoked" | "refunded";

export interface LicenseSupportInput {
  status: LicenseStatus;
  /** Last day of support, inclusive. */
  supportUntil: string;
}

export interface SupportState {
  active: boolean;
  /** Revoked and refunded win over expired: they say more about the license. */
  reason: SupportReason;
  supportUntil: string;
  /** Calendar days from today to `supportUntil`: 0 on the last day and whenever support is not active. */
  daysLeft: number;
}

/** Default refund window, in days from the purchase date (HuntBee: 15). */
const DEFAULT_REFUND_WINDOW_DAYS = 15;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `now` in `timeZone` (IANA name), e.g. `todayIn("Asia/Kolkata", now)`. */
export function todayIn(timeZone: string, now: Date): string {
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  const parts = formatterFor(timeZone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  const date = `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
  if (!isCalendarDate(date) || parts.some((p) => p.type === "era" && p.value !== "AD")) {
    throw new RangeError(`${now.toISOString()} is outside the supported years 0001–9999`);
  }
  return date;
}

/** "Support active" = status active and today (in the vendor's time zone) ≤ supportUntil. */
export function supportState(license: LicenseSupportInput, now: Date, timeZone: string): SupportState {
  const until = toDayNumber("supportUntil", license.supportUntil);
  const today = toDayNumber("today", todayIn(timeZone, now));
  const inactive = (reason: SupportReason): SupportState => ({
    active: false,
    reason,
    supportUntil: license.supportUntil,
    daysLeft: 0,
  });
  switch (license.status) {
    case "revoked":
    case "refunded":
      return inactive(license.status);
    case "active":
      if (today > until) return inactive("expired");
      return { active: true, reason: "active", supportUntil: license.supportUntil, daysLeft: until - today };
    default:
      throw new RangeError(`unknown license status "${String(license.status)}"`);
  }
}

/** `date` plus `months`, clamped to the end of the month: 2026-01-31 + 1 month = 2026-02-28. */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseCalendarDate("date", date);
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be a whole number, got ${months}`);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < 1 || targetYear > 9999) throw new RangeError(`${date} + ${months} months is out of range`);
  return formatCalendarDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  const result = toDayNumber("date", date) + days;
  if (result < MIN_DAY || result > MAX_DAY) throw new RangeError(`${date} + ${days} days is out of range`);
  return fromDayNumber(result);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber("to", to) - toDayNumber("from", from);
}

/** True for a real date in "YYYY-MM-DD" form between 0001-01-01 and 9999-12-31. */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Refunds are asked for within `days` days of the purchase: open through purchaseDate + days inclusive,
 * judged on today's date in the vendor's time zone.
 */
export function refundWindowOpen(
  purchaseDate: string,
  now: Date,
  timeZone: string,
  days: number = DEFAULT_REFUND_WINDOW_DAYS,
): boolean {
  return todayIn(timeZone, now) <= refundWindowLastDay(purchaseDate, days);
}

/** The last day on which a refund can be asked for. */
export function refundWindowLastDay(purchaseDate: string, days: number = DEFAULT_REFUND_WINDOW_DAYS): string {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`refund window must be a non-negative whole number of days, got ${days}`);
  }
  return addDays(purchaseDate, days);
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown time zone, before anything is cached.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      era: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parseCalendarDate(name: string, value: string): { year: number; month: number; day: number } {
  if (!isCalendarDate(value))
    throw new RangeError(`${name} must be a date in YYYY-MM-DD form, got "${value}"`);
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

function formatCalendarDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Day numbers count from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's civil-day algorithm).
function toDayNumber(name: string, value: string): number {
  const { year, month, day } = parseCalendarDate(name, value);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatCalendarDate(year, month, day);
}

const MIN_DAY = toDayNumber("min", "0001-01-01");
const MAX_DAY = toDayNumber("max", "9999-12-31");
