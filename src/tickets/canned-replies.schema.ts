import { z } from "zod";
import { languageSchema } from "../settings/settings.schema.js";

export const cannedReplyBody = z.object({
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(5000),
  language: z.enum(["es", "en"]),
});

export const cannedReplyView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  language: z.enum(["es", "en"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const cannedReplyListView = z.object({ data: z.array(cannedReplyView) });

export const cannedReplyQuery = z.object({ language: z.enum(["es", "en"]).optional() });

/** A canned reply as a composer offers it: `text` is `body` with one conversation's or ticket's variables. */
export const filledCannedReplyView = z.object({
  id: z.string(),
  title: z.string(),
  language: languageSchema,
  body: z.string(),
  text: z.string(),
});
export type FilledCannedReplyView = z.infer<typeof filledCannedReplyView>;
export const filledCannedReplyListView = z.object({
  data: z.array(filledCannedReplyView),
  language: languageSchema,
});
export type FilledCannedReplies = z.infer<typeof filledCannedReplyListView>;
