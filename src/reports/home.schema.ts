import { z } from "zod";

export const homeView = z.object({
  /** The owner has not yet answered (or skipped) the first sign-in's questions. */
  onboarding: z.boolean(),
  /** The first hour's steps, in order, each with what it links to and, where it is a count, the count. */
  checklist: z.array(
    z.object({
      step: z.enum(["simulator", "whatsapp", "profile", "hours", "agents", "licenses"]),
      done: z.boolean(),
      count: z.number().int().nullable(),
      href: z.string(),
    }),
  ),
  /** The day's numbers; toInvoice is null for those who do not see premium work. */
  today: z.object({
    waiting: z.number().int(),
    needsReply: z.number().int(),
    overdueTickets: z.number().int(),
    toInvoice: z.number().int().nullable(),
  }),
});
export type HomeView = z.infer<typeof homeView>;
