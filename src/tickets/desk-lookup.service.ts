import {
  findCustomerByEmail,
  findCustomerById,
  listLicensesForCustomer,
} from "../licenses/licenses.service.js";
import type { AppContext } from "../platform/context.js";
import type { CustomerLookupView } from "./tickets.schema.js";

/** The customer an agent opens a ticket for, found by email. */
export async function findTicketCustomerByEmail(
  ctx: AppContext,
  email: string,
): Promise<CustomerLookupView["customer"] | undefined> {
  const customer = await findCustomerByEmail(ctx.db.kysely, email);
  return customer
    ? { id: customer.id, name: customer.name, email: customer.email, language: customer.language }
    : undefined;
}

/** The customer's licenses with support state: active ones open a ticket, the others need a courtesy reason. */
export async function listCustomerLicenseChoices(
  ctx: AppContext,
  customerId: string,
): Promise<CustomerLookupView["licenses"]> {
  const licenses = await listLicensesForCustomer(ctx, customerId);
  return licenses.map((l) => ({
    id: l.id,
    key: l.key,
    productName: l.productName,
    status: l.status,
    purchaseDate: l.purchaseDate,
    supportUntil: l.supportUntil,
    support: l.support,
  }));
}

export async function customerLanguage(ctx: AppContext, customerId: string): Promise<"es" | "en"> {
  const customer = await findCustomerById(ctx.db.kysely, customerId);
  return customer?.language === "es" ? "es" : "en";
}
