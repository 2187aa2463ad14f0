import { z } from "zod";

const TICKET_STATUSES = ["open", "pending_customer", "resolved", "closed"] as const;
export const TICKET_CATEGORIES = ["installation", "configuration", "product_problem", "other"] as const;

const ticketStatusSchema = z.enum(TICKET_STATUSES);
const ticketCategorySchema = z.enum(TICKET_CATEGORIES);

const optionalText = (max: number) => z.string().trim().max(max).default("");

/** What a customer (portal) or an agent (desk) fills in for a new ticket. */
export const ticketFieldsSchema = z.object({
  licenseId: z.string().trim().min(1, "choose a license").max(64),
  category: ticketCategorySchema,
  subject: z.string().trim().min(3, "must be at least 3 characters").max(200),
  description: z.string().trim().min(10, "must be at least 10 characters").max(20_000),
  storeUrl: optionalText(300).refine((v) => v === "" || /^https?:\/\/\S+$/i.test(v), {
    message: "must be an http:// or https:// address",
  }),
  opencartVersion: optionalText(20),
  phpVersion: optionalText(20),
});
export type TicketFields = z.infer<typeof ticketFieldsSchema>;

/** Store access a customer may give; all optional, sealed together. */
export const credentialsSchema = z.object({
  adminUrl: optionalText(300),
  adminUser: optionalText(200),
  adminPassword: z.string().max(200).default(""),
  ftp: optionalText(2000),
});
export type TicketCredentials = z.infer<typeof credentialsSchema>;

export function hasCredentials(c: TicketCredentials | undefined): c is TicketCredentials {
  return !!c && Object.values(c).some((v) => v.trim() !== "");
}

export const replyTextSchema = z.string().trim().min(1, "must not be empty").max(20_000);

export const deskCreateBody = ticketFieldsSchema.extend({
  customerId: z.string().trim().min(1).max(64),
  language: z.enum(["es", "en"]).optional(),
  courtesyReason: z.string().trim().min(3).max(500).optional(),
  fromConversationId: z.string().trim().min(1).max(64).optional(),
  credentials: credentialsSchema.optional(),
});

export const ticketListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter(Boolean) : undefined))
    .pipe(z.array(ticketStatusSchema).optional()),
  productId: z.string().max(64).optional(),
  assignee: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  overdue: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1"),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const replyBody = z.object({ text: replyTextSchema, internal: z.boolean().default(false) });
export const statusBody = z.object({ status: ticketStatusSchema });
export const assignBody = z.object({ assigneeId: z.string().min(1).max(64).nullable() });

const party = z.object({ id: z.string(), name: z.string() });

export const ticketListItemView = z.object({
  id: z.string(),
  number: z.number(),
  subject: z.string(),
  category: ticketCategorySchema,
  status: ticketStatusSchema,
  customer: party.extend({ email: z.string() }),
  product: party,
  assignee: party.nullable(),
  courtesy: z.boolean(),
  firstResponseDueAt: z.string(),
  firstResponseAt: z.string().nullable(),
  overdue: z.boolean(),
  lastActivityAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const supportStateView = z.object({
  active: z.boolean(),
  reason: z.enum(["active", "expired", "revoked", "refunded"]),
  supportUntil: z.string(),
  daysLeft: z.number(),
});

export const messageView = z.object({
  id: z.string(),
  author: z.object({ type: z.enum(["customer", "user"]), id: z.string(), name: z.string() }),
  body: z.string(),
  internal: z.boolean(),
  source: z.enum(["portal", "desk", "whatsapp", "mail"]),
  createdAt: z.string(),
});

export const attachmentView = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  uploadedBy: z.enum(["customer", "user"]),
  createdAt: z.string(),
  url: z.string(),
});

export const ticketDetailView = z.object({
  id: z.string(),
  number: z.number(),
  subject: z.string(),
  description: z.string(),
  category: ticketCategorySchema,
  status: ticketStatusSchema,
  language: z.enum(["es", "en"]),
  storeUrl: z.string(),
  opencartVersion: z.string(),
  phpVersion: z.string(),
  source: z.enum(["portal", "desk", "whatsapp", "mail"]),
  conversationId: z.string().nullable(),
  customer: z.object({ id: z.string(), name: z.string(), email: z.string(), language: z.string() }),
  license: z.object({
    id: z.string(),
    key: z.string(),
    productId: z.string(),
    productName: z.string(),
    status: z.enum(["active", "revoked", "refunded"]),
    purchaseDate: z.string(),
    supportUntil: z.string(),
  }),
  support: supportStateView,
  assignee: party.nullable(),
  courtesy: z.object({ reason: z.string(), by: party.nullable() }).nullable(),
  credentials: z.object({ present: z.boolean(), erasedAt: z.string().nullable() }),
  firstResponseDueAt: z.string(),
  firstResponseAt: z.string().nullable(),
  overdue: z.boolean(),
  lastActivityAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.array(messageView),
  attachments: z.array(attachmentView),
});

export const credentialsView = credentialsSchema.required();

export const ticketListView = z.object({
  data: z.array(ticketListItemView),
  total: z.number(),
  /** Deprecated alias of `data`, kept for this release for clients of the first API; read `data`. */
  items: z.array(ticketListItemView).meta({ deprecated: true }),
});

/** GET /api/v1/tickets/customer-lookup: the customer an agent opens a ticket for, with license choices. */
export const customerLookupView = z.object({
  customer: z.object({ id: z.string(), name: z.string(), email: z.string(), language: z.string() }),
  licenses: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      productName: z.string(),
      status: z.enum(["active", "revoked", "refunded"]),
      purchaseDate: z.string(),
      supportUntil: z.string(),
      support: supportStateView,
    }),
  ),
});

export type TicketDetailView = z.infer<typeof ticketDetailView>;
export type TicketMessageView = z.infer<typeof messageView>;
export type TicketAttachmentView = z.infer<typeof attachmentView>;
export type CustomerLookupView = z.infer<typeof customerLookupView>;
