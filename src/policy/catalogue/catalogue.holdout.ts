import type { CatalogueKind } from "./recognise.js";

/**
 * Held-out questions for the catalogue recogniser, against TEST_CATALOGUE (catalogue.test-support.ts):
 * never used to tune the rules. Caveat, as for the intent hold-out: written by the person who wrote the
 * rules, after them, so only partly independent. `send: false` marks questions that must wait for a person.
 * Do not edit an entry to make the accuracy go up.
 */
export interface CatalogueExample {
  text: string;
  lang: "es" | "en";
  /** The conversation's product before this message (a follow-up). */
  context?: string;
  send: boolean;
  product?: string;
  kinds?: CatalogueKind[];
}

export const CATALOGUE_HOLDOUT: readonly CatalogueExample[] = [
  // Compatibility, listed and not
  {
    text: "Hola, el módulo SEO sirve para OpenCart 3.0.3.8?",
    lang: "es",
    send: true,
    product: "seo",
    kinds: ["compatibility"],
  },
  {
    text: "advanced seo suite compatible with 4.0.2.3 ?",
    lang: "en",
    send: true,
    product: "seo",
    kinds: ["compatibility"],
  },
  {
    text: "PDF Invoice Pro works on opencart 2.3.0.2?",
    lang: "en",
    send: true,
    product: "invoice",
    kinds: ["compatibility"],
  },
  {
    text: "buenas, la factura en PDF funciona en OC 1.5?",
    lang: "es",
    send: true,
    product: "invoice",
    kinds: ["compatibility"],
  },
  {
    text: "quick checkout for opencart 4, does it work?",
    lang: "en",
    send: true,
    product: "checkout",
    kinds: ["compatibility"],
  },
  {
    text: "Is the one-page checkout ok with OC3?",
    lang: "en",
    send: true,
    product: "checkout",
    kinds: ["compatibility"],
  },
  {
    text: "las notificaciones de whatsapp son compatibles con opencart 4.0.1.1?",
    lang: "es",
    send: true,
    product: "whatsapp",
    kinds: ["compatibility"],
  },
  {
    text: "does the invoce module support 3.0.3.9",
    lang: "en",
    send: true,
    product: "invoice",
    kinds: ["compatibility"],
  },
  // PHP and flavours
  { text: "Does the SEO suite run on PHP 8.2?", lang: "en", send: true, product: "seo", kinds: ["php"] },
  {
    text: "el modulo de facturas funciona con php 7.2?",
    lang: "es",
    send: true,
    product: "invoice",
    kinds: ["php"],
  },
  {
    text: "One Page Checkout: ocmod or vqmod?",
    lang: "en",
    send: true,
    product: "checkout",
    kinds: ["flavour"],
  },
  {
    text: "el módulo SEO funciona en multitienda?",
    lang: "es",
    send: true,
    product: "seo",
    kinds: ["flavour"],
  },
  // Price and links
  {
    text: "what's the price of PDF invoice pro",
    lang: "en",
    send: true,
    product: "invoice",
    kinds: ["price"],
  },
  {
    text: "Cuánto vale el checkout en una página?",
    lang: "es",
    send: true,
    product: "checkout",
    kinds: ["price"],
  },
  { text: "precio del modulo seo por favor", lang: "es", send: true, product: "seo", kinds: ["price"] },
  {
    text: "can I see a demo of the invoice module?",
    lang: "en",
    send: true,
    product: "invoice",
    kinds: ["link"],
  },
  {
    text: "donde puedo ver la demo del checkout rapido",
    lang: "es",
    send: true,
    product: "checkout",
    kinds: ["link"],
  },
  { text: "link to buy the SEO URLs extension?", lang: "en", send: true, product: "seo", kinds: ["link"] },
  // The owner's Q&A
  {
    text: "does one page checkout work with stripe and paypal",
    lang: "en",
    send: true,
    product: "checkout",
    kinds: ["qa"],
  },
  // Follow-ups in context
  {
    text: "and with 4.0.2.1?",
    lang: "en",
    context: "invoice",
    send: true,
    product: "invoice",
    kinds: ["compatibility"],
  },
  { text: "¿y cuánto cuesta?", lang: "es", context: "seo", send: true, product: "seo", kinds: ["price"] },
  // Must wait for a person
  { text: "Does your blog module work with OpenCart 4?", lang: "en", send: false },
  { text: "¿el SEO suite y el checkout rápido son compatibles con la 4.0.2.3?", lang: "es", send: false },
  { text: "how much is the WhatsApp notifications extension?", lang: "en", send: false },
  { text: "Does the SEO suite create rich snippets for products?", lang: "en", send: false },
  {
    text: "si compro el modulo de facturas, me lo instalan ustedes? y funciona con 4.0.2.3?",
    lang: "es",
    send: false,
  },
  { text: "hola buenas tardes", lang: "es", send: false },
  { text: "I bought the invoice module and it fails on 4.0.2.3", lang: "en", send: false },
  { text: "tienen descuento por comprar el SEO y el checkout juntos?", lang: "es", send: false },
  { text: "Is there a demo?", lang: "en", send: false },
];
