import type { Kysely } from "kysely";
import type { Database } from "../../platform/db/schema.js";
import type { BillingLinksTable, CheckoutSessionsTable } from "../billing.tables.js";

// Checkout sessions, handled Stripe events and customer links (token hashes only).

export interface CheckoutSession {
  id: string;
  engagementId: string;
  purpose: CheckoutSessionsTable["purpose"];
  invoiceId: string | null;
  amountCents: number;
  currency: string;
  url: string;
  status: CheckoutSessionsTable["status"];
  paymentIntent: string | null;
  paymentId: string | null;
  refundedCents: number;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
}

const COLUMNS = [
  "id",
  "engagement_id",
  "purpose",
  "invoice_id",
  "amount_cents",
  "currency",
  "url",
  "status",
  "payment_intent",
  "payment_id",
  "refunded_cents",
  "created_at",
  "expires_at",
  "completed_at",
] as const;

function rowToSession(r: Pick<CheckoutSessionsTable, (typeof COLUMNS)[number]>): CheckoutSession {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    purpose: r.purpose,
    invoiceId: r.invoice_id,
    amountCents: Number(r.amount_cents),
    currency: r.currency,
    url: r.url,
    status: r.status,
    paymentIntent: r.payment_intent,
    paymentId: r.payment_id,
    refundedCents: Number(r.refunded_cents),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    completedAt: r.completed_at,
  };
}

export async function insertCheckoutSession(db: Kysely<Database>, row: CheckoutSessionsTable): Promise<void> {
  await db.insertInto("checkout_sessions").values(row).execute();
}

export async function findCheckoutSession(
  db: Kysely<Database>,
  id: string,
): Promise<CheckoutSession | undefined> {
  const row = await db
    .selectFrom("checkout_sessions")
    .select(COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? rowToSession(row) : undefined;
}

export async function findSessionByPaymentIntent(
  db: Kysely<Database>,
  paymentIntent: string,
): Promise<CheckoutSession | undefined> {
  const row = await db
    .selectFrom("checkout_sessions")
    .select(COLUMNS)
    .where("payment_intent", "=", paymentIntent)
    .executeTakeFirst();
  return row ? rowToSession(row) : undefined;
}

/** An open session for exactly this payment that has not expired: a second click reuses it. */
export async function findReusableSession(
  db: Kysely<Database>,
  input: {
    engagementId: string;
    purpose: string;
    invoiceId: string | null;
    amountCents: number;
    now: string;
  },
): Promise<CheckoutSession | undefined> {
  let query = db
    .selectFrom("checkout_sessions")
    .select(COLUMNS)
    .where("engagement_id", "=", input.engagementId)
    .where("purpose", "=", input.purpose as CheckoutSessionsTable["purpose"])
    .where("amount_cents", "=", input.amountCents)
    .where("status", "=", "open")
    .where("expires_at", ">", input.now);
  query = input.invoiceId
    ? query.where("invoice_id", "=", input.invoiceId)
    : query.where("invoice_id", "is", null);
  const row = await query.orderBy("created_at", "desc").executeTakeFirst();
  return row ? rowToSession(row) : undefined;
}

export async function listCheckoutSessions(
  db: Kysely<Database>,
  engagementId: string,
): Promise<CheckoutSession[]> {
  const rows = await db
    .selectFrom("checkout_sessions")
    .select(COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at")
    .execute();
  return rows.map(rowToSession);
}

/** Paid, once: compare-and-set from open (or expired: money that arrives late is still money). */
export async function completeSession(
  db: Kysely<Database>,
  id: string,
  patch: { paymentIntent: string | null; paymentId: string | null; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable("checkout_sessions")
    .set({
      status: "completed",
      payment_intent: patch.paymentIntent,
      payment_id: patch.paymentId,
      completed_at: patch.at,
    })
    .where("id", "=", id)
    .where("status", "in", ["open", "expired"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function expireSession(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable("checkout_sessions")
    .set({ status: "expired" })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setRefundedCents(db: Kysely<Database>, id: string, cents: number): Promise<void> {
  await db.updateTable("checkout_sessions").set({ refunded_cents: cents }).where("id", "=", id).execute();
}

/** Records a Stripe event as handled; false when it already was (a redelivery). */
export async function insertStripeEvent(
  db: Kysely<Database>,
  row: { id: string; type: string; outcome: string; received_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto("stripe_events")
    .values(row)
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setStripeEventOutcome(
  db: Kysely<Database>,
  id: string,
  outcome: string,
): Promise<void> {
  await db.updateTable("stripe_events").set({ outcome }).where("id", "=", id).execute();
}

export async function insertBillingLink(db: Kysely<Database>, row: BillingLinksTable): Promise<void> {
  await db.insertInto("billing_links").values(row).execute();
}

export async function findBillingLink(
  db: Kysely<Database>,
  tokenSha256: string,
): Promise<BillingLinksTable | undefined> {
  return db
    .selectFrom("billing_links")
    .selectAll()
    .where("token_sha256", "=", tokenSha256)
    .executeTakeFirst();
}
