import { z } from "zod";
import { isTimeZone, webUrl } from "../platform/web-url.js";
import { POLICY_TEXT_KEYS } from "../policy/policy-text-keys.js";
import { PROFILE_VERTICALS } from "./profile-verticals.js";

export const LANGUAGES = ["es", "en"] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const SERVICE_TYPES = ["consultation", "technical_support", "urgent_critical"] as const;
export const serviceTypeSchema = z.enum(SERVICE_TYPES);
export type ServiceType = z.infer<typeof serviceTypeSchema>;

/** "HH:MM" on a 24-hour clock. */
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time from 00:00 to 23:59" });

/** The payment link as it would be sent, for checking its scheme. */
const fillPaymentSample = (template: string) =>
  template
    .trim()
    .replace(/\{amount\}/g, "10.00")
    .replace(/\{currency\}/g, "USD")
    .replace(/\{invoice\}/g, "INV-2026-0001");

/** An ISO 4217 currency code, such as USD or EUR. */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: "must be an ISO 4217 code such as USD" });

const hourlyRates = z.object({
  consultation: z.number().int().min(0),
  technical_support: z.number().int().min(0),
  urgent_critical: z.number().int().min(0),
});

const localized = z.object({ es: z.string().max(2000), en: z.string().max(2000) });

