import { z } from "zod";
import { webUrl } from "../platform/web-url.js";
import { currencyCode } from "../settings/settings.schema.js";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date in YYYY-MM-DD form");
const language = z.enum(["es", "en"]);
const phone = z.string().trim().min(5).max(40);

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};

export const customerListQuery = z.object({ q: z.string().max(200).optional(), ...pageQuery });

export const createCustomerBody = z.object({
  email: z.string().trim().min(3).max(254),
  name: z.string().trim().min(1).max(120),
  language: language.optional(),
  notes: z.string().max(10_000).optional(),
  phones: z.array(phone).max(10).optional(),
  currency: currencyCode.nullable().optional(),
});

export const updateCustomerBody = z
  .object({
    email: z.string().trim().min(3).max(254),
    name: z.string().trim().min(1).max(120),
    language,
    notes: z.string().max(10_000),
    phones: z.array(phone).max(10),
    // One of the owner's rate cards; null: by the phone's country, else the default card.
    currency: currencyCode.nullable(),
  })
  .partial();

const version = z
  .string()
  .trim()
  .regex(/^\d+(\.(\d+|x)){0,3}$/, "must be a version such as 4.0.2.3, 4.0 or 8.1");
const qaPair = z.object({
  question: z.string().trim().min(3).max(300),
  answer: z.string().trim().min(1).max(1000),
  language,
});

/** A product's facts; none has a default here, so a PATCH changes only what it names. */
const productFacts = {
  name: z.string().trim().min(1).max(120),
  platformVersions: z.array(z.string().trim().min(1).max(20)).max(30),
  supportMonths: z.number().int().min(0).max(240),
  storeUrl: webUrl().or(z.literal("")),
  demoUrl: webUrl().or(z.literal("")),
  /** The list price in minor units (null: not stated, so price questions wait for a person). */
  priceCents: z.number().int().min(0).max(100_000_000).nullable(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD")
    .transform((c) => c.toUpperCase()),
  aliases: z.array(z.string().trim().min(2).max(80)).max(30),
  phpVersions: z.array(version).max(20),
  flavours: z.array(z.enum(["ocmod", "vqmod", "multistore"])).max(3),
  qa: z.array(qaPair).max(40),
};

export const createProductBody = z
  .object({
    sku: z.string().trim().min(1).max(40),
    ...productFacts,
  })
  .partial()
  .required({ sku: true, name: true });

export const updateProductBody = z.object(productFacts).partial();

export const licenseListQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(["active", "revoked", "refunded"]).optional(),
  support: z.enum(["active", "expired"]).optional(),
  productId: z.string().max(64).optional(),
  ...pageQuery,
});

export const keyParams = z.object({ key: z.string().min(1).max(64) });
export const domainParams = z.object({ key: z.string().min(1).max(64), domain: z.string().min(1).max(300) });

export const purchaseBody = z.object({
  email: z.string().trim().min(3).max(254),
  name: z.string().trim().max(120).optional(),
  phone: phone.optional(),
  language: language.optional(),
  productSku: z.string().trim().min(1).max(40),
  orderRef: z.string().trim().min(1).max(100),
  purchaseDate: date.optional(),
  supportMonths: z.number().int().min(0).max(240).optional(),
  supportUntil: date.optional(),
  key: z.string().trim().min(1).max(64).optional(),
  source: z.string().trim().min(1).max(40).optional(),
});

export const createLicenseBody = z.object({
  customerId: z.string().min(1).max(64),
  productId: z.string().min(1).max(64),
  orderRef: z.string().trim().max(100).optional(),
  purchaseDate: date.optional(),
  supportMonths: z.number().int().min(0).max(240).optional(),
  supportUntil: date.optional(),
  key: z.string().trim().min(1).max(64).optional(),
});

export const renewBody = z.union([
  z.object({
    months: z.number().int().min(1).max(120),
    orderRef: z.string().trim().min(1).max(100).optional(),
  }),
  z.object({ supportUntil: date, orderRef: z.string().trim().min(1).max(100).optional() }),
]);

export const reasonBody = z
  .object({ reason: z.string().trim().max(500).default("") })
  .default({ reason: "" });

export const domainBody = z.object({ domain: z.string().trim().min(1).max(300) });

export const verifyBody = z.object({
  key: z.string().max(100),
  domain: z.string().max(300),
});

export const verifyView = z.object({
  valid: z.boolean(),
  supportActive: z.boolean(),
  supportUntil: z.string().nullable(),
});

export const customerView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  language: z.string(),
  notes: z.string(),
  currency: z.string().nullable(),
  phones: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A saved customer, with the WhatsApp contacts this save linked by phone (for an undo). */
export const customerSavedView = customerView.extend({
  linkedContacts: z.array(z.object({ id: z.string(), waId: z.string(), name: z.string().nullable() })),
});

export const customerListItemView = customerView.extend({
  licenseCount: z.number(),
  activeLicenseCount: z.number(),
});

export const productView = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  platformVersions: z.array(z.string()),
  supportMonths: z.number(),
  storeUrl: z.string(),
  demoUrl: z.string(),
  priceCents: z.number().nullable(),
  currency: z.string(),
  aliases: z.array(z.string()),
  phpVersions: z.array(z.string()),
  flavours: z.array(z.enum(["ocmod", "vqmod", "multistore"])),
  qa: z.array(z.object({ question: z.string(), answer: z.string(), language: z.enum(["es", "en"]) })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const supportView = z.object({
  active: z.boolean(),
  reason: z.enum(["active", "expired", "revoked", "refunded"]),
  supportUntil: z.string(),
  daysLeft: z.number(),
});

export const licenseView = z.object({
  id: z.string(),
  key: z.string(),
  customerId: z.string(),
  productId: z.string(),
  productSku: z.string(),
  productName: z.string(),
  orderRef: z.string().nullable(),
  source: z.string(),
  purchaseDate: z.string(),
  supportUntil: z.string(),
  status: z.enum(["active", "revoked", "refunded"]),
  domains: z.array(z.string()),
  support: supportView,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const licenseListItemView = licenseView.extend({
  customerName: z.string(),
  customerEmail: z.string(),
});

export const auditView = z.object({
  id: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const customerDetailView = customerView.extend({ licenses: z.array(licenseView) });

export const licenseDetailView = licenseView.extend({
  customer: customerView,
  audit: z.array(auditView),
  refundWindowLastDay: z.string(),
});

const importRowView = z.object({
  line: z.number(),
  outcome: z.enum(["create", "update", "unchanged", "rejected"]),
  reason: z.string().optional(),
  email: z.string().optional(),
  product: z.string().optional(),
  key: z.string().optional(),
  changes: z.array(z.string()).optional(),
});

/** A CSV import (dry run or real) with its progress and a page of its per-row report. */
export const importJobView = z.object({
  id: z.string(),
  dryRun: z.boolean(),
  status: z.enum(["running", "done", "failed"]),
  phase: z.enum(["checking", "importing", "done"]),
  processed: z.number(),
  total: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  fileError: z.string().nullable(),
  delimiter: z.string().nullable(),
  ignoredColumns: z.array(z.string()),
  summary: z
    .object({
      total: z.number(),
      create: z.number(),
      update: z.number(),
      unchanged: z.number(),
      rejected: z.number(),
    })
    .nullable(),
  rows: z.array(importRowView),
  /** Rows matching the outcome filter (for paging the report). */
  rowsTotal: z.number(),
});

export const customerListView = z.object({ data: z.array(customerListItemView), total: z.number() });
export const licenseListView = z.object({ data: z.array(licenseListItemView), total: z.number() });
export const productListView = z.object({ data: z.array(productView) });
