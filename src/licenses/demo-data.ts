import { isWellFormedLicenseKey, LICENSE_KEY_ALPHABET } from "./license-key.js";

/**
 * The demo customers, products and licenses seeded on a fresh install, as constants other demos (the
 * WhatsApp simulator, the policy replies, the portal) can point at. Dates are relative to the day of
 * seeding so an "active" license stays active whenever the demo starts.
 */

/** A fixed, well-formed key: the body given, the check character computed. */
function demoKey(prefix: string, groups: string): string {
  for (const check of LICENSE_KEY_ALPHABET) {
    const key = `${prefix}-${groups}-${check}`;
    if (isWellFormedLicenseKey(key)) return key;
  }
  throw new Error(`no check character for ${groups}`);
}

export const DEMO_PRODUCTS = {
  seo: {
    sku: "HB-SEO",
    name: "Advanced SEO Suite",
    platformVersions: ["3.0", "4.0"],
    supportMonths: 12,
    storeUrl: "https://www.huntbee.com/opencart-advanced-seo-suite",
    demoUrl: "https://demo.huntbee.com/seo-suite",
    priceCents: 4900,
    currency: "USD",
    aliases: ["SEO module", "SEO suite", "módulo SEO", "URLs amigables", "SEO URLs"],
    phpVersions: ["7.4", "8.0", "8.1", "8.2"],
    flavours: ["ocmod", "multistore"],
    qa: [],
  },
  checkout: {
    sku: "HB-OPC",
    name: "One Page Checkout",
    platformVersions: ["2.3", "3.0", "4.0"],
    supportMonths: 12,
    storeUrl: "https://www.huntbee.com/opencart-one-page-checkout",
    demoUrl: "https://demo.huntbee.com/one-page-checkout",
    priceCents: 5900,
    currency: "USD",
    aliases: ["one page checkout", "quick checkout", "checkout en una página", "checkout rápido"],
    phpVersions: ["7.3", "7.4", "8.0", "8.1", "8.2"],
    flavours: ["ocmod", "vqmod", "multistore"],
    qa: [
      {
        question: "Does it work with PayPal and Stripe?",
        answer:
          "Yes: One Page Checkout shows every payment method installed in your store, PayPal and Stripe included.",
        language: "en",
      },
      {
        question: "¿Funciona con PayPal y Stripe?",
        answer:
          "Sí: One Page Checkout muestra todos los métodos de pago instalados en su tienda, PayPal y Stripe incluidos.",
        language: "es",
      },
    ],
  },
  whatsapp: {
    sku: "HB-WAN",
    name: "WhatsApp Order Notifications",
    platformVersions: ["3.0", "4.0"],
    supportMonths: 6,
    storeUrl: "https://www.huntbee.com/opencart-whatsapp-order-notifications",
    demoUrl: "https://demo.huntbee.com/whatsapp-notifications",
    priceCents: 3900,
    currency: "USD",
    aliases: ["WhatsApp notifications", "notificaciones de WhatsApp", "avisos por WhatsApp"],
    phpVersions: ["7.4", "8.0", "8.1", "8.2"],
    flavours: ["ocmod"],
    qa: [],
  },
  invoice: {
    sku: "HB-PDF",
    name: "PDF Invoice Pro",
    platformVersions: ["3.0", "4.0"],
    supportMonths: 12,
    storeUrl: "https://www.huntbee.com/opencart-pdf-invoice-pro",
    demoUrl: "https://demo.huntbee.com/pdf-invoice-pro",
    priceCents: 2900,
    currency: "USD",
    aliases: ["invoice module", "PDF invoice", "módulo de facturas", "facturas PDF", "factura en PDF"],
    phpVersions: ["7.4", "8.0", "8.1", "8.2"],
    flavours: ["ocmod", "vqmod"],
    qa: [],
  },
} as const;

export type DemoProductId = keyof typeof DEMO_PRODUCTS;

export interface DemoLicense {
  key: string;
  product: DemoProductId;
  orderRef: string;
  /** Purchase date as days before the day of seeding. */
  purchasedDaysAgo: number;
  /** Last day of support as days after (positive) or before (negative) the day of seeding. */
  supportUntilInDays: number;
  status: "active" | "revoked" | "refunded";
  domains: string[];
}

