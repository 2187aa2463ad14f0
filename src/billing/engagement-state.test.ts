import { describe, expect, it } from "vitest";
import {
  acceptsTime,
  allowedActions,
  ENGAGEMENT_ACTIONS,
  ENGAGEMENT_STATES,
  type EngagementAction,
  nextState,
} from "./engagement-state.js";

/** The lifecycle written out as the legal (state, action) → state triples, to check the table against. */
const LEGAL: [string, EngagementAction, string][] = [
  ["requested", "quote", "quoted"],
  ["quoted", "quote", "quoted"],
  ["declined", "quote", "quoted"],
  ["agreed", "quote_extension", "agreed"],
  ["in_progress", "quote_extension", "in_progress"],
  ["quoted", "accept", "agreed"],
  ["agreed", "accept_extension", "agreed"],
  ["in_progress", "accept_extension", "in_progress"],
  ["quoted", "decline", "declined"],
  ["agreed", "decline_extension", "agreed"],
  ["in_progress", "decline_extension", "in_progress"],
  ["agreed", "start_work", "in_progress"],
  ["in_progress", "record_time", "in_progress"],
  ["agreed", "close", "in_review"],
  ["in_progress", "close", "in_review"],
  ["agreed", "close_empty", "closed"],
  ["in_progress", "close_empty", "closed"],
  ["in_review", "approve_review", "closed"],
  ["in_review", "dispute_review", "disputed"],
  ["disputed", "review_again", "in_review"],
  ["closed", "review_correction", "in_review"],
  ["disputed", "override_dispute", "closed"],
  ["closed", "invoice", "invoiced"],
  ["invoiced", "mark_paid", "paid"],
  ["paid", "mark_unpaid", "invoiced"],
  ["invoiced", "credit", "closed"],
  ["paid", "credit", "closed"],
  ["agreed", "record_payment", "agreed"],
  ["in_progress", "record_payment", "in_progress"],
  ["in_review", "record_payment", "in_review"],
  ["disputed", "record_payment", "disputed"],
  ["closed", "record_payment", "closed"],
  ["agreed", "request_topup", "agreed"],
  ["in_progress", "request_topup", "in_progress"],
  ["requested", "cancel", "cancelled"],
  ["quoted", "cancel", "cancelled"],
  ["declined", "cancel", "cancelled"],
  ["agreed", "cancel", "cancelled"],
  ["closed", "cancel", "cancelled"],
];

describe("engagement state machine", () => {
  it("allows exactly the documented transitions", () => {
    for (const [from, action, to] of LEGAL)
      expect(nextState(from as never, action), `${from} ${action}`).toBe(to);
  });

  it("refuses every other (state, action) pair", () => {
    const legal = new Set(LEGAL.map(([from, action]) => `${from} ${action}`));
    let refused = 0;
    for (const state of ENGAGEMENT_STATES) {
      for (const action of ENGAGEMENT_ACTIONS) {
        if (legal.has(`${state} ${action}`)) continue;
        expect(nextState(state, action), `${state} ${action}`).toBeUndefined();
        refused++;
      }
    }
    expect(refused).toBe(ENGAGEMENT_STATES.length * ENGAGEMENT_ACTIONS.length - LEGAL.length);
  });

  it("never leaves cancelled, and never reaches paid without being invoiced", () => {
    expect(allowedActions("cancelled")).toEqual([]);
    for (const state of ENGAGEMENT_STATES) {
      if (state !== "invoiced") expect(nextState(state, "mark_paid")).toBeUndefined();
    }
  });

  it("invoices only reviewed work: never from in review or disputed", () => {
    expect(ENGAGEMENT_STATES.filter((s) => nextState(s, "invoice") !== undefined)).toEqual(["closed"]);
    expect(ENGAGEMENT_STATES.filter((s) => nextState(s, "approve_review") !== undefined)).toEqual([
      "in_review",
    ]);
  });

  it("takes time only on agreed or running work", () => {
    expect(ENGAGEMENT_STATES.filter(acceptsTime)).toEqual(["agreed", "in_progress"]);
  });
});
