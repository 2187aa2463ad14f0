import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  daysBetween,
  isCalendarDate,
  refundWindowLastDay,
  refundWindowOpen,
  supportState,
  todayIn,
} from "./entitlement.js";

const DAY_MS = 86_400_000;
const ZONES = [
  "UTC",
  "America/Los_Angeles",
  "America/Mexico_City",
  "America/Argentina/Buenos_Aires",
  "Europe/Madrid",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
];
const zone = fc.constantFrom(...ZONES);
/** Instants from 1971 to 2100. */
const instant = fc.integer({ min: 365 * DAY_MS, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
/** Calendar dates from 1971 to 2100, built from day numbers so every day is equally likely. */
const calendarDate = fc
  .integer({ min: 365, max: 47_481 })
  .map((days) => new Date(days * DAY_MS).toISOString().slice(0, 10));

/** Written differently from the module: through Date.UTC. */
function referenceAddDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function lastDayOfMonth(date: string): boolean {
  return addDays(date, 1).slice(8) === "01";
}

describe("todayIn", () => {
  it("gives the vendor's calendar date for the same instant", () => {
    const now = new Date("2026-03-01T02:00:00Z");
    expect(todayIn("Asia/Kolkata", now)).toBe("2026-03-01");
    expect(todayIn("America/Los_Angeles", now)).toBe("2026-02-28");
    expect(todayIn("UTC", now)).toBe("2026-03-01");
  });

  it("follows daylight saving time", () => {
    // Madrid is UTC+1 in winter and UTC+2 in summer.
    expect(todayIn("Europe/Madrid", new Date("2026-01-15T23:30:00Z"))).toBe("2026-01-16");
    expect(todayIn("Europe/Madrid", new Date("2026-07-15T22:30:00Z"))).toBe("2026-07-16");
    expect(todayIn("Europe/Madrid", new Date("2026-07-15T21:30:00Z"))).toBe("2026-07-15");
  });

  it("matches the UTC date in UTC and is never more than a day away from it elsewhere", () => {
    fc.assert(
      fc.property(instant, zone, (now, tz) => {
        const utc = now.toISOString().slice(0, 10);
        expect(todayIn("UTC", now)).toBe(utc);
        const local = todayIn(tz, now);
        expect(isCalendarDate(local)).toBe(true);
        expect(Math.abs(daysBetween(utc, local))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("never goes backwards as time moves on", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 3 * DAY_MS }), zone, (now, later, tz) => {
        expect(todayIn(tz, new Date(now.getTime() + later)) >= todayIn(tz, now)).toBe(true);
      }),
    );
  });

  it("refuses unknown time zones and invalid dates", () => {
    expect(() => todayIn("Mars/Olympus_Mons", new Date())).toThrow(RangeError);
    expect(() => todayIn("UTC", new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("supportState", () => {
  const now = new Date("2026-03-01T12:00:00Z");

  it("is active on the last day and expired the day after", () => {
    expect(supportState({ status: "active", supportUntil: "2026-03-01" }, now, "UTC")).toEqual({
      active: true,
      reason: "active",
      supportUntil: "2026-03-01",
      daysLeft: 0,
    });
    expect(supportState({ status: "active", supportUntil: "2026-02-28" }, now, "UTC")).toEqual({
      active: false,
      reason: "expired",
      supportUntil: "2026-02-28",
      daysLeft: 0,
    });
    expect(supportState({ status: "active", supportUntil: "2026-03-31" }, now, "UTC")).toMatchObject({
      active: true,
      daysLeft: 30,
    });
  });

  it("judges the last day in the vendor's time zone", () => {
    const instantNow = new Date("2026-03-01T02:00:00Z");
    const license = { status: "active" as const, supportUntil: "2026-02-28" };
    expect(supportState(license, instantNow, "America/Los_Angeles")).toMatchObject({
      active: true,
      reason: "active",
    });
    expect(supportState(license, instantNow, "Asia/Kolkata")).toMatchObject({
      active: false,
      reason: "expired",
    });
  });

  it("is active exactly while today is on or before supportUntil", () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: -400, max: 400 }), (at, tz, offset) => {
        const today = todayIn(tz, at);
        const supportUntil = addDays(today, offset);
        const state = supportState({ status: "active", supportUntil }, at, tz);
        expect(state.active).toBe(offset >= 0);
        expect(state.reason).toBe(offset >= 0 ? "active" : "expired");
        expect(state.daysLeft).toBe(Math.max(0, offset));
        expect(state.supportUntil).toBe(supportUntil);
      }),
    );
  });

  it("never counts revoked or refunded licenses as active", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("revoked" as const, "refunded" as const),
        calendarDate,
        instant,
        zone,
        (status, until, at, tz) => {
          expect(supportState({ status, supportUntil: until }, at, tz)).toEqual({
            active: false,
            reason: status,
            supportUntil: until,
            daysLeft: 0,
          });
        },
      ),
    );
  });

  it("refuses a malformed supportUntil", () => {
    for (const bad of ["2026-02-30", "2026-2-1", "01/03/2026", "", "2026-13-01"]) {
      expect(() => supportState({ status: "active", supportUntil: bad }, now, "UTC")).toThrow(RangeError);
    }
  });
});

describe("addMonths", () => {
  it("clamps to the end of the month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-11-15", 2)).toBe("2027-01-15");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonths("2026-03-01", 12)).toBe("2027-03-01");
  });

  it("moves the month by exactly n and keeps the day unless the month is too short", () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -240, max: 240 }), (date, n) => {
        const result = addMonths(date, n);
        const [y, m, d] = date.split("-").map(Number) as [number, number, number];
        const [ry, rm, rd] = result.split("-").map(Number) as [number, number, number];
        expect(ry * 12 + rm - (y * 12 + m)).toBe(n);
        expect(rd).toBeLessThanOrEqual(d);
        if (rd < d) expect(lastDayOfMonth(result)).toBe(true);
        if (d <= 28) expect(rd).toBe(d);
      }),
    );
  });

  it("is the identity for 0 and undone by -n when no clamping happened", () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -240, max: 240 }), (date, n) => {
        expect(addMonths(date, 0)).toBe(date);
        const there = addMonths(date, n);
        if (there.slice(8) === date.slice(8)) expect(addMonths(there, -n)).toBe(date);
      }),
    );
  });

  it("is monotone in the date and in the number of months", () => {
    fc.assert(
      fc.property(
        calendarDate,
        calendarDate,
        fc.integer({ min: 0, max: 120 }),
        fc.nat(24),
        (a, b, n, more) => {
          const [early, late] = a <= b ? [a, b] : [b, a];
          expect(addMonths(early, n) <= addMonths(late, n)).toBe(true);
          expect(addMonths(early, n) <= addMonths(early, n + more)).toBe(true);
        },
      ),
    );
  });

  it("refuses fractional months, bad dates and years out of range", () => {
    expect(() => addMonths("2026-01-31", 1.5)).toThrow(RangeError);
    expect(() => addMonths("2026-02-29", 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addMonths("9999-12-01", 1)).toThrow(RangeError);
  });
});

