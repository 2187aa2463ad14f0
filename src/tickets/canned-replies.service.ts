import { findCustomerById } from "../licenses/licenses.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { commonParams } from "../policy/policy-texts.js";
import type { Language } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import {
  type CannedReply,
  deleteCannedReply,
  findCannedReply,
  insertCannedReply,
  listCannedReplies,
} from "./canned-replies.repository.js";
import type { FilledCannedReplies } from "./canned-replies.schema.js";
import { findTicketById } from "./tickets.repository.js";

export { listCannedReplies };

/**
 * The variables a canned reply may use, written {name}: the customer's first name, their full name, the
 * agent's name, and the values of the policy's texts (vendor, portalUrl, rates, renewalUrl…). An unknown
 * {word} stays as written; an empty value (no name known) leaves no gap before punctuation.
 */
export const CANNED_VARIABLES = [
  "name",
  "fullName",
  "agent",
  "vendor",
  "portalUrl",
  "rates",
  "renewalUrl",
] as const;

export function fillCannedReply(body: string, values: Record<string, string>): string {
  return body
    .replace(/( ?)\{(\w+)\}/g, (whole, space: string, name: string) => {
      if (!Object.hasOwn(values, name)) return whole;
      const value = values[name] ?? "";
      return value === "" ? "" : `${space}${value}`;
    })
    .trim();
}

/**
 * Every canned reply, those in the customer's `language` first, with the variables filled for one customer:
 * their name, the agent's, and the policy's values in the reply's own language (an English reply gets the
 * English rate card and portal link, whatever the customer's language). The WhatsApp composer and the ticket
 * desk both take their replies from here.
 */
export async function filledCannedReplies(
  ctx: AppContext,
  input: { language: Language; fullName: string; agent: string },
): Promise<FilledCannedReplies> {
  const { language } = input;
  const settings = await getSettings(ctx);
  const fullName = input.fullName.trim();
  const person = { name: fullName.split(/\s+/)[0] ?? "", fullName, agent: input.agent };
  const valuesIn = (lang: Language) => ({
    ...commonParams({ settings, language: lang, publicUrl: ctx.config.publicUrl }),
    ...person,
  });
  const values = { es: valuesIn("es"), en: valuesIn("en") };
  const replies = await listCannedReplies(ctx.db.kysely);
  const ordered = [...replies].sort(
    (a, b) => Number(b.language === language) - Number(a.language === language),
  );
  return {
    language,
    data: ordered.map((r) => ({
      id: r.id,
      title: r.title,
      language: r.language,
      body: r.body,
      text: fillCannedReply(r.body, values[r.language]),
    })),
  };
}

/** The canned replies for a ticket's reply box: its language first, filled for its customer. */
export async function cannedRepliesForTicket(
  ctx: AppContext,
  user: { name: string },
  ticketId: string,
): Promise<FilledCannedReplies> {
  const ticket = await findTicketById(ctx.db.kysely, ticketId);
  if (!ticket) throw new AppError("not_found", "No such ticket");
  const customer = await findCustomerById(ctx.db.kysely, ticket.customerId);
  return filledCannedReplies(ctx, {
    language: ticket.language,
    fullName: customer?.name ?? "",
    agent: user.name,
  });
}

export async function createCannedReply(
  ctx: AppContext,
  user: { id: string } | null,
  input: { title: string; body: string; language: "es" | "en" },
): Promise<CannedReply> {
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await insertCannedReply(ctx.db.kysely, {
    id,
    title: input.title,
    body: input.body,
    language: input.language,
    created_by: user?.id ?? null,
    created_at: at,
    updated_at: at,
  });
  return (await findCannedReply(ctx.db.kysely, id))!;
}

export async function removeCannedReply(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteCannedReply(ctx.db.kysely, id))) throw new AppError("not_found", "No such canned reply");
}

/** A few answers to start with on a fresh install, in both languages. */
export async function seedCannedReplies(ctx: AppContext, ownerId: string | null): Promise<void> {
  if ((await listCannedReplies(ctx.db.kysely)).length > 0) return;
  const samples = [
    {
      language: "en" as const,
      title: "Ask for store access",
      body: "To look into this we need access to your store's admin. Please add the admin URL, a user and its password in the access section of this ticket: only our support staff can read it, and it is erased when the ticket closes.",
    },
    {
      language: "es" as const,
      title: "Pedir acceso a la tienda",
      body: "Para revisarlo necesitamos acceso a la administración de su tienda. Añada la URL de administración, un usuario y su contraseña en la sección de acceso de este ticket: solo nuestro equipo de soporte puede leerlo y se borra al cerrar el ticket.",
    },
    {
      language: "en" as const,
      title: "Clear the modification cache",
      body: "Please go to Extensions > Modifications in your OpenCart admin and press Refresh (top right), then clear the theme cache in the dashboard. Let us know if the problem remains.",
    },
    {
      language: "es" as const,
      title: "Refrescar la caché de modificaciones",
      body: "Vaya a Extensiones > Modificaciones en la administración de OpenCart y pulse Refrescar (arriba a la derecha); después vacíe la caché del tema en el panel. Díganos si el problema continúa.",
    },
  ];
  samples.push(
    {
      language: "en" as const,
      title: "Ticket portal link",
      body: "Hi {name}, questions about a product you bought are answered in our ticket portal, where we keep your licence and the history together: {portalUrl}",
    },
    {
      language: "es" as const,
      title: "Enlace al portal de tickets",
      body: "Hola {name}, las consultas sobre un producto comprado se atienden en nuestro portal de tickets, donde tenemos su licencia y el historial juntos: {portalUrl}",
    },
    {
      language: "en" as const,
      title: "Premium rates",
      body: "Hi {name}, these are our premium support rates:\n{rates}",
    },
    {
      language: "es" as const,
      title: "Tarifas premium",
      body: "Hola {name}, estas son nuestras tarifas de soporte premium:\n{rates}",
    },
  );
  for (const s of samples) await createCannedReply(ctx, ownerId ? { id: ownerId } : null, s);
}
