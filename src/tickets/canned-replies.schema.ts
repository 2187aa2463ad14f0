import { z } from "zod";

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
