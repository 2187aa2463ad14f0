import { findCustomerById, listLicensesForCustomer } from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { listOwners } from "../users/users.service.js";
import { insertTicket, nextTicketNumber } from "./tickets.repository.js";

export type DataRequestKind = "export" | "erase";

/**
 * A signed-in customer asks for a copy of their data or its erasure: a ticket assigned to the owner (who
 * answers it with the export or the erase action in the app). A data request is not support, so it is
 * opened whatever the state of the customer's licenses.
 */
export async function openDataRequest(
  ctx: AppContext,
  customerId: string,
  kind: DataRequestKind,
): Promise<string> {
  const customer = await findCustomerById(ctx.db.kysely, customerId);
  if (!customer) throw new AppError("not_found", "No such customer");
  const [license] = await listLicensesForCustomer(ctx, customerId);
  if (!license) throw new AppError("conflict", "A data request needs a license to file the ticket under");
  const settings = await getSettings(ctx);
  const [owner] = await listOwners(ctx);
  const lang = customer.language === "es" ? "es" : "en";
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const number = await nextTicketNumber(tx.trx);
    await insertTicket(tx.trx, {
      id,
      number,
      customer_id: customer.id,
      license_id: license.id,
      category: "other",
      subject: translate(
        lang,
        kind === "export" ? "privacy.request.ticketSubjectExport" : "privacy.request.ticketSubjectErase",
      ),
      description: translate(lang, "privacy.request.ticketBody", {
        email: customer.email,
        date: at.slice(0, 10),
      }),
      store_url: "",
      opencart_version: "",
      php_version: "",
      status: "open",
      language: lang,
      assignee_id: owner?.id ?? null,
      source: "portal",
      conversation_id: null,
      created_by_type: "customer",
      created_by_id: customer.id,
      courtesy_reason: null,
      courtesy_by: null,
      first_response_due_at: new Date(
        now.getTime() + settings.tickets.firstResponseHours * 3_600_000,
      ).toISOString(),
      first_response_at: null,
      last_activity_at: at,
      resolved_at: null,
      closed_at: null,
      created_at: at,
      updated_at: at,
    });
    await recordAudit(tx.trx, {
      actorType: "customer",
      actorId: customer.id,
      action: "privacy.request",
      subjectType: "ticket",
      subjectId: id,
      details: { kind, number },
      at,
    });
  });
  return id;
}
