import { z } from "zod";
import { API_KEY_SCOPES } from "./users.service.js";

export const signInBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(["owner", "agent"]),
  language: z.string(),
  // false once the owner deactivated the account (listed only with ?includeInactive=true).
  active: z.boolean(),
  // false until the account answered (or skipped) the first sign-in's questions.
  onboarded: z.boolean(),
});

/** One's own account: the name others see (mails say "{name} replied"), and the first hour done. */
export const updateOwnAccountBody = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    onboarded: z.literal(true).optional(),
    // The language the person uses the app in: what beedesk writes for them (mails, WhatsApp health) follows it.
    language: z.enum(["es", "en"]).optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.onboarded !== undefined || b.language !== undefined, {
    message: "name, onboarded or language is required",
  });

export const sessionView = z.object({ user: userView, csrfToken: z.string().optional() });

export const createUserBody = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(80),
  role: z.enum(["owner", "agent"]),
  password: z.string().min(8).max(200),
  language: z.enum(["es", "en"]).default("en"),
});

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(["all"]),
});

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** The answer to creating a key: the only time its secret is shown. */
export const apiKeyCreatedView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  secret: z.string(),
  createdAt: z.string(),
});

export const listUsersQuery = z.object({ includeInactive: z.enum(["true", "false"]).optional() });

/** The owner's changes to another account: its role, or turning it off/on. */
export const updateUserBody = z
  .object({ role: z.enum(["owner", "agent"]).optional(), active: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.active !== undefined, { message: "role or active is required" });
