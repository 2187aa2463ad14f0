/**
 * The customer's own day, for wording like "today" and "tomorrow": a phone number's country when that
 * country keeps one time zone (else the vendor's zone stands in), and calendar arithmetic across zones.
 */

/** Country calling codes of countries that keep a single time zone. */
const SINGLE_ZONE: Record<string, string> = {
  "20": "Africa/Cairo",
  "27": "Africa/Johannesburg",
  "30": "Europe/Athens",
  "31": "Europe/Amsterdam",
  "32": "Europe/Brussels",
  "33": "Europe/Paris",
  "34": "Europe/Madrid",
  "39": "Europe/Rome",
  "40": "Europe/Bucharest",
  "41": "Europe/Zurich",
  "43": "Europe/Vienna",
  "44": "Europe/London",
  "45": "Europe/Copenhagen",
  "46": "Europe/Stockholm",
  "47": "Europe/Oslo",
  "48": "Europe/Warsaw",
  "49": "Europe/Berlin",
  "51": "America/Lima",
  "54": "America/Argentina/Buenos_Aires",
  "57": "America/Bogota",
  "58": "America/Caracas",
  "60": "Asia/Kuala_Lumpur",
  "63": "Asia/Manila",
  "65": "Asia/Singapore",
  "66": "Asia/Bangkok",
  "81": "Asia/Tokyo",
  "82": "Asia/Seoul",
  "84": "Asia/Ho_Chi_Minh",
  "86": "Asia/Shanghai",
  "90": "Europe/Istanbul",
  "91": "Asia/Kolkata",
  "92": "Asia/Karachi",
  "94": "Asia/Colombo",
  "212": "Africa/Casablanca",
  "234": "Africa/Lagos",
  "254": "Africa/Nairobi",
  "351": "Europe/Lisbon",
  "353": "Europe/Dublin",
  "502": "America/Guatemala",
  "503": "America/El_Salvador",
  "504": "America/Tegucigalpa",
  "505": "America/Managua",
  "506": "America/Costa_Rica",
  "507": "America/Panama",
  "591": "America/La_Paz",
  "595": "America/Asuncion",
  "598": "America/Montevideo",
  "880": "Asia/Dhaka",
  "966": "Asia/Riyadh",
  "971": "Asia/Dubai",
  "972": "Asia/Jerusalem",
  "977": "Asia/Kathmandu",
};

/** The customer's time zone from their phone number (international digits), or `fallback`. */
export function customerTimeZone(waId: string | undefined, fallback: string): string {
  if (!waId) return fallback;
  for (const length of [3, 2]) {
    const zone = SINGLE_ZONE[waId.slice(0, length)];
    if (zone) return zone;
  }
  return fallback;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Days since 1970-01-01 of the calendar date `at` falls on in `timeZone`. */
export function localDay(at: Date, timeZone: string): number {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dateFormats.set(timeZone, format);
  }
  const [y, m, d] = format.format(at).split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/**
 * How the customer would name the day of an opening `daysAhead` local days after `now` in the vendor's zone:
 * 0 today, 1 tomorrow, more for a later day. The opening is dated in the vendor's calendar and compared with
 * the customer's today, so a customer already past midnight hears "today" for what is tomorrow in the vendor's.
 */
export function daysFromCustomer(
  now: Date,
  daysAhead: number,
  vendorZone: string,
  customerZone: string,
): number {
  return localDay(now, vendorZone) + daysAhead - localDay(now, customerZone);
}
