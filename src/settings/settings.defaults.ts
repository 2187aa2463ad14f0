import type { Config } from "../platform/config.js";
import type { Settings } from "./settings.schema.js";

/** Defaults from the reference policy (HuntBee): 15/20/30 USD per hour, 15-minute increment, 24 h cooldown. */
export function defaultSettings(config: Config): Settings {
  const premium = config.whatsapp.premium.displayNumber;
  return {
    vendor: {
      name: "HuntBee",
      ownerName: "Priyabrata Ghorai",
      experienceYears: 10,
      platform: "OpenCart",
      website: "https://www.huntbee.com",
      renewalUrl: "https://www.huntbee.com/renew",
      supportEmail: "",
      timeZone: "Asia/Kolkata",
      defaultLanguage: "en",
      legalName: "",
      address: "",
      taxId: "",
    },
    channels: {
      presales: { ...config.whatsapp.presales },
      premium: { ...config.whatsapp.premium },
      publishPremiumNumber: false,
      presalesAbout:
        `Pre-sales questions only. Premium OpenCart support (paid): ${premium}. Free tickets with an active license.`.slice(
          0,
          139,
        ),
      throughputPerSecond: 80,
      profile: { description: "", address: "", email: "", websites: [], vertical: "" },
    },
    rates: {
      currency: "USD",
      hourly: { consultation: 1500, technical_support: 2000, urgent_critical: 3000 },
      cards: [],
      fixed: [
        {
          id: "extension_update",
          name: {
            en: "Extension update (support expired)",
            es: "Actualización de extensión (soporte vencido)",
          },
          priceCents: 2000,
        },
      ],
      incrementMinutes: 15,
      minimumMinutes: 0,
      paymentUrlTemplate: "https://www.paypal.me/huntbee/{amount}{currency}",
    },
    presales: {
      autoReplyCooldownHours: 24,
      businessHours: { days: [1, 2, 3, 4, 5], open: "10:00", close: "19:00" },
      catalogue: { compatibility: true, price: true, link: true, qa: true },
    },
    tickets: { firstResponseHours: 24, autoCloseDays: 7, refundWindowDays: 15, licensePrefix: "HB" },
    premium: { openToAgentIds: [], reviewDays: 3, unusedPrepaid: "keep" },
    exchange: { currency: "USD", asOf: "", rates: [] },
    backups: { enabled: false, time: "03:30", folder: "", keep: 7 },
    // Off until the owner sets a period: deleting data is their decision.
    retention: { mediaDays: 0, anonymiseMonths: 0 },
    texts: { overrides: {} },
  };
}
