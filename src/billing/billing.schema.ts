import { z } from "zod";
import { currencyCode, serviceTypeSchema } from "../settings/settings.schema.js";
import type { EngagementState } from "./billing.tables.js";
import { ENGAGEMENT_STATES } from "./engagement-state.js";

export const engagementStateSchema = z.enum(
  ENGAGEMENT_STATES as readonly [EngagementState, ...EngagementState[]],
);

export const listEngagementsQuery = z.object({
  // One state or several, comma-separated: ?state=quoted,agreed
  state: z
    .string()
    .max(200)
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const states = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      for (const s of states) {
        if (!(ENGAGEMENT_STATES as readonly string[]).includes(s)) {
          ctx.addIssue({ code: "custom", message: `unknown state "${s}"` });
          return z.NEVER;
        }
      }
      return states;
    }),
  /** The engagements of one WhatsApp conversation (the inbox links here). */
  conversationId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const startEngagementBody = z.object({
  conversationId: z.string().min(1).max(64),
  serviceType: serviceTypeSchema,
});

const hours = z.number().positive().max(10_000);

export const quoteBody = z.object({
  serviceType: serviceTypeSchema,
  estimateHours: hours,
  capHours: hours,
  hourlyRateCents: z.number().int().min(0).max(100_000_000).optional(),
  incrementMinutes: z.number().int().min(1).max(240).optional(),
  minimumMinutes: z.number().int().min(0).max(480).optional(),
  // ISO 4217, one of the settings' rate cards; default: the default card (USD by the policy).
  currency: currencyCode.optional(),
  // Paid before work starts (0: none); no time is recorded until it is, and time draws down what was paid.
  depositCents: z.number().int().min(0).max(100_000_000).optional(),
});

export const timeEntryBody = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  // Manual time needs a reason the customer can read in the summary.
  note: z.string().trim().min(1).max(500),
});

export const paymentBody = z.object({
  amountCents: z.number().int().min(1).max(100_000_000),
  // Received outside beedesk: a bank transfer, PayPal… (card payments come through Stripe).
  method: z.literal("manual"),
  reference: z.string().trim().max(200).optional(),
});

export const paymentView = z.object({
  id: z.string(),
  engagementId: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  method: z.enum(["manual", "stripe", "credit"]),
  reference: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});

/** Prepaid work (an agreement with a deposit): what was paid and how much work it covers. */
export const prepaidView = z.object({
  depositCents: z.number(),
  paidCents: z.number(),
  depositPaid: z.boolean(),
  coveredMinutes: z.number(),
  remainingMinutes: z.number(),
});

export const stopTimerBody = z.object({ note: z.string().trim().max(500).default("") }).default({ note: "" });

export const patchTimeEntryBody = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    note: z.string().trim().min(1).max(500).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.minutes !== undefined || b.note !== undefined, { message: "change minutes or note" });

export const deleteTimeEntryBody = z
  .object({ reason: z.string().trim().max(500).default("") })
  .optional()
  .transform((b) => b ?? { reason: "" });

export const reasonBody = z
  .object({ reason: z.string().trim().max(500).default("") })
  .default({ reason: "" });

export const creditNoteBody = z.object({ reason: z.string().trim().min(1).max(500) });

/** A credit note for part of an invoice (a refund, a correction): never more than the invoice billed. */
export const partialCreditNoteBody = z.object({
  amountCents: z.number().int().min(1).max(100_000_000),
  reason: z.string().trim().min(1).max(500),
});

const partiesView = {
  contact: z.object({
    id: z.string(),
    name: z.string(),
    waId: z.string().nullable(),
    language: z.string().nullable(),
  }),
  customer: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
};

