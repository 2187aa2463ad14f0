import { z } from "zod";

// The data-rights API's shapes: the one definition, for the routes, the OpenAPI document and the agent app.

export const confirmBody = z.object({ confirm: z.literal(true) });

export const erasureView = z.object({
  erased: z.literal(true),
  contacts: z.number(),
  messages: z.number(),
  tickets: z.number(),
  engagements: z.number(),
  invoices: z.number(),
  mails: z.number(),
  files: z.number(),
});

/** One retention run, as its audit entry keeps it. */
export const retentionRunView = z.object({
  at: z.string(),
  /** The daily schedule, or the owner's "run now". */
  by: z.enum(["schedule", "owner"]),
  /** The settings the run applied (0 = that part off). */
  mediaDays: z.number(),
  anonymiseMonths: z.number(),
  /** WhatsApp media files deleted (old closed conversations, and anonymised ones). */
  mediaFiles: z.number(),
  /** Ticket attachments deleted (closed tickets). */
  attachmentFiles: z.number(),
  conversations: z.number(),
  /** Contacts whose identity went with their last conversation. */
  contacts: z.number(),
});
export type RetentionRun = z.infer<typeof retentionRunView>;

export const retentionStatusView = z.object({
  mediaDays: z.number(),
  anonymiseMonths: z.number(),
  /** A run is queued or under way. */
  pending: z.boolean(),
  runs: z.array(retentionRunView),
});
export type RetentionStatus = z.infer<typeof retentionStatusView>;
