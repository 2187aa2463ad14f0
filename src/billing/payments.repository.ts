import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import type { PaymentsTable } from "./billing.tables.js";

// Payments received for an engagement (deposits and top-ups): insert and read only.

export interface Payment {
  id: string;
  engagementId: string;
  amountCents: number;
  currency: string;
  method: PaymentsTable["method"];
  reference: string | null;
  recordedBy: string | null;
  createdAt: string;
}

const COLUMNS = [
  "id",
  "engagement_id",
  "amount_cents",
  "currency",
  "method",
  "reference",
  "recorded_by",
  "created_at",
] as const;

function rowToPayment(row: Pick<PaymentsTable, (typeof COLUMNS)[number]>): Payment {
  return {
    id: row.id,
    engagementId: row.engagement_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    method: row.method,
    reference: row.reference,
    recordedBy: row.recorded_by,
    createdAt: row.created_at,
  };
}

export async function insertPayment(db: Kysely<Database>, row: PaymentsTable): Promise<void> {
  await db.insertInto("payments").values(row).execute();
}

export async function findPaymentById(db: Kysely<Database>, id: string): Promise<Payment | undefined> {
  const row = await db.selectFrom("payments").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? rowToPayment(row) : undefined;
}

export async function listPayments(db: Kysely<Database>, engagementId: string): Promise<Payment[]> {
  const rows = await db
    .selectFrom("payments")
    .select(COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(rowToPayment);
}

/** What the customer has paid on the engagement so far (minor units of the agreement's currency). */
export async function sumPayments(db: Kysely<Database>, engagementId: string): Promise<number> {
  const row = await db
    .selectFrom("payments")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>("amount_cents"), eb.lit(0)).as("total"))
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
