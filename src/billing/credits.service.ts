import type { Kysely } from "kysely";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { Database } from "../platform/db/schema.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import { creditBalances, insertCredit, keptCreditLeft } from "./credits.repository.js";
import type { Engagement } from "./engagements.repository.js";
import type { Actor } from "./engagements.service.js";
import { costOfMinutes, formatMoney } from "./money.js";
import { recordPaymentIn } from "./payments.service.js";
import { findPremiumContact, notifyCustomer } from "./premium-channel.js";
import type { Agreement } from "./quotes.repository.js";

// "Keep as credit" (premium.unusedPrepaid = "keep"): prepaid money an invoice did not use becomes the
// customer's credit, told to them on WhatsApp and shown to agents; their next agreement in that currency
// draws it first, as a payment (method "credit"), so it pays the deposit asked, prepaid time draws it down and
// the next invoice nets it off like any payment. Every move is on the ledger and the audit trail.

/** Whose credit: the customer's, or the WhatsApp contact's while no customer is linked. */
export async function creditHolder(db: Kysely<Database>, engagement: Engagement): Promise<string> {
  const contact = await findPremiumContact(db, engagement.contactId);
  const customerId = engagement.customerId ?? contact?.customerId ?? null;
  return customerId ?? `contact:${engagement.contactId}`;
}

export async function creditOf(db: Kysely<Database>, engagement: Engagement) {
  return creditBalances(db, await creditHolder(db, engagement));
}

/** Keeps an invoice's unused prepaid money as the customer's credit and tells them. */
export async function keepAsCredit(
  tx: TxContext,
  engagement: Engagement,
  input: { invoiceId: string; currency: string; cents: number; language: "es" | "en" },
  actor: Actor,
): Promise<void> {
  const holder = await creditHolder(tx.trx, engagement);
  const at = tx.clock.now().toISOString();
  const id = newId();
  await insertCredit(tx.trx, {
    id,
    holder,
    currency: input.currency,
    amount_cents: input.cents,
    kind: "kept",
    engagement_id: engagement.id,
    invoice_id: input.invoiceId,
    payment_id: null,
    created_at: at,
  });
  await recordAudit(tx.trx, {
    actorType: actor.type,
    actorId: actor.id,
    action: "credit.keep",
    subjectType: "engagement",
    subjectId: engagement.id,
    details: {
      creditId: id,
      holder,
      invoiceId: input.invoiceId,
      amountCents: input.cents,
      currency: input.currency,
    },
    at,
  });
  const balance =
    (await creditBalances(tx.trx, holder)).find((b) => b.currency === input.currency)?.cents ?? 0;
  await notifyCustomer(tx, {
    conversationId: engagement.conversationId,
    sentByUserId: actor.type === "user" ? actor.id : null,
    tag: "credit",
    text: translate(input.language, "billing.wa.creditKept", {
      amount: formatMoney(input.cents, input.currency, input.language),
      balance: formatMoney(balance, input.currency, input.language),
    }),
  });
}

/**
 * A new agreement draws the customer's credit in its currency first: up to the deposit asked (prepaid work),
 * or up to what the cap can cost (work billed afterwards, netted on its invoice). Returns what it drew.
 */
export async function drawCreditIn(
  tx: TxContext,
  engagement: Engagement,
  agreement: Agreement,
  actor: Actor,
): Promise<number> {
  const holder = await creditHolder(tx.trx, engagement);
  const available = (await creditBalances(tx.trx, holder)).find(
    (b) => b.currency === agreement.currency,
  )?.cents;
  if (!available) return 0;
  const limit =
    agreement.depositCents > 0 ? agreement.depositCents : costOfMinutes(agreement.capMinutes, agreement);
  const cents = Math.min(available, limit);
  if (cents <= 0) return 0;
  const payment = await recordPaymentIn(
    tx,
    engagement,
    { amountCents: cents, method: "credit", reference: "credit" },
    actor,
  );
  const at = tx.clock.now().toISOString();
  await insertCredit(tx.trx, {
    id: newId(),
    holder,
    currency: agreement.currency,
    amount_cents: -cents,
    kind: "applied",
    engagement_id: engagement.id,
    invoice_id: null,
    payment_id: payment.id,
    created_at: at,
  });
  return cents;
}

/**
 * A credit note on an invoice whose unused prepaid money was kept as credit gives that money back first: the
 * credit goes down by what is left of it (and of the holder's balance). Returns what it took.
 */
export async function takeBackKeptCredit(
  tx: TxContext,
  engagement: Engagement,
  input: { invoiceId: string; creditNoteId: string; cents: number },
): Promise<number> {
  const left = await keptCreditLeft(tx.trx, input.invoiceId);
  if (!left || left.cents <= 0) return 0;
  const { currency } = left;
  const holder = await creditHolder(tx.trx, engagement);
  const balance = (await creditBalances(tx.trx, holder)).find((b) => b.currency === currency)?.cents ?? 0;
  const cents = Math.min(input.cents, left.cents, balance);
  if (cents <= 0) return 0;
  await insertCredit(tx.trx, {
    id: newId(),
    holder,
    currency,
    amount_cents: -cents,
    kind: "refunded",
    engagement_id: engagement.id,
    invoice_id: input.invoiceId,
    payment_id: input.creditNoteId,
    created_at: tx.clock.now().toISOString(),
  });
  return cents;
}