export interface DemoCustomer {
  email: string;
  name: string;
  language: "es" | "en";
  /** International form, as a person writes it. */
  phone: string;
  /** The same number as stored and as WhatsApp sends it (digits only). */
  phoneDigits: string;
  notes: string;
  licenses: DemoLicense[];
}

export const DEMO_CUSTOMERS = {
  /** Spanish, one license with active support. */
  activeEs: {
    email: "lucia@tiendalucia.es",
    name: "Lucía Fernández",
    language: "es",
    phone: "+34 611 000 001",
    phoneDigits: "34611000001",
    notes: "Tienda de cosmética en Valencia. Prefiere WhatsApp por la mañana.",
    licenses: [
      {
        key: demoKey("HB", "SE0A-CT1V-E000-0001"),
        product: "seo",
        orderRef: "HB-10231",
        purchasedDaysAgo: 95,
        supportUntilInDays: 270,
        status: "active",
        domains: ["tiendalucia.es"],
      },
    ],
  },
  /** English, one license whose support ended. */
  expiredEn: {
    email: "james@whitakerparts.co.uk",
    name: "James Whitaker",
    language: "en",
    phone: "+44 7700 900001",
    phoneDigits: "447700900001",
    notes: "Car parts shop, OpenCart 3.0.3.8.",
    licenses: [
      {
        key: demoKey("HB", "0PCE-XP1R-ED00-0002"),
        product: "checkout",
        orderRef: "HB-9120",
        purchasedDaysAgo: 430,
        supportUntilInDays: -65,
        status: "active",
        domains: ["whitakerparts.co.uk"],
      },
    ],
  },
  /** Spanish (Mexico), one active and one expired license. */
  bothEs: {
    email: "maria@modamx.com.mx",
    name: "María González",
    language: "es",
    phone: "+52 55 1234 5678",
    phoneDigits: "525512345678",
    notes: "",
    licenses: [
      {
        key: demoKey("HB", "WANA-CT1V-E000-0003"),
        product: "whatsapp",
        orderRef: "HB-10402",
        purchasedDaysAgo: 40,
        supportUntilInDays: 142,
        status: "active",
        domains: ["modamx.com.mx"],
      },
      {
        key: demoKey("HB", "SE0E-XP1R-ED00-0004"),
        product: "seo",
        orderRef: "HB-8711",
        purchasedDaysAgo: 520,
        supportUntilInDays: -155,
        status: "active",
        domains: ["modamx.com.mx"],
      },
    ],
  },
  /** English, a refunded license (no support, key no longer valid). */
  refundedEn: {
    email: "oliver@bennettgardens.com",
    name: "Oliver Bennett",
    language: "en",
    phone: "+1 415 555 0101",
    phoneDigits: "14155550101",
    notes: "Refunded within 15 days: the checkout clashed with his theme.",
    licenses: [
      {
        key: demoKey("HB", "0PCR-EFVN-DED0-0005"),
        product: "checkout",
        orderRef: "HB-10377",
        purchasedDaysAgo: 30,
        supportUntilInDays: 335,
        status: "refunded",
        domains: [],
      },
    ],
  },
  /** English (India), two active licenses. */
  activeEn: {
    email: "priya@spicebazaar.in",
    name: "Priya Sharma",
    language: "en",
    phone: "+91 98765 43210",
    phoneDigits: "919876543210",
    notes: "",
    licenses: [
      {
        key: demoKey("HB", "PDFA-CT1V-E000-0006"),
        product: "invoice",
        orderRef: "HB-10450",
        purchasedDaysAgo: 12,
        supportUntilInDays: 353,
        status: "active",
        domains: [],
      },
      {
        key: demoKey("HB", "0PCA-CT1V-E000-0007"),
        product: "checkout",
        orderRef: "HB-10451",
        purchasedDaysAgo: 12,
        supportUntilInDays: 353,
        status: "active",
        domains: ["spicebazaar.in"],
      },
    ],
  },
} as const satisfies Record<string, DemoCustomer>;
