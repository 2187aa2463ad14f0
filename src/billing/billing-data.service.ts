import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { billingDataRows, eraseBillingRows } from "./billing-data.repository.js";

export type BillingData = Awaited<ReturnType<typeof billingDataRows>>;

export async function billingData(
  ctx: AppContext,
  who: { customerId?: string; contactIds: string[] },
): Promise<BillingData> {
  return billingDataRows(ctx.db.kysely, who);
}

/** Inside the caller's transaction: see eraseBillingRows. */
export function eraseBilling(trx: Kysely<Database>, who: { customerId?: string; contactIds: string[] }) {
  return eraseBillingRows(trx, who);
}
