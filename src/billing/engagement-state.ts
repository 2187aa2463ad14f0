import type { EngagementState } from "./billing.tables.js";

/**
 * The engagement lifecycle as data. Every state change goes through `nextState`, and the repository
 * applies it with a compare-and-set on the current state, so two racing requests cannot both move it.
 *
 *   requested → quoted → agreed → in_progress → in_review → closed → invoiced → paid
 *                  ↘ declined (→ quoted again)        ↕ dispute    ↖ credit note ↙   ↖ unpaid
 *                                                   disputed → (new review) in_review | (override) closed
 *   closed (reviewed) → a time correction sends a new review → in_review
 *   requested | quoted | declined | agreed | closed (with no time) → cancelled
 */
export const ENGAGEMENT_STATES: readonly EngagementState[] = [
  "requested",
  "quoted",
  "agreed",
  "in_progress",
  "in_review",
  "disputed",
  "closed",
  "invoiced",
  "paid",
  "declined",
  "cancelled",
];

export type EngagementAction =
  /** The agent sends a first quote, or a replacement before acceptance. */
  | "quote"
  /** The agent sends a cap-extension quote while work is agreed or under way (state unchanged). */
  | "quote_extension"
  | "accept"
  /** The customer accepts a cap extension (state unchanged, a new agreement). */
  | "accept_extension"
  | "decline"
  /** The customer declines a cap extension (state unchanged). */
  | "decline_extension"
  /** The first time entry or timer moves agreed work to in progress. */
  | "start_work"
  /** More time on work already in progress (state unchanged). */
  | "record_time"
  /** Closing sends the customer the review of the work. */
  | "close"
  /** Closing work with no time recorded: nothing to review (cancel it instead). */
  | "close_empty"
  /** The customer approves the review (or the review period ends without an answer). */
  | "approve_review"
  | "dispute_review"
  /** The owner adjusted the entries after a dispute and sends a new review. */
  | "review_again"
  /** Time corrected after the customer approved it (or the owner overrode a dispute): a new review. */
  | "review_correction"
  /** The owner answers the dispute and keeps the work as it is. */
  | "override_dispute"
  | "invoice"
  | "mark_paid"
  | "mark_unpaid"
  | "credit"
  /** A payment received (a deposit, a top-up) on agreed work (state unchanged). */
  | "record_payment"
  /** Prepaid time is used up: the customer is asked to top up (state unchanged). */
  | "request_topup"
  | "cancel";

const TRANSITIONS: Record<EngagementAction, Partial<Record<EngagementState, EngagementState>>> = {
  quote: { requested: "quoted", quoted: "quoted", declined: "quoted" },
  quote_extension: { agreed: "agreed", in_progress: "in_progress" },
  accept: { quoted: "agreed" },
  accept_extension: { agreed: "agreed", in_progress: "in_progress" },
  decline: { quoted: "declined" },
  decline_extension: { agreed: "agreed", in_progress: "in_progress" },
  start_work: { agreed: "in_progress" },
  record_time: { in_progress: "in_progress" },
  close: { agreed: "in_review", in_progress: "in_review" },
  close_empty: { agreed: "closed", in_progress: "closed" },
  approve_review: { in_review: "closed" },
  dispute_review: { in_review: "disputed" },
  review_again: { disputed: "in_review" },
  review_correction: { closed: "in_review" },
  override_dispute: { disputed: "closed" },
  invoice: { closed: "invoiced" },
  mark_paid: { invoiced: "paid" },
  mark_unpaid: { paid: "invoiced" },
  credit: { invoiced: "closed", paid: "closed" },
  record_payment: {
    agreed: "agreed",
    in_progress: "in_progress",
    in_review: "in_review",
    disputed: "disputed",
    closed: "closed",
  },
  request_topup: { agreed: "agreed", in_progress: "in_progress" },
  // From closed only when no time was recorded (checked by the service): there is nothing to invoice.
  cancel: {
    requested: "cancelled",
    quoted: "cancelled",
    declined: "cancelled",
    agreed: "cancelled",
    closed: "cancelled",
  },
};

export const ENGAGEMENT_ACTIONS = Object.keys(TRANSITIONS) as EngagementAction[];

/** The state after `action`, or undefined when the action is not allowed from `state`. */
export function nextState(state: EngagementState, action: EngagementAction): EngagementState | undefined {
  return TRANSITIONS[action][state];
}

/** Actions allowed from a state (the agent app shows only these). */
export function allowedActions(state: EngagementState): EngagementAction[] {
  return ENGAGEMENT_ACTIONS.filter((action) => nextState(state, action) !== undefined);
}

/** States in which time may be recorded (given an agreement). */
export function acceptsTime(state: EngagementState): boolean {
  return state === "agreed" || state === "in_progress";
}

/** States in which recorded, uninvoiced time may still be corrected (a dispute is answered by adjusting). */
export function acceptsTimeCorrections(state: EngagementState): boolean {
  return state === "agreed" || state === "in_progress" || state === "disputed" || state === "closed";
}
