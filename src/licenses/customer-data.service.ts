import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { anonymiseCustomerRows, customerDataRows } from "./customer-data.repository.js";

export type CustomerData = NonNullable<Awaited<ReturnType<typeof customerDataRows>>>;

export async function customerData(ctx: AppContext, customerId: string): Promise<CustomerData | undefined> {
  return customerDataRows(ctx.db.kysely, customerId);
}

/** Inside the caller's transaction: see anonymiseCustomerRows. */
export function anonymiseCustomer(trx: Kysely<Database>, customerId: string, at: string): Promise<void> {
  return anonymiseCustomerRows(trx, customerId, at);
}