export const engagementSummaryView = z.object({
  id: z.string(),
  state: engagementStateSchema,
  serviceType: serviceTypeSchema,
  language: z.enum(["es", "en"]),
  conversationId: z.string(),
  ...partiesView,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const quoteView = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(["initial", "extension"]),
  status: z.enum(["open", "accepted", "declined", "superseded", "cancelled"]),
  serviceType: serviceTypeSchema,
  hourlyRateCents: z.number(),
  cardRateCents: z.number(),
  rateOverridden: z.boolean(),
  currency: z.string(),
  incrementMinutes: z.number(),
  minimumMinutes: z.number(),
  estimateMinutes: z.number(),
  capMinutes: z.number(),
  /** The estimate and the cap as money, as the terms state them. */
  estimateCents: z.number(),
  capCents: z.number(),
  depositCents: z.number(),
  language: z.enum(["es", "en"]),
  termsText: z.string(),
  termsSha256: z.string(),
  rateCardVersion: z.string(),
  sentToWaId: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

export const agreementView = z.object({
  id: z.string(),
  engagementId: z.string(),
  quoteId: z.string(),
  quoteCode: z.string(),
  termsText: z.string(),
  termsSha256: z.string(),
  rateCardVersion: z.string(),
  serviceType: serviceTypeSchema,
  hourlyRateCents: z.number(),
  currency: z.string(),
  incrementMinutes: z.number(),
  minimumMinutes: z.number(),
  capMinutes: z.number(),
  depositCents: z.number(),
  /** The cap as money: the most this agreement can be billed. */
  capCents: z.number(),
  acceptedWamid: z.string(),
  acceptedAt: z.string(),
  senderWaId: z.string(),
  via: z.enum(["button", "text"]),
  createdAt: z.string(),
  /** Recomputed now: the stored terms still hash to the stored SHA-256. */
  hashVerified: z.boolean(),
});

export const capView = z.object({
  capMinutes: z.number(),
  usedMinutes: z.number(),
  remainingMinutes: z.number(),
  ratio: z.number(),
  warn: z.boolean(),
  reached: z.boolean(),
});

export const timeEntryView = z.object({
  id: z.string(),
  engagementId: z.string(),
  agreementId: z.string(),
  userId: z.string(),
  userName: z.string(),
  minutes: z.number(),
  note: z.string(),
  source: z.enum(["manual", "timer"]),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  invoiceId: z.string().nullable(),
  locked: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const timerView = z.object({
  userId: z.string(),
  userName: z.string(),
  engagementId: z.string(),
  startedAt: z.string(),
  elapsedMinutes: z.number(),
});

export const timeResultView = z.object({
  entry: timeEntryView.nullable(),
  cap: capView,
  warning: z.enum(["cap_warning", "cap_reached"]).nullable(),
  clampedMinutes: z.number().optional(),
});

export const invoiceLineView = z.object({
  // prepaid: what was paid in advance (deposit, top-ups), netted off (minutes 0, a negative amount).
  // credit: the amount a partial credit note gives back (minutes 0, a negative amount).
  kind: z.enum(["worked", "rounding", "minimum", "cap", "prepaid", "credit"]),
  minutes: z.number(),
  amountCents: z.number(),
});

export const invoiceView = z.object({
  id: z.string(),
  kind: z.enum(["invoice", "credit_note"]),
  number: z.string(),
  engagementId: z.string(),
  creditsInvoiceId: z.string().nullable(),
  agreementId: z.string(),
  status: z.enum(["unpaid", "paid", "credited"]),
  totalCents: z.number(),
  currency: z.string(),
  serviceType: serviceTypeSchema,
  language: z.enum(["es", "en"]),
  hourlyRateCents: z.number(),
  incrementMinutes: z.number(),
  minimumMinutes: z.number(),
  capMinutes: z.number(),
  workedMinutes: z.number(),
  billableMinutes: z.number(),
  lines: z.array(invoiceLineView),
  items: z.array(
    z.object({
      entryId: z.string(),
      date: z.string(),
      minutes: z.number(),
      note: z.string(),
      agent: z.string(),
    }),
  ),
  billTo: z.object({
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    customerId: z.string().nullable(),
  }),
  vendor: z.object({
    name: z.string(),
    ownerName: z.string(),
    website: z.string(),
    supportEmail: z.string(),
    legalName: z.string(),
    address: z.string(),
    taxId: z.string(),
  }),
  paymentUrl: z.string(),
  reason: z.string(),
  issuedAt: z.string(),
  paidAt: z.string().nullable(),
  pdfUrl: z.string(),
});

export const engagementEventView = z.object({
  id: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  at: z.string(),
});

/** The customer's latest review of the closed work (the link itself is only in the message sent). */
export const reviewView = z.object({
  id: z.string(),
  status: z.enum(["pending", "approved", "disputed", "superseded", "overridden"]),
  amountCents: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  answer: z.string(),
  sentAt: z.string(),
  expiresAt: z.string(),
  decidedAt: z.string().nullable(),
  /** "customer", "system" (approved by silence when the period ended) or the deciding user's id. */
  decidedBy: z.string().nullable(),
});

/** The owner's answer to a dispute, sent to the customer. */
export const overrideBody = z.object({ answer: z.string().trim().min(1).max(1000) });

export const engagementDetailView = engagementSummaryView.extend({
  quotes: z.array(quoteView),
  currentQuote: quoteView.nullable(),
  agreement: agreementView.nullable(),
  agreements: z.array(agreementView),
  timeEntries: z.array(timeEntryView),
  runningTimers: z.array(timerView),
  cap: capView.nullable(),
  /**
   * What the recorded time comes to under the agreement's rules (increment, minimum, cap: the invoice's
   * own computation), before anything paid in advance; null before an agreement.
   */
  total: z
    .object({
      workedMinutes: z.number(),
      billableMinutes: z.number(),
      amountCents: z.number(),
      currency: z.string(),
    })
    .nullable(),
  invoice: invoiceView.nullable(),
  invoices: z.array(invoiceView),
  payments: z.array(paymentView),
  /** Null for work billed afterwards (no deposit in the agreement). */
  prepaid: prepaidView.nullable(),
  review: reviewView.nullable(),
  events: z.array(engagementEventView),
  allowedActions: z.array(z.string()),
  rateCard: z.object({
    currency: z.string(),
    hourly: z.record(serviceTypeSchema, z.number()),
    incrementMinutes: z.number(),
    minimumMinutes: z.number(),
    /** The owner's rate cards in other currencies: a quote may use any of them. */
    cards: z.array(z.object({ currency: z.string(), hourly: z.record(serviceTypeSchema, z.number()) })),
  }),
  /**
   * The currency a new quote is offered in: set on the customer (`customer`), else the WhatsApp number's
   * country when the owner has a card in its currency (`phone`), else the default card (`default`).
   */
  /** The customer's credit (unused prepaid money kept), per currency; a new agreement draws it first. */
  customerCredit: z.array(z.object({ currency: z.string(), cents: z.number() })),
  suggestedCurrency: z.object({ currency: z.string(), source: z.enum(["customer", "phone", "default"]) }),
});

export const engagementListView = z.object({ data: z.array(engagementSummaryView) });

export type EngagementSummaryView = z.infer<typeof engagementSummaryView>;
export type EngagementDetailView = z.infer<typeof engagementDetailView>;
export type QuoteView = z.infer<typeof quoteView>;
export type AgreementView = z.infer<typeof agreementView>;
export type TimeEntryView = z.infer<typeof timeEntryView>;
export type TimerView = z.infer<typeof timerView>;
export type CapView = z.infer<typeof capView>;
export type InvoiceView = z.infer<typeof invoiceView>;
export type EngagementEventView = z.infer<typeof engagementEventView>;
export type PaymentView = z.infer<typeof paymentView>;
export type ReviewView = z.infer<typeof reviewView>;

export const auditView = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      actorType: z.string(),
      actorId: z.string().nullable(),
      action: z.string(),
      details: z.record(z.string(), z.unknown()),
      at: z.string(),
    }),
  ),
});
