import { z } from "zod";

export const mailSummaryView = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  language: z.string(),
  subject: z.string(),
  status: z.enum(["pending", "sent", "stored", "failed"]),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

/** Whether mail is kept in the development viewer. */
export const devMailStatusView = z.object({ enabled: z.boolean() });

export const mailListView = z.object({ data: z.array(mailSummaryView), total: z.number() });

export const mailView = mailSummaryView.extend({ text: z.string(), html: z.string() });

export type MailSummaryView = z.infer<typeof mailSummaryView>;
export type MailView = z.infer<typeof mailView>;
