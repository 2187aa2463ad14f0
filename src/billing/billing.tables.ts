import type { ServiceType } from "../settings/settings.schema.js";

export type EngagementState =
  | "requested"
  | "quoted"
  | "agreed"
  | "in_progress"
  | "in_review"
  | "disputed"
  | "closed"
  | "invoiced"
  | "paid"
  | "declined"
  | "cancelled";

export interface EngagementsTable {
  id: string;
  state: EngagementState;
  service_type: ServiceType;
  conversation_id: string;
  contact_id: string;
  customer_id: string | null;
  /** Snapshot of who the engagement is with, for invoices and for matching the accepting number. */
  contact_wa_id: string | null;
  contact_name: string;
  language: "es" | "en";
  /** The open quote the customer may accept; older ones are superseded. */
  current_quote_id: string | null;
  /** The agreement in force (the latest accepted quote). */
  current_agreement_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Who moved an engagement from one state to another, and when. */
export interface EngagementEventsTable {
  id: string;
  engagement_id: string;
  action: string;
  from_state: EngagementState | null;
  to_state: EngagementState;
  actor_type: "user" | "customer" | "system";
  actor_id: string | null;
  details: string;
  created_at: string;
}

export type QuoteStatus = "open" | "accepted" | "declined" | "superseded" | "cancelled";

export interface QuotesTable {
  id: string;
  engagement_id: string;
  code: string;
  kind: "initial" | "extension";
  service_type: ServiceType;
  hourly_rate_cents: number;
  /** The rate card's rate when the quote was made; differs from hourly_rate_cents when overridden. */
  card_rate_cents: number;
  rate_overridden: number;
  currency: string;
  increment_minutes: number;
  minimum_minutes: number;
  estimate_minutes: number;
  cap_minutes: number;
  /** Paid before work starts (0: none); time then draws down what was paid. */
  deposit_cents: number;
  language: "es" | "en";
  terms_text: string;
  terms_sha256: string;
  rate_card_version: string;
  status: QuoteStatus;
  sent_to_wa_id: string | null;
  created_by: string | null;
  created_at: string;
  decided_at: string | null;
}

/** The customer's acceptance of a quote: never updated or deleted (a trigger refuses it too). */
export interface AgreementsTable {
  id: string;
  engagement_id: string;
  quote_id: string;
  quote_code: string;
  terms_text: string;
  terms_sha256: string;
  rate_card_version: string;
  service_type: ServiceType;
  hourly_rate_cents: number;
  currency: string;
  increment_minutes: number;
  minimum_minutes: number;
  cap_minutes: number;
  deposit_cents: number;
  accepted_wamid: string;
  /** The accepting message's own timestamp (from WhatsApp). */
  accepted_at: string;
  sender_wa_id: string;
  via: "button" | "text";
  created_at: string;
}

export interface TimeEntriesTable {
  id: string;
  engagement_id: string;
  agreement_id: string;
  user_id: string;
  minutes: number;
  note: string;
  source: "manual" | "timer";
  started_at: string | null;
  ended_at: string | null;
  invoice_id: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One running timer per agent: the primary key is the user. */
export interface RunningTimersTable {
  user_id: string;
  engagement_id: string;
  started_at: string;
}

export type InvoiceStatus = "unpaid" | "paid" | "credited";

export interface InvoicesTable {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  year: number;
  seq: number;
  engagement_id: string;
  /** For a credit note: the invoice it reverses. */
  credits_invoice_id: string | null;
  agreement_id: string;
  status: InvoiceStatus;
  currency: string;
  service_type: ServiceType;
  language: "es" | "en";
  hourly_rate_cents: number;
  increment_minutes: number;
  minimum_minutes: number;
  cap_minutes: number;
  worked_minutes: number;
  billable_minutes: number;
  total_cents: number;
  /** JSON: the computation's lines (worked, rounding, minimum, cap). */
  lines: string;
  /** JSON: the time entries as invoiced (date, minutes, note, agent). */
  items: string;
  /** JSON: who is billed (customer or contact) at issue time. */
  bill_to: string;
  /** JSON: the vendor's details at issue time. */
  vendor: string;
  payment_url: string;
  reason: string;
  issued_at: string;
  issued_by: string | null;
  paid_at: string | null;
}

/** The last sequence handed out per series (INV, CN) and year; bumped in the issuing transaction. */
export interface InvoiceCountersTable {
  series: string;
  year: number;
  last_seq: number;
}

/** A payment received for an engagement (a deposit, a top-up): never updated or deleted. */
export interface PaymentsTable {
  id: string;
  engagement_id: string;
  amount_cents: number;
  /** The agreement's currency. */
  currency: string;
  /** "credit": drawn from the customer's credit (unused prepaid money kept from earlier work). */
  method: "manual" | "stripe" | "credit";
  /** The bank transfer's or PayPal's reference, as the owner typed it. */
  reference: string | null;
  recorded_by: string | null;
  created_at: string;
}

/** The customer's credit, a ledger never updated: + kept from unused prepaid money, - drawn by a payment. */
export interface CustomerCreditsTable {
  id: string;
  /** The customer's id, or "contact:<id>" while the WhatsApp contact has no customer. */
  holder: string;
  currency: string;
  amount_cents: number;
  kind: "kept" | "applied" | "refunded";
  engagement_id: string;
  invoice_id: string | null;
  payment_id: string | null;
  created_at: string;
}

/** Customer messages about a quote that billing has answered (one answer per wamid). */
export interface BillingInboundHandledTable {
  wamid: string;
  outcome: string;
  handled_at: string;
}

export type ReviewStatus = "pending" | "approved" | "disputed" | "superseded" | "overridden";

/** The customer's review of closed work, before the invoice (the link's token kept only as its SHA-256). */
export interface BillingReviewsTable {
  id: string;
  engagement_id: string;
  token_sha256: string;
  /** pending → approved (by the customer, or by silence past expires_at) | disputed → superseded | overridden. */
  status: ReviewStatus;
  /** What the review showed: the work's amount before payments, in the agreement's currency. */
  amount_cents: number;
  currency: string;
  /** The customer's reason for a dispute. */
  reason: string;
  /** The owner's answer when overriding a dispute. */
  answer: string;
  sent_at: string;
  /** The end of the review period: no answer by then counts as approval. */
  expires_at: string;
  decided_at: string | null;
  /** "customer", "system" (the period ended) or the deciding user's id. */
  decided_by: string | null;
}

/** A Stripe Checkout Session beedesk created (or the simulator's stand-in for one). */
export interface CheckoutSessionsTable {
  /** Stripe's session id (cs_…). */
  id: string;
  engagement_id: string;
  purpose: "deposit" | "invoice";
  invoice_id: string | null;
  amount_cents: number;
  currency: string;
  /** Where the customer pays (Stripe's hosted page). */
  url: string;
  /** open → completed (paid, once) | expired. */
  status: "open" | "completed" | "expired";
  payment_intent: string | null;
  /** The payments row a completed deposit session recorded. */
  payment_id: string | null;
  /** What Stripe reported refunded so far (charge.refunded carries the running total). */
  refunded_cents: number;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}

/** A Stripe event handled (its id unique): a redelivery finds it here and changes nothing. */
export interface StripeEventsTable {
  id: string;
  type: string;
  outcome: string;
  received_at: string;
}

/** A customer link (pay what is due, the invoice's PDF): only the token's SHA-256 is kept. */
export interface BillingLinksTable {
  token_sha256: string;
  kind: "pay" | "invoice_pdf";
  engagement_id: string;
  invoice_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface BillingTables {
  checkout_sessions: CheckoutSessionsTable;
  stripe_events: StripeEventsTable;
  billing_links: BillingLinksTable;
  billing_reviews: BillingReviewsTable;
  billing_inbound_handled: BillingInboundHandledTable;
  engagements: EngagementsTable;
  engagement_events: EngagementEventsTable;
  quotes: QuotesTable;
  agreements: AgreementsTable;
  time_entries: TimeEntriesTable;
  running_timers: RunningTimersTable;
  invoices: InvoicesTable;
  invoice_counters: InvoiceCountersTable;
  payments: PaymentsTable;
  customer_credits: CustomerCreditsTable;
}
