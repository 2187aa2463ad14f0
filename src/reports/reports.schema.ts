import { z } from "zod";

const date = z.string().max(10);

export const rangeQuery = z.object({ from: date.optional(), to: date.optional() });

const responseStats = z.object({
  medianMinutes: z.number().nullable(),
  count: z.number(),
  perDay: z.array(z.object({ day: z.string(), medianMinutes: z.number(), count: z.number() })),
});

export const reportView = z.object({
  from: z.string(),
  to: z.string(),
  series: z.object({
    messages: z.array(
      z.object({
        day: z.string(),
        number: z.string(),
        role: z.string(),
        phoneNumberId: z.string(),
        inbound: z.number(),
        outbound: z.number(),
      }),
    ),
    conversations: z.array(z.object({ day: z.string(), presales: z.number(), redirected: z.number() })),
    tickets: z.array(z.object({ day: z.string(), opened: z.number(), resolved: z.number() })),
    /** Click-to-WhatsApp ad leads by ad: the conversations each ad brought in the range. */
    adLeads: z.array(
      z.object({
        adId: z.string(),
        headline: z.string(),
        sourceUrl: z.string(),
        role: z.string(),
        leads: z.number(),
      }),
    ),
    /**
     * Pre-sales questions the catalogue recognised, per product and kind: answered automatically, or left to
     * an agent (the deflection the catalogue brings). An empty productId: no single product recognised.
     */
    catalogue: z.array(
      z.object({
        productId: z.string(),
        product: z.string(),
        kind: z.string(),
        automatic: z.number(),
        agents: z.number(),
      }),
    ),
    /** `premium` only for those who may see premium conversations. */
    firstResponse: z.object({
      presales: responseStats,
      premium: responseStats.optional(),
      tickets: responseStats,
    }),
    premiumHours: z
      .array(
        z.object({
          serviceType: z.string(),
          minutes: z.number(),
          hours: z.number(),
          engagements: z.number(),
        }),
      )
      .optional(),
    revenue: z
      .array(
        z.object({
          month: z.string(),
          currency: z.string(),
          invoicedCents: z.number(),
          paidCents: z.number(),
        }),
      )
      .optional(),
    /** Premium billing (the owner's): hours per currency, deposits unpaid, disputes, review answers. */
    billing: z
      .object({
        hoursByCurrency: z.array(
          z.object({ currency: z.string(), minutes: z.number(), hours: z.number(), engagements: z.number() }),
        ),
        depositsOutstanding: z.array(
          z.object({
            engagementId: z.string(),
            currency: z.string(),
            depositCents: z.number(),
            paidCents: z.number(),
          }),
        ),
        disputedEngagements: z.number(),
        reviews: z.object({
          sent: z.number(),
          approved: z.number(),
          approvedBySilence: z.number(),
          disputed: z.number(),
          /** Approved (by the customer or by silence) over answered reviews; null before any. */
          approvalRate: z.number().nullable(),
        }),
        /**
         * The money figures in the owner's reporting currency at their own rates (Settings, exchange rates of
         * `asOf`); null until the owner enters rates. Each currency's sum is converted and rounded half away
         * from zero to the minor unit, then added; currencies without a rate are left out and named.
         */
        inReportingCurrency: z
          .object({
            currency: z.string(),
            asOf: z.string(),
            invoicedCents: z.number(),
            paidCents: z.number(),
            depositsOutstandingCents: z.number(),
            missing: z.array(z.string()),
          })
          .nullable(),
      })
      .optional(),
    unpaidInvoices: z
      .array(
        z.object({
          id: z.string(),
          number: z.string(),
          engagementId: z.string(),
          billTo: z.string(),
          totalCents: z.number(),
          currency: z.string(),
          issuedAt: z.string(),
          daysOutstanding: z.number(),
        }),
      )
      .optional(),
  }),
  /** Series this user may not see (money is the owner's). */
  hidden: z.array(z.string()),
});
