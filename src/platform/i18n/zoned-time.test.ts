import { expect, it } from "vitest";
import { formatZonedDateTime } from "./zoned-time.js";

it("gives the wall-clock time in the zone and names the zone", () => {
  const at = "2026-12-03T03:00:00Z";
  expect(formatZonedDateTime("en", at, "Asia/Kolkata")).toBe("Dec 3, 2026, 8:30 AM (Asia/Kolkata)");
  expect(formatZonedDateTime("en", at, "America/Mexico_City")).toBe(
    "Dec 2, 2026, 9:00 PM (America/Mexico_City)",
  );
  expect(formatZonedDateTime("es", at, "Europe/Madrid", "long")).toBe(
    "3 de diciembre de 2026 a las 4:00 (Europe/Madrid)",
  );
  expect(formatZonedDateTime("en", "not a date", "UTC")).toBe("not a date");
});
