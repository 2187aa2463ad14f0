import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { CustomerCreditsTable } from "./billing.tables.js";

export async function insertCredit(db: Kysely<Database>, row: CustomerCreditsTable): Promise<void> {
  await db.insertInto("customer_credits").values(row).execute();
}

/** The holder's credit per currency (only currencies with a balance). */
export async function creditBalances(
  db: Kysely<Database>,
  holder: string,
): Promise<{ currency: string; cents: number }[]> {
  const rows = await db
    .selectFrom("customer_credits")
    .select(["currency", (eb) => eb.fn.sum<string | number>("amount_cents").as("cents")])
    .where("holder", "=", holder)
    .groupBy("currency")
    .orderBy("currency")
    .execute();
  return rows.map((r) => ({ currency: r.currency, cents: Number(r.cents) })).filter((r) => r.cents > 0);
}

/** What is left of the credit an invoice kept: kept, less what credit notes on it took back. */
export async function keptCreditLeft(
  db: Kysely<Database>,
  invoiceId: string,
): Promise<{ currency: string; cents: number } | undefined> {
  const row = await db
    .selectFrom("customer_credits")
    .select(["currency", (eb) => eb.fn.sum<string | number>("amount_cents").as("cents")])
    .where("invoice_id", "=", invoiceId)
    .where("kind", "in", ["kept", "refunded"])
    .groupBy("currency")
    .executeTakeFirst();
  return row ? { currency: row.currency, cents: Number(row.cents) } : undefined;
}
