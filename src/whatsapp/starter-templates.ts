// The templates beedesk needs for its own messages outside the 24-hour window, in Spanish and English, that
// the owner submits with one click. Meta's rules: utility category, no variable first or last, examples given.

/** What an automatic message is about; each may have its own template. */
export type AutomaticPurpose =
  | "quote"
  | "summary"
  | "invoice"
  | "review"
  | "payment_reminder"
  | "ticket_answered"
  | "notice";

/** The values an automatic message offers its template (filled in the order the template names them). */
export type TemplateVariable =
  | "name"
  | "topic"
  | "service"
  | "estimate"
  | "amount"
  | "number"
  | "link"
  | "ticket";

export interface StarterTemplate {
  name: string;
  /** Variables in the order of {{1}}, {{2}}… */
  variables: TemplateVariable[];
  /**
   * "instead": the template carries what matters and the message itself is not sent; "announce": the
   * template tells the customer something waits, and the message goes when they answer (window open).
   */
  mode: "instead" | "announce";
  body: { es: string; en: string };
  example: { es: string[]; en: string[] };
}

export const REPLY_WAITING = "beedesk_reply_waiting";

export const STARTER_TEMPLATES: StarterTemplate[] = [
  {
    name: REPLY_WAITING,
    variables: ["name", "topic"],
    mode: "announce",
    body: {
      en: "Hello {{1}}, we have a reply for you about {{2}}. Reply to this message to read it.",
      es: "Hola {{1}}, tenemos una respuesta para ti sobre {{2}}. Responde a este mensaje para leerla.",
    },
    example: { en: ["Ana", "your premium support request"], es: ["Ana", "tu solicitud de soporte premium"] },
  },
  {
    name: "beedesk_quote",
    variables: ["name", "service", "estimate"],
    mode: "announce",
    body: {
      en: "Hello {{1}}, your quote for {{2}} is ready (estimate: {{3}}). Reply to this message to see the terms and accept or decline them.",
      es: "Hola {{1}}, tu presupuesto de {{2}} está listo (estimación: {{3}}). Responde a este mensaje para ver las condiciones y aceptarlas o rechazarlas.",
    },
    example: { en: ["Ana", "technical support", "2 h"], es: ["Ana", "soporte técnico", "2 h"] },
  },
  {
    name: "beedesk_work_summary",
    variables: ["name", "service", "amount"],
    mode: "announce",
    body: {
      en: "Hello {{1}}, the {{2}} work is finished. Amount: {{3}}. Reply to this message to see the time by entry.",
      es: "Hola {{1}}, el trabajo de {{2}} ha terminado. Importe: {{3}}. Responde a este mensaje para ver el tiempo por tarea.",
    },
    example: { en: ["Ana", "technical support", "US$40.00"], es: ["Ana", "soporte técnico", "40,00 US$"] },
  },
  {
    name: "beedesk_invoice",
    variables: ["name", "number", "amount", "link"],
    mode: "instead",
    body: {
      en: "Hello {{1}}, invoice {{2}} for {{3}} is ready. You can pay it here: {{4}} Thank you!",
      es: "Hola {{1}}, la factura {{2}} por {{3}} está lista. Puedes pagarla aquí: {{4}} ¡Gracias!",
    },
    example: {
      en: ["Ana", "INV-2026-0001", "US$40.00", "https://example.com/pay"],
      es: ["Ana", "INV-2026-0001", "40,00 US$", "https://example.com/pay"],
    },
  },
  {
    name: "beedesk_ticket_answered",
    variables: ["name", "ticket", "link"],
    mode: "instead",
    body: {
      en: "Hello {{1}}, your ticket {{2}} has a new answer. Read it here: {{3}} Thank you!",
      es: "Hola {{1}}, tu ticket {{2}} tiene una nueva respuesta. Léela aquí: {{3}} ¡Gracias!",
    },
    example: {
      en: ["Ana", "#1042", "https://example.com/support"],
      es: ["Ana", "#1042", "https://example.com/support"],
    },
  },
];

/** The starter template an automatic message of this purpose uses outside the window, if it has one. */
export function starterFor(purpose: AutomaticPurpose): StarterTemplate | undefined {
  const name = {
    quote: "beedesk_quote",
    summary: "beedesk_work_summary",
    invoice: "beedesk_invoice",
    ticket_answered: "beedesk_ticket_answered",
  }[purpose as string];
  return name ? STARTER_TEMPLATES.find((t) => t.name === name) : undefined;
}

export function starterNamed(name: string): StarterTemplate | undefined {
  return STARTER_TEMPLATES.find((t) => t.name === name);
}

/** The components Meta wants when the starter is created. */
export function starterComponents(t: StarterTemplate, language: "es" | "en"): unknown[] {
  return [{ type: "BODY", text: t.body[language], example: { body_text: [t.example[language]] } }];
}

/** The body text of a template's components ("" when it has none). */
export function bodyText(components: unknown[]): string {
  for (const c of components) {
    if (c && typeof c === "object" && String((c as { type?: unknown }).type).toUpperCase() === "BODY") {
      const text = (c as { text?: unknown }).text;
      return typeof text === "string" ? text : "";
    }
  }
  return "";
}

/** How many {{n}} variables a text has (the highest n). */
export function variableCount(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** The text with {{n}} replaced by the n-th parameter. */
export function fillTemplate(text: string, parameters: string[]): string {
  return text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => parameters[Number(n) - 1] ?? whole);
}

/**
 * A parameter as Meta accepts it: no new lines or tabs, no more than four spaces in a row (error 132000
 * family otherwise), and not empty.
 */
export function cleanParameter(value: string): string {
  const flat = value
    .replace(/[\r\n\t]+/g, " ")
    .replace(/ {4,}/g, "   ")
    .trim();
  return flat === "" ? "-" : flat.slice(0, 1000);
}