/** Each top-level key is one row in the settings table; values are validated on read and write. */
export const settingsSchema = z.object({
  vendor: z.object({
    // Business name customers see.
    name: z.string().min(1).max(80),
    // The owner who answers the premium line.
    ownerName: z.string().min(1).max(80),
    // Years of experience quoted on the policy page.
    experienceYears: z.number().int().min(0).max(80),
    // Platform the extensions are for (OpenCart first).
    platform: z.string().min(1).max(40),
    website: webUrl().or(z.literal("")),
    // Where a customer renews support.
    renewalUrl: webUrl().or(z.literal("")),
    supportEmail: z.email().or(z.literal("")),
    // IANA time zone of the business: decides "today" for support dates and business hours.
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .refine(isTimeZone, { message: "must be an IANA time zone such as Europe/Madrid" }),
    defaultLanguage: languageSchema,
    // The seller on invoices, as a tax office wants them; empty = the business name alone.
    legalName: z.string().max(120),
    address: z.string().max(300),
    taxId: z.string().max(40),
  }),
  channels: z.object({
    presales: z.object({ phoneNumberId: z.string().min(1), displayNumber: z.string().min(5) }),
    premium: z.object({ phoneNumberId: z.string().min(1), displayNumber: z.string().min(5) }),
    // The policy keeps the premium number off the web; the owner may publish it.
    publishPremiumNumber: z.boolean(),
    // Presales profile "about" text (WhatsApp limit 139 characters).
    presalesAbout: z.string().min(1).max(139),
    // Messages per second per number, as allowed by Meta (80 by default).
    throughputPerSecond: z.number().int().min(1).max(1000),
    // The rest of the WhatsApp business profile, pushed to both numbers (empty fields are left as they are).
    profile: z.object({
      description: z.string().trim().max(512),
      address: z.string().trim().max(256),
      email: z.union([z.literal(""), z.email().max(128)]),
      websites: z.array(webUrl(256)).max(2),
      vertical: z.enum(["", ...PROFILE_VERTICALS]),
    }),
  }),
  rates: z.object({
    // The default rate card: its currency (ISO 4217) and hourly rates in minor units.
    currency: currencyCode,
    hourly: hourlyRates,
    // Rate cards in other currencies (EUR, INR…); a quote names the card it uses. No exchange rates.
    cards: z
      .array(z.object({ currency: currencyCode, hourly: hourlyRates }))
      .max(20)
      .refine((cards) => new Set(cards.map((c) => c.currency)).size === cards.length, {
        message: "must not repeat a currency",
      }),
    // Fixed-price services beside the hourly ones (e.g. updating an extension out of support).
    fixed: z
      .array(
        z.object({ id: z.string().min(1).max(40), name: localized, priceCents: z.number().int().min(0) }),
      )
      .max(20),
    incrementMinutes: z.number().int().min(1).max(240),
    minimumMinutes: z.number().int().min(0).max(480),
    // Payment link with {amount}, {currency} and {invoice} placeholders.
    paymentUrlTemplate: z
      .string()
      .max(500)
      .refine((v) => v.trim() === "" || webUrl(2000).safeParse(fillPaymentSample(v)).success, {
        message: "must be an http:// or https:// link once {amount}, {currency} and {invoice} are filled in",
      }),
  }),
  presales: z.object({
    autoReplyCooldownHours: z
      .number()
      .min(0)
      .max(24 * 30),
    // Opening hours in the vendor's time zone, for expected reply times.
    businessHours: z.object({
      days: z
        .array(z.number().int().min(0).max(6))
        .max(7)
        .refine((days) => new Set(days).size === days.length, { message: "must not repeat a day" }),
      open: clockTime,
      close: clockTime,
    }),
    // Pre-sales questions answered from the product catalogue, per kind (off: the answer waits for an agent
    // as a suggestion). PHP versions and OCMOD/vQmod/multistore count as compatibility.
    catalogue: z
      .object({ compatibility: z.boolean(), price: z.boolean(), link: z.boolean(), qa: z.boolean() })
      .default({ compatibility: true, price: true, link: true, qa: true }),
  }),
  tickets: z.object({
    firstResponseHours: z
      .number()
      .min(1)
      .max(24 * 14),
    autoCloseDays: z.number().int().min(1).max(90),
    refundWindowDays: z.number().int().min(0).max(365),
    licensePrefix: z.string().regex(/^[A-Z0-9]{1,6}$/),
  }),
  premium: z.object({
    // Agents (user ids) the owner lets see and answer premium conversations.
    openToAgentIds: z.array(z.string()),
    // Days the customer has to review closed work before it counts as approved and may be invoiced.
    reviewDays: z.number().int().min(1).max(30),
    // What happens to prepaid money the work did not use, when the invoice is issued: "refund" issues a credit
    // note for it at once (by card where it was paid by card); "keep" makes it the customer's credit, which
    // their next agreement in that currency draws first (billing/credits.service.ts); a later credit note on
    // that invoice gives it back instead.
    unusedPrepaid: z.enum(["refund", "keep"]).default("keep"),
  }),
  // The owner's exchange rates for reports in one currency (never fetched from the internet): each rate is how
  // many units of the reporting currency one unit of the other currency was worth on `asOf`.
  exchange: z.object({
    currency: currencyCode,
    // The day the owner took the rates (YYYY-MM-DD); "" before any.
    asOf: z.union([
      z.literal(""),
      z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date in YYYY-MM-DD form"),
    ]),
    rates: z
      .array(
        z.object({
          currency: currencyCode,
          // A decimal such as "0.92" or "0.0108": up to 9 whole digits and 8 decimals, more than zero.
          rate: z
            .string()
            .regex(/^\d{1,9}(\.\d{1,8})?$/, "must be a number such as 0.92")
            .refine((r) => /[1-9]/.test(r), "must be more than zero"),
        }),
      )
      .max(20)
      .refine((rates) => new Set(rates.map((r) => r.currency)).size === rates.length, {
        message: "must not repeat a currency",
      }),
  }),
  backups: z.object({
    // Scheduled backups, run once a day by the worker; off until the owner turns them on.
    enabled: z.boolean(),
    // When, in the vendor's time zone (HH:MM).
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    // Folder for the archives (absolute); empty = "beedesk-backups" beside the data folder.
    folder: z
      .string()
      .max(500)
      .refine((f) => f === "" || f.startsWith("/"), "must be an absolute path"),
    // Archives kept; older ones are deleted after each successful backup.
    keep: z.number().int().min(1).max(365),
  }),
  retention: z.object({
    // Media and attachments of closed conversations and tickets are deleted this many days after the
    // conversation's last message / the ticket's closing; 0 = kept.
    mediaDays: z.number().int().min(0).max(3650),
    // Closed conversations quiet for this many months are anonymised (texts, media, notes; the contact's
    // identity once nothing of theirs is left); 0 = kept.
    anonymiseMonths: z.number().int().min(0).max(120),
  }),
  texts: z.object({
    // The owner's wording of the automatic WhatsApp replies, per text and language; absent = built-in text.
    // Limits after filling in the placeholders are checked by the policy before saving (policy.routes.ts).
    overrides: z.partialRecord(
      z.enum(POLICY_TEXT_KEYS),
      z.object({ es: z.string().max(1024).optional(), en: z.string().max(1024).optional() }),
    ),
  }),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsKey = keyof Settings;
export const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[];
