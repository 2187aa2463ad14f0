import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SERVICE_WINDOW_MS, windowState } from "./window.js";

const last = "2026-11-25T12:00:00.000Z";
const at = (iso: string) => new Date(iso);

describe("windowState", () => {
  it("is 24 hours", () => {
    expect(SERVICE_WINDOW_MS).toBe(86_400_000);
  });

  it("is closed when the customer never wrote", () => {
    expect(windowState(null, at(last))).toEqual({ open: false, remainingMs: 0 });
  });

  it("is closed for an unreadable timestamp", () => {
    expect(windowState("not a date", at(last))).toEqual({ open: false, remainingMs: 0 });
  });

  it("is open right after a message, with the full window left", () => {
    expect(windowState(last, at(last))).toEqual({
      open: true,
      closesAt: "2026-11-26T12:00:00.000Z",
      remainingMs: SERVICE_WINDOW_MS,
    });
  });

  it("is open one millisecond before it closes and closed at the boundary", () => {
    expect(windowState(last, at("2026-11-26T11:59:59.999Z"))).toMatchObject({ open: true, remainingMs: 1 });
    expect(windowState(last, at("2026-11-26T12:00:00.000Z"))).toEqual({
      open: false,
      closesAt: "2026-11-26T12:00:00.000Z",
      remainingMs: 0,
    });
  });

  it("never reports more than the window when the message looks like it is from the future", () => {
    expect(windowState(last, at("2026-11-25T11:00:00.000Z"))).toMatchObject({
      open: true,
      remainingMs: SERVICE_WINDOW_MS,
    });
  });

  it("is open exactly while now is before the last message + 24 h, and only counts down", () => {
    const time = fc.integer({ min: 0, max: 4_000_000_000_000 });
    fc.assert(
      fc.property(time, time, fc.nat(3 * SERVICE_WINDOW_MS), (lastMs, nowMs, later) => {
        const lastIso = new Date(lastMs).toISOString();
        const state = windowState(lastIso, new Date(nowMs));
        expect(state.open).toBe(nowMs < lastMs + SERVICE_WINDOW_MS);
        expect(state.remainingMs).toBeGreaterThanOrEqual(0);
        expect(state.remainingMs).toBeLessThanOrEqual(SERVICE_WINDOW_MS);
        expect(state.open).toBe(state.remainingMs > 0);
        expect(Date.parse(state.closesAt!)).toBe(lastMs + SERVICE_WINDOW_MS);
        expect(windowState(lastIso, new Date(nowMs + later)).remainingMs).toBeLessThanOrEqual(
          state.remainingMs,
        );
      }),
    );
  });
});
