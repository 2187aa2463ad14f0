import { findCustomerByEmail, listLicensesForCustomer } from "../licenses/licenses.service.js";
import { devMailViewerEnabled } from "../mail/mail.service.js";
import type { AppContext } from "../platform/context.js";
import { seedCannedReplies } from "./canned-replies.service.js";
import { listActiveDeskUsers } from "./desk-users.repository.js";
import { replyAsAgent } from "./ticket-replies.service.js";
import { openTicket } from "./tickets.service.js";

const DEMO_TICKETS = [
  {
    email: "lucia@tiendalucia.es",
    language: "es" as const,
    category: "installation" as const,
    subject: "El filtro no aparece después de instalar",
    description:
      "He instalado la extensión y refrescado las modificaciones, pero el bloque de filtros no aparece en la página de categoría. Uso el tema por defecto.",
    reply:
      "Hola Lucía: active el módulo en Extensiones > Módulos y asígnelo a la disposición «Categoría». ¿Nos confirma si así aparece?",
  },
  {
    email: "priya@spicebazaar.in",
    language: "en" as const,
    category: "configuration" as const,
    subject: "How do I limit the filter to one category?",
    description:
      "I would like the spice-level filter to show only in the Masala category. Is that possible from the settings, or do I need a layout per category?",
    reply: undefined,
  },
];

/**
 * Canned replies, and on a development install (mail kept in the viewer, never sent) a couple of
 * tickets on the demo customers' active licenses, so the desk shows something on first start.
 */
export async function seedTicketsDemo(ctx: AppContext): Promise<void> {
  const [owner] = await listActiveDeskUsers(ctx.db.kysely);
  await seedCannedReplies(ctx, owner?.id ?? null);
  if (!devMailViewerEnabled(ctx.config) || !owner) return;
  for (const demo of DEMO_TICKETS) {
    const customer = await findCustomerByEmail(ctx.db.kysely, demo.email);
    if (!customer) continue;
    const license = (await listLicensesForCustomer(ctx, customer.id)).find((l) => l.support.active);
    if (!license) continue;
    const ticket = await openTicket(
      ctx,
      { type: "customer", customerId: customer.id },
      {
        customerId: customer.id,
        licenseId: license.id,
        category: demo.category,
        subject: demo.subject,
        description: demo.description,
        storeUrl: "",
        opencartVersion: "4.0.2.3",
        phpVersion: "8.2",
        language: demo.language,
        files: [],
      },
    );
    if (demo.reply) await replyAsAgent(ctx, owner, ticket.id, { text: demo.reply, internal: false });
  }
}
