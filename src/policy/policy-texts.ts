/**
 * The automatic replies as WhatsApp content: each reply is a template from the `policy` i18n namespace
 * (or the owner's rewording in settings.texts), filled from the live settings and checked against the
 * Cloud API limits with the same builders that send it. An owner's text that no longer fits once filled
 * (say the vendor name grew) falls back to the built-in text rather than failing to send.
 */
import { formatMoney } from "../billing/money.js";
import { catalogs, interpolate } from "../platform/i18n/i18n.js";
import {
  LANGUAGES,
  type Language,
  SERVICE_TYPES,
  type ServiceType,
  type Settings,
} from "../settings/settings.schema.js";
import {
  buttonsMessage,
  clickToChatLink,
  type ListSection,
  listMessage,
  textMessage,
  WhatsAppLimitError,
} from "../whatsapp/outbound.js";
import { POLICY_TEXT_KEYS, type PolicyTextKey } from "./policy-text-keys.js";

/** Reply-button and list-row ids the policy sends and later recognises in the customer's tap. */
export const REPLY_IDS = {
  presales: "route:presales",
  purchase: "route:purchase",
  premium: "route:premium",
} as const;
export const SERVICE_ROW_PREFIX = "service:";

export type LicenseSupport = "active" | "expired" | "revoked" | "refunded";

export interface LicenseLine {
  product: string;
  /** YYYY-MM-DD, last day of support. */
  supportUntil: string;
  support: LicenseSupport;
}

/** What to say, before it is put into words. */
export type PolicyReply =
  /** `asked`: the customer's message already asks something, so the greeting does not ask how to help. */
  | { kind: "greeting"; asked?: boolean }
  /** `inDays`: when the next opening falls in the customer's days (0 today, 1 tomorrow, more: its weekday). */
  | { kind: "presalesAck"; open: boolean; nextOpen?: { weekday: number; time: string; inDays: number } }
  | { kind: "redirect"; customer?: { name: string; licenses: LicenseLine[] } }
  | { kind: "premiumInfo" }
  | { kind: "rateCard" }
  | { kind: "serviceRequested"; serviceType: ServiceType }
  | { kind: "portalLink" }
  /** A catalogue answer, composed from the product's facts (policy/catalogue/answer.ts). */
  | { kind: "catalogue"; text: string };

/** Content in the shape the channel's queueOutbound takes. */
export type ReplyContent =
  | { kind: "text"; text: string }
  | { kind: "buttons"; body: string; buttons: { id: string; title: string }[] }
  | { kind: "list"; body: string; button: string; sections: ListSection[] };

export type TextOverrides = Settings["texts"]["overrides"];

export interface TextEnv {
  settings: Settings;
  language: Language;
  publicUrl: string;
}

/** Interactive bodies are kept within 1024 characters, the strictest of WhatsApp's interactive types. */
const INTERACTIVE_BODY_MAX = 1024;

/** Placeholders each text may use (shown in the editor; anything else is refused on save). */
const COMMON = [
  "vendor",
  "owner",
  "platform",
  "officialNumber",
  "premiumNumber",
  "premiumLink",
  "portalUrl",
  "renewalUrl",
  "rates",
  "increment",
] as const;
export const PLACEHOLDERS: Record<PolicyTextKey, readonly string[]> = {
  greeting: COMMON,
  buttonPresales: [],
  buttonPurchase: [],
  buttonPremium: [],
  ackOpen: COMMON,
  ackClosed: [...COMMON, "nextOpen"],
  redirect: COMMON,
  redirectPersonal: [...COMMON, "name", "licenses"],
  licenseActive: [...COMMON, "product", "date"],
  licenseExpired: [...COMMON, "product", "date"],
  licenseInactive: [...COMMON, "product", "date"],
  premiumInfo: COMMON,
  rateCard: COMMON,
  rateCardButton: [],
  serviceRequested: [...COMMON, "service", "amount"],
  portalLink: COMMON,
};

/** The built-in template of a text. */
function defaultText(key: PolicyTextKey, language: Language): string {
  return catalogs[language].policy.replies[key];
}

function template(key: PolicyTextKey, language: Language, overrides: TextOverrides): string {
  const own = overrides[key]?.[language];
  return own !== undefined && own.trim() !== "" ? own : defaultText(key, language);
}

// Formatters are costly to build and cheap to use: one per language, built on first use.
const weekdayFormats = new Map<Language, Intl.DateTimeFormat>();
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

function formatterFor(
  cache: Map<Language, Intl.DateTimeFormat>,
  language: Language,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let format = cache.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" });
    cache.set(language, format);
  }
  return format;
}

/** 0 = Sunday … 6 = Saturday, as the business hours number them: "Monday" / "lunes". */
export function weekdayName(weekday: number, language: Language): string {
  // 2024-01-07 was a Sunday.
  const date = new Date(Date.UTC(2024, 0, 7 + weekday));
  return formatterFor(weekdayFormats, language, { weekday: "long" }).format(date);
}