describe("addDays and daysBetween", () => {
  it("match a reference built on Date.UTC", () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        const result = addDays(date, n);
        expect(result).toBe(referenceAddDays(date, n));
        expect(daysBetween(date, result)).toBe(n);
      }),
    );
  });

  it("handle the far ends of the calendar", () => {
    expect(addDays("0001-01-01", 365)).toBe("0002-01-01");
    expect(addDays("1600-02-28", 1)).toBe("1600-02-29");
    expect(addDays("1900-02-28", 1)).toBe("1900-03-01");
    expect(daysBetween("0001-01-01", "9999-12-31")).toBe(3_652_058);
    expect(() => addDays("0001-01-01", -1)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
  });
});

describe("refundWindowOpen", () => {
  it("is open through the 15th day after purchase, by the vendor's calendar", () => {
    const at = (iso: string) => new Date(iso);
    expect(refundWindowLastDay("2026-03-01")).toBe("2026-03-16");
    expect(refundWindowOpen("2026-03-01", at("2026-03-01T10:00:00Z"), "UTC")).toBe(true);
    expect(refundWindowOpen("2026-03-01", at("2026-03-16T23:59:59Z"), "UTC")).toBe(true);
    expect(refundWindowOpen("2026-03-01", at("2026-03-17T00:00:00Z"), "UTC")).toBe(false);
    // 2026-03-17 02:00 UTC is still the 16th in Los Angeles, already the 17th in Kolkata.
    expect(refundWindowOpen("2026-03-01", at("2026-03-17T02:00:00Z"), "America/Los_Angeles")).toBe(true);
    expect(refundWindowOpen("2026-03-01", at("2026-03-17T02:00:00Z"), "Asia/Kolkata")).toBe(false);
    expect(refundWindowOpen("2026-03-01", at("2026-03-05T00:00:00Z"), "UTC", 3)).toBe(false);
  });

  it("is open exactly when today is no more than `days` days after the purchase", () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: -5, max: 60 }), fc.nat(60), (now, tz, ago, days) => {
        const purchase = addDays(todayIn(tz, now), -ago);
        expect(refundWindowOpen(purchase, now, tz, days)).toBe(ago <= days);
      }),
    );
  });

  it("refuses a negative or fractional window", () => {
    expect(() => refundWindowOpen("2026-03-01", new Date(), "UTC", -1)).toThrow(RangeError);
    expect(() => refundWindowLastDay("2026-03-01", 1.5)).toThrow(RangeError);
  });
});
