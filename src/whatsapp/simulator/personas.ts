import { DEMO_CUSTOMERS, type DemoCustomer } from "../../licenses/demo-data.js";
import { AppError } from "../../platform/errors.js";
import type { Persona, PersonaLanguage } from "./simulator.types.js";

/**
 * The pre-made customers of the simulator. The first three are the demo customers seeded by src/licenses (same
 * name, phone and language, so the policy recognises them and their licenses); the last two are new contacts
 * with no history, for the pre-sales journey. Ids are stable so tests and docs can name them.
 */
export const DEMO_PERSONAS = [
  {
    id: "lucia",
    ...customer(DEMO_CUSTOMERS.activeEs),
    note: {
      es: "Clienta con licencia activa (Advanced SEO Suite)",
      en: "Customer with an active license (Advanced SEO Suite)",
    },
  },
  {
    id: "james",
    ...customer(DEMO_CUSTOMERS.expiredEn),
    note: {
      es: "Cliente con el soporte caducado (One Page Checkout)",
      en: "Customer whose support ended (One Page Checkout)",
    },
  },
  {
    id: "maria",
    ...customer(DEMO_CUSTOMERS.bothEs),
    note: {
      es: "Clienta con una licencia activa y otra caducada",
      en: "Customer with one active and one expired license",
    },
  },
  {
    id: "carlos",
    name: "Carlos Ruiz",
    phone: "+34 622 000 303",
    language: "es",
    note: {
      es: "Contacto nuevo: preguntas de preventa (compatibilidad, precio, demo: las responde el catálogo)",
      en: "New contact: pre-sales questions (compatibility, price, demo: the catalogue answers them)",
    },
  },
  {
    id: "john",
    name: "John Carter",
    phone: "+44 7700 900123",
    language: "en",
    note: {
      es: "Contacto nuevo: preguntas de preventa (compatibilidad, precio, demo: las responde el catálogo)",
      en: "New contact: pre-sales questions (compatibility, price, demo: the catalogue answers them)",
    },
  },
] as const satisfies readonly {
  id: string;
  name: string;
  phone: string;
  language: PersonaLanguage;
  note: { es: string; en: string };
}[];

function customer(c: DemoCustomer): { name: string; phone: string; language: PersonaLanguage } {
  return { name: c.name, phone: c.phone, language: c.language };
}

export type DemoPersonaId = (typeof DEMO_PERSONAS)[number]["id"];

/** Digits only, as WhatsApp writes a number in `wa_id` (no "+", no "00" prefix, no spaces). */
export function waIdOf(phone: string): string {
  return phone.replace(/\D/g, "").replace(/^00/, "");
}

/** A plausible international number: 7 to 15 digits after an optional "+". */
export function isPhoneNumber(phone: string): boolean {
  if (!/^\+?[0-9 ()-]+$/.test(phone.trim())) return false;
  const digits = waIdOf(phone);
  return digits.length >= 7 && digits.length <= 15 && !digits.startsWith("0");
}

export function demoPersonas(createdAt: string): Persona[] {
  return DEMO_PERSONAS.map((p) => ({
    ...p,
    note: { ...p.note },
    waId: waIdOf(p.phone),
    demo: true,
    createdAt,
  }));
}

/** A new persona's name and phone, cleaned; AppError when they cannot be a WhatsApp user. */
export function checkPersonaInput(input: { name: string; phone: string }): {
  name: string;
  phone: string;
  waId: string;
} {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 60) {
    throw new AppError("validation_failed", "Name must have 1 to 60 characters");
  }
  if (!isPhoneNumber(input.phone)) {
    throw new AppError("validation_failed", "Phone must be an international number such as +34 600 000 000");
  }
  return { name, phone: input.phone.trim(), waId: waIdOf(input.phone) };
}
