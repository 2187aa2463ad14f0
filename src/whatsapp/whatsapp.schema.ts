import { z } from "zod";

// The one definition of what the WhatsApp account routes take and return; the agent app takes its types here.

export const numberRoleSchema = z.enum(["presales", "premium"]);

export const numberStatusView = z.object({
  role: numberRoleSchema,
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string().nullable(),
  verifiedName: z.string().nullable(),
  /** GREEN, YELLOW, RED or UNKNOWN, as WhatsApp rates the number. */
  qualityRating: z.string().nullable(),
  /** TIER_250, TIER_1K… (business-initiated conversations a day). */
  messagingLimitTier: z.string().nullable(),
  nameStatus: z.string().nullable(),
  webhookSubscribed: z.boolean(),
  /** The profile "about" as WhatsApp last showed it. */
  about: z.string().nullable(),
  /** True when WhatsApp shows the "about" the settings hold (presales: the text naming the premium number). */
  aboutSynced: z.boolean(),
  /** The profile fields (about, description, address, email, websites, vertical) WhatsApp shows otherwise. */
  profileMismatch: z.array(z.string()),
  /** What went wrong at the last check, in words, with Meta's code. */
  error: z.object({ code: z.number().nullable(), message: z.string() }).nullable(),
  checkedAt: z.string().nullable(),
  /** The last quality webhook (FLAGGED, UNFLAGGED, UPGRADE, DOWNGRADE…) and when. */
  qualityEvent: z.string().nullable(),
  qualityEventAt: z.string().nullable(),
  failedSendsLastHour: z.number(),
});
export type NumberStatusView = z.infer<typeof numberStatusView>;

export const whatsappStatusView = z.object({
  numbers: z.array(numberStatusView),
  lastWebhookAt: z.string().nullable(),
  /** Short sentences for the owner when something is broken (empty when all is well). */
  problems: z.array(z.string()),
  /**
   * Setup left to do, not faults (no account id yet; no webhook subscription and no webhook received yet):
   * shown as next steps with a link to Settings → WhatsApp, never as alarms.
   */
  steps: z.array(z.string()),
  simulator: z.boolean(),
});
export type WhatsAppStatusView = z.infer<typeof whatsappStatusView>;

const credentialState = z.object({
  /** env: set on the server (locked); app: entered here (stored encrypted); default: the simulator's. */
  source: z.enum(["env", "app", "default"]),
  set: z.boolean(),
});

export const connectionView = z.object({
  accessToken: credentialState,
  appSecret: credentialState,
  verifyToken: credentialState.extend({ value: z.string() }),
  businessAccountId: credentialState.extend({ value: z.string() }),
  presalesPhoneNumberId: z.string(),
  premiumPhoneNumberId: z.string(),
  /** Paste into Meta's dashboard (App → WhatsApp → Configuration) with the verify token. */
  callbackUrl: z.string(),
  webhookSubscribedAt: z.string().nullable(),
  lastWebhookAt: z.string().nullable(),
  simulator: z.boolean(),
});
export type ConnectionView = z.infer<typeof connectionView>;

const secretInput = z.string().max(1000).optional();
export const connectionBody = z.object({
  /** Absent keeps the stored value; "" removes it. */
  accessToken: secretInput,
  appSecret: secretInput,
  verifyToken: secretInput,
  businessAccountId: z.string().max(40).optional(),
  presalesPhoneNumberId: z.string().max(40).optional(),
  premiumPhoneNumberId: z.string().max(40).optional(),
});

export const templateStatusSchema = z.string();

export const templateView = z.object({
  name: z.string(),
  language: z.string(),
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED… as Meta says. */
  status: templateStatusSchema,
  category: z.string(),
  components: z.array(z.unknown()),
  rejectedReason: z.string().nullable(),
  /** The body with {{n}} variables, for previews. */
  body: z.string(),
  variableCount: z.number(),
  /** One of beedesk's own (starter) templates. */
  starter: z.boolean(),
  updatedAt: z.string(),
});
export type TemplateView = z.infer<typeof templateView>;
export const templateListView = z.object({ data: z.array(templateView) });

export const templateNameSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-z0-9_]+$/, { message: "use lowercase letters, digits and underscores" });
export const templateLanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(?:_[A-Za-z0-9]{2,4})?$/, { message: 'a language code such as "es" or "en_US"' });

export const createTemplateBody = z.object({
  name: templateNameSchema,
  language: templateLanguageSchema,
  category: z.enum(["UTILITY", "MARKETING"]).default("UTILITY"),
  /** The body text, with {{1}}, {{2}}… variables. */
  body: z.string().min(1).max(1024),
  /** One example value per variable (Meta reviews with them). */
  examples: z.array(z.string().min(1).max(200)).max(20).default([]),
  footer: z.string().max(60).optional(),
});
export type CreateTemplateInput = z.infer<typeof createTemplateBody>;

export const starterSubmitView = z.object({
  data: z.array(templateView),
  /** Starter templates that could not be submitted, with WhatsApp's reason. */
  errors: z.array(z.object({ name: z.string(), language: z.string(), message: z.string() })),
});

export const templateSendSchema = z.object({
  name: templateNameSchema,
  language: templateLanguageSchema,
  parameters: z.array(z.string().max(1000)).max(20).default([]),
});
export type TemplateSend = z.infer<typeof templateSendSchema>;

export const connectionTestView = whatsappStatusView;

export const subscribeView = z.object({ subscribed: z.boolean(), businessAccountId: z.string() });
