import { z } from "zod";

// The one definition of what the mail-in routes take and return; the agent app takes its types from here.

const MAIL_IN_OUTCOMES = [
  "ticket_opened",
  "ticket_reply",
  "policy_answer",
  "rate_limited",
  "automatic",
  "own_mail",
  "duplicate",
  "failed",
] as const;

const mailNoteView = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const mailInView = z.object({
  id: z.string(),
  from: z.object({ address: z.string(), name: z.string() }),
  subject: z.string(),
  language: z.string(),
  state: z.enum(["handled", "failed"]),
  outcome: z.enum(MAIL_IN_OUTCOMES),
  notes: z.array(mailNoteView),
  ticketId: z.string().nullable(),
  ticketMessageId: z.string().nullable(),
  createdAt: z.string(),
});
export type MailInView = z.infer<typeof mailInView>;

export const mailInDetailView = mailInView.extend({ text: z.string() });

export const mailInListQuery = z.object({
  state: z.enum(["handled", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const mailInSetupView = z.object({
  source: z.enum(["env", "settings", "none"]),
  /** The URL with its password hidden. */
  url: z.string(),
  processedFolder: z.string(),
  /** The Reply-To address ticket mail names (vendor settings' support email); "" when unset. */
  replyTo: z.string(),
});
export type MailInSetupView = z.infer<typeof mailInSetupView>;

export const mailInSetupBody = z.object({
  /** Absent keeps the stored URL; "" removes it. */
  url: z.string().max(2000).optional(),
  processedFolder: z.string().max(100),
});

export const mailInTestBody = z.object({ url: z.string().max(2000).optional() });

export const mailInTestView = z.union([
  z.object({ ok: z.literal(true), mailbox: z.string(), count: z.number() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
