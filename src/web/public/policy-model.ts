import { formatMoney } from "../../billing/money.js";
import { timeZoneWords, weekdayName } from "../../policy/policy-texts.js";
import type { Language, ServiceType, Settings } from "../../settings/settings.schema.js";
import { SERVICE_TYPES } from "../../settings/settings.schema.js";
import { clickToChatLink } from "../../whatsapp/outbound.js";

/** Everything the public pages show, derived from the live settings (one source for page and policy). */
export interface PolicyModel {
  vendor: string;
  owner: string;
  platform: string;
  years: number;
  officialNumber: string;
  officialChatUrl: string;
  premiumNumber: string | undefined;
  premiumChatUrl: string | undefined;
  rates: { serviceType: ServiceType; amount: string }[];
  fixed: { id: string; name: string; amount: string }[];
  incrementMinutes: number;
  minimumMinutes: number;
  refundWindowDays: number;
  portalUrl: string;
  supportEmail: string;
  /** When pre-sales questions are answered, the zone named: days as words, times as set. */
  hours: { days: string; open: string; close: string; zone: string };
}

export function policyModel(settings: Settings, lang: Language, publicUrl: string): PolicyModel {
  const { vendor, channels, rates, tickets } = settings;
  const published = channels.publishPremiumNumber;
  return {
    vendor: vendor.name,
    owner: vendor.ownerName,
    platform: vendor.platform,
    years: vendor.experienceYears,
    officialNumber: channels.presales.displayNumber,
    officialChatUrl: clickToChatLink(channels.presales.displayNumber),
    premiumNumber: published ? channels.premium.displayNumber : undefined,
    premiumChatUrl: published ? clickToChatLink(channels.premium.displayNumber) : undefined,
    rates: SERVICE_TYPES.map((serviceType) => ({
      serviceType,
      amount: formatMoney(rates.hourly[serviceType], rates.currency, lang),
    })),
    fixed: rates.fixed.map((f) => ({
      id: f.id,
      name: f.name[lang],
      amount: formatMoney(f.priceCents, rates.currency, lang),
    })),
    incrementMinutes: rates.incrementMinutes,
    minimumMinutes: rates.minimumMinutes,
    refundWindowDays: tickets.refundWindowDays,
    portalUrl: `${publicUrl}/support?lang=${lang}`,
    supportEmail: vendor.supportEmail,
    hours: {
      // Monday first, as people read a week.
      days: new Intl.ListFormat(lang, { type: "conjunction" }).format(
        [1, 2, 3, 4, 5, 6, 0]
          .filter((d) => settings.presales.businessHours.days.includes(d))
          .map((d) => weekdayName(d, lang)),
      ),
      open: settings.presales.businessHours.open,
      close: settings.presales.businessHours.close,
      zone: `${timeZoneWords(vendor.timeZone, lang)}, ${vendor.timeZone}`,
    },
  };
}
