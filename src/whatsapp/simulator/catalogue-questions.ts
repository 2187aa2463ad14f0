import type { PersonaLanguage } from "./simulator.types.js";

/**
 * What the pre-sales personas ask, as the simulator offers it in one click: questions the catalogue answers
 * (a listed version by alias, a follow-up with an unlisted one, a price, a demo) and one it leaves to an agent
 * (a product the vendor does not sell).
 */
export const CATALOGUE_QUESTIONS: Record<PersonaLanguage, string[]> = {
  es: [
    "¿El módulo de facturas funciona con OpenCart 4.0.2.3?",
    "¿Y con la 1.5.6.4?",
    "¿Cuánto cuesta el One Page Checkout?",
    "¿Tienen demo del módulo SEO?",
    "¿Su módulo de envíos funciona con OpenCart 4?",
  ],
  en: [
    "Does the invoice module work with OpenCart 4.0.2.3?",
    "Does it work with 1.5.6.4?",
    "How much is One Page Checkout?",
    "Do you have a demo of the SEO suite?",
    "Does your shipping module work with OpenCart 4?",
  ],
};

/** The personas who ask pre-sales questions (new contacts, no licenses). */
export const PRESALES_PERSONAS: readonly string[] = ["carlos", "john"];
