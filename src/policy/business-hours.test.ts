import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOpen, localMoment, nextOpening } from "./business-hours.js";

const weekdays = { days: [1, 2, 3, 4, 5], open: "10:00", close: "19:00" };
const kolkata = "Asia/Kolkata"; // UTC+5:30, no daylight saving

describe("business hours", () => {
  it("reads the local weekday and time in the vendor's zone", () => {
    // 2026-11-25 is a Wednesday; 04:30 UTC is 10:00 in Kolkata.
    expect(localMoment(new Date("2026-11-25T04:30:00Z"), kolkata)).toEqual({ weekday: 3, minutes: 600 });
    // Late Saturday UTC is already Sunday in Kolkata.
    expect(localMoment(new Date("2026-11-28T20:00:00Z"), kolkata).weekday).toBe(0);
  });

  it("is open on a weekday between open and close, closed before, after and at weekends", () => {
    expect(isOpen(weekdays, new Date("2026-11-25T04:30:00Z"), kolkata)).toBe(true);
    expect(isOpen(weekdays, new Date("2026-11-25T04:29:00Z"), kolkata)).toBe(false);
    expect(isOpen(weekdays, new Date("2026-11-25T13:30:00Z"), kolkata)).toBe(false); // 19:00
    expect(isOpen(weekdays, new Date("2026-11-28T06:00:00Z"), kolkata)).toBe(false); // Saturday
  });

  it("handles a shift past midnight as belonging to the day it starts", () => {
    const night = { days: [5], open: "22:00", close: "02:00" };
    expect(isOpen(night, new Date("2026-11-27T17:00:00Z"), "UTC")).toBe(false); // Fri 17:00
    expect(isOpen(night, new Date("2026-11-27T23:00:00Z"), "UTC")).toBe(true); // Fri 23:00
    expect(isOpen(night, new Date("2026-11-28T01:00:00Z"), "UTC")).toBe(true); // Sat 01:00
    expect(isOpen(night, new Date("2026-11-28T23:00:00Z"), "UTC")).toBe(false); // Sat 23:00
  });

  it("finds the next opening: later today, tomorrow, or after the weekend", () => {
    expect(nextOpening(weekdays, new Date("2026-11-25T02:00:00Z"), kolkata)).toEqual({
      weekday: 3,
      time: "10:00",
      daysAhead: 0,
    });
    expect(nextOpening(weekdays, new Date("2026-11-25T14:00:00Z"), kolkata)).toEqual({
      weekday: 4,
      time: "10:00",
      daysAhead: 1,
    });
    expect(nextOpening(weekdays, new Date("2026-11-27T14:00:00Z"), kolkata)).toEqual({
      weekday: 1,
      time: "10:00",
      daysAhead: 3,
    });
    expect(nextOpening({ ...weekdays, days: [] }, new Date(), kolkata)).toBeUndefined();
  });

  it("always names an open day when some day is open", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        (days, now) => {
          const next = nextOpening({ days, open: "09:30", close: "17:00" }, now, kolkata);
          expect(next && days.includes(next.weekday)).toBe(true);
        },
      ),
    );
  });
});