const zoneNames = new Map<string, string>();

/**
 * A time zone as people say it ("India Standard Time", "hora de Europa central"), not its IANA id; the city
 * of the id when the runtime knows no name for it (it would only say "GMT+5:30").
 */
export function timeZoneWords(timeZone: string, language: Language): string {
  const key = `${language}|${timeZone}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: "longGeneric" })
        .formatToParts(new Date(Date.UTC(2026, 0, 15)))
        .find((p) => p.type === "timeZoneName")?.value;
    } catch {
      name = undefined;
    }
    if (!name || /^(GMT|UTC)[+-−]/.test(name))
      name = timeZone.split("/").pop()?.replace(/_/g, " ") ?? timeZone;
    zoneNames.set(key, name);
  }
  return name;
}

/** "2027-03-01" → "March 1, 2027" / "1 de marzo de 2027" (the calendar date itself, no time zone shift). */
export function formatDate(date: string, language: Language): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return formatterFor(dateFormats, language, { dateStyle: "long" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Values every text can use, from the settings (also the variables of canned replies). */
export function commonParams(env: TextEnv): Record<(typeof COMMON)[number], string> {
  const { settings: s, language } = env;
  const parts = catalogs[language].policy.parts;
  const services = catalogs[language].common.serviceTypes;
  const portalUrl = `${env.publicUrl}/support?lang=${language}`;
  return {
    vendor: s.vendor.name,
    owner: s.vendor.ownerName,
    platform: s.vendor.platform,
    officialNumber: s.channels.presales.displayNumber,
    premiumNumber: s.channels.premium.displayNumber,
    premiumLink: clickToChatLink(s.channels.premium.displayNumber),
    portalUrl,
    renewalUrl: s.vendor.renewalUrl || s.vendor.website || portalUrl,
    rates: SERVICE_TYPES.map((t) =>
      interpolate(parts.rateLine, {
        service: services[t],
        amount: formatMoney(s.rates.hourly[t], s.rates.currency, language),
      }),
    ).join("\n"),
    increment: String(s.rates.incrementMinutes),
  };
}

function filled(
  key: PolicyTextKey,
  env: TextEnv,
  overrides: TextOverrides,
  extra: Record<string, string> = {},
): string {
  return interpolate(template(key, env.language, overrides), { ...commonParams(env), ...extra }).trim();
}

function build(reply: PolicyReply, env: TextEnv, overrides: TextOverrides): ReplyContent {
  const { language, settings } = env;
  const parts = catalogs[language].policy.parts;
  const services = catalogs[language].common.serviceTypes;
  const text = (key: PolicyTextKey, extra?: Record<string, string>) => filled(key, env, overrides, extra);
  switch (reply.kind) {
    case "greeting":
      return {
        kind: "buttons",
        // The built-in greeting ends by asking how to help, unless the customer already asked; an owner's
        // own greeting is sent as written.
        body:
          reply.asked || overrides.greeting?.[language]?.trim()
            ? text("greeting")
            : `${text("greeting")}\n\n${parts.askHow}`,
        buttons: [
          { id: REPLY_IDS.presales, title: text("buttonPresales") },
          { id: REPLY_IDS.purchase, title: text("buttonPurchase") },
          { id: REPLY_IDS.premium, title: text("buttonPremium") },
        ],
      };
    case "presalesAck": {
      if (reply.open || !reply.nextOpen) return { kind: "text", text: text("ackOpen") };
      const { inDays, weekday, time } = reply.nextOpen;
      const when =
        inDays <= 0
          ? parts.today
          : inDays === 1
            ? parts.tomorrow
            : interpolate(parts.onDay, { day: weekdayName(weekday, language) });
      const nextOpen = interpolate(parts.nextOpen, {
        when,
        time,
        timeZone: timeZoneWords(settings.vendor.timeZone, language),
      });
      return { kind: "text", text: text("ackClosed", { nextOpen }) };
    }
    case "redirect": {
      const customer = reply.customer;
      if (!customer || customer.licenses.length === 0) return { kind: "text", text: text("redirect") };
      const lines = customer.licenses.map((l) => {
        const key: PolicyTextKey =
          l.support === "active"
            ? "licenseActive"
            : l.support === "expired"
              ? "licenseExpired"
              : "licenseInactive";
        return text(key, { product: l.product, date: formatDate(l.supportUntil, language) });
      });
      const name = customer.name.trim().split(/\s+/)[0] || parts.customer;
      return { kind: "text", text: text("redirectPersonal", { name, licenses: lines.join("\n") }) };
    }
    case "premiumInfo":
      return { kind: "text", text: text("premiumInfo") };
    case "portalLink":
      return { kind: "text", text: text("portalLink") };
    case "catalogue":
      return { kind: "text", text: reply.text };
    case "rateCard":
      return {
        kind: "list",
        body: text("rateCard"),
        button: text("rateCardButton"),
        sections: [
          {
            rows: SERVICE_TYPES.map((t) => ({
              id: `${SERVICE_ROW_PREFIX}${t}`,
              title: services[t],
              description: interpolate(parts.rateRow, {
                amount: formatMoney(settings.rates.hourly[t], settings.rates.currency, language),
              }),
            })),
          },
        ],
      };
    case "serviceRequested":
      return {
        kind: "text",
        text: text("serviceRequested", {
          service: services[reply.serviceType].toLowerCase(),
          amount: formatMoney(settings.rates.hourly[reply.serviceType], settings.rates.currency, language),
        }),
      };
  }
}

/** Throws WhatsAppLimitError when the content breaks a Cloud API limit. */
function checkContent(content: ReplyContent): void {
  const to = "10000000000";
  switch (content.kind) {
    case "text":
      textMessage(to, content.text);
      return;
    case "buttons":
      buttonsMessage(to, { body: content.body, buttons: content.buttons });
      return;
    case "list":
      if (Array.from(content.body).length > INTERACTIVE_BODY_MAX) {
        throw new WhatsAppLimitError(
          `list message body must be at most ${INTERACTIVE_BODY_MAX} characters (got ${Array.from(content.body).length})`,
        );
      }
      listMessage(to, { body: content.body, button: content.button, sections: content.sections });
  }
}

/** The reply in words: the owner's texts when they fit WhatsApp's limits, the built-in ones otherwise. */
export function renderReply(reply: PolicyReply, env: TextEnv): ReplyContent {
  const overrides = env.settings.texts.overrides;
  if (Object.keys(overrides).length > 0) {
    try {
      const content = build(reply, env, overrides);
      checkContent(content);
      return content;
    } catch (error) {
      if (!(error instanceof WhatsAppLimitError)) throw error;
    }
  }
  return build(reply, env, {});
}

/** Every reply variant, with long sample data: what the editor previews and what a save must fit. */
function sampleReplies(): { name: string; reply: PolicyReply }[] {
  const longProduct = "Advanced Product Filter PRO with SEO URLs and Multi-Store Support";
  return [
    { name: "greeting", reply: { kind: "greeting" } },
    { name: "ackOpen", reply: { kind: "presalesAck", open: true } },
    {
      name: "ackClosed",
      reply: { kind: "presalesAck", open: false, nextOpen: { weekday: 1, time: "10:00", inDays: 5 } },
    },
    { name: "redirect", reply: { kind: "redirect" } },
    {
      name: "redirectPersonal",
      reply: {
        kind: "redirect",
        customer: {
          name: "Lucía Fernández",
          licenses: [
            { product: longProduct, supportUntil: "2027-03-01", support: "active" },
            { product: "One Page Checkout", supportUntil: "2025-06-30", support: "expired" },
            { product: "Abandoned Cart Reminder", supportUntil: "2026-01-15", support: "refunded" },
          ],
        },
      },
    },
    { name: "premiumInfo", reply: { kind: "premiumInfo" } },
    { name: "rateCard", reply: { kind: "rateCard" } },
    { name: "portalLink", reply: { kind: "portalLink" } },
    ...SERVICE_TYPES.map((serviceType) => ({
      name: `serviceRequested:${serviceType}`,
      reply: { kind: "serviceRequested", serviceType } as PolicyReply,
    })),
  ];
}

export interface TextProblem {
  key: string;
  language: Language;
  message: string;
}

/**
 * Problems with a draft of the owner's texts, judged on the filled result in both languages: WhatsApp
 * limits, and placeholders the text cannot use (a typo like {portalURL} would reach customers verbatim).
 */
export function validateTexts(
  settings: Settings,
  overrides: TextOverrides,
  publicUrl: string,
): TextProblem[] {
  const problems: TextProblem[] = [];
  for (const language of LANGUAGES) {
    for (const key of POLICY_TEXT_KEYS) {
      const own = overrides[key]?.[language];
      if (own === undefined) continue;
      const allowed = new Set(PLACEHOLDERS[key]);
      for (const [, name] of own.matchAll(/\{(\w+)\}/g)) {
        if (!allowed.has(name as string)) {
          problems.push({ key, language, message: `{${name}} is not available in this text` });
        }
      }
    }
    const env: TextEnv = { settings, language, publicUrl };
    for (const { name, reply } of sampleReplies()) {
      try {
        checkContent(build(reply, env, overrides));
      } catch (error) {
        if (!(error instanceof WhatsAppLimitError)) throw error;
        problems.push({ key: name, language, message: error.message });
      }
    }
  }
  return problems;
}

/** Every reply variant rendered from a draft, for the editor's live preview. */
export function previewTexts(
  settings: Settings,
  overrides: TextOverrides,
  publicUrl: string,
  language: Language,
): { name: string; content: ReplyContent }[] {
  const env: TextEnv = { settings, language, publicUrl };
  return sampleReplies().map(({ name, reply }) => ({ name, content: build(reply, env, overrides) }));
}
