import type { AppContext } from "../../platform/context.js";
import { translate } from "../../platform/i18n/i18n.js";
import { inTransaction } from "../../platform/transaction.js";
import type { BillingLinksTable } from "../billing.tables.js";
import { findEngagement } from "../engagements.repository.js";
import { listInvoicesForEngagement } from "../invoices.repository.js";
import { sumPayments } from "../payments.repository.js";
import { findAgreement } from "../quotes.repository.js";
import { findReusableSession, insertCheckoutSession } from "./checkout.repository.js";
import { createCheckout } from "./stripe-gateway.js";

export { cardPayments, customerLinkIn, resolveLink } from "./customer-links.js";

// The Checkout Sessions behind the customer's pay link (customer-links.ts). A
// link names no amount: following it asks what is due at that moment (the invoice, else the deposit, else a
// top-up of the deposit's size) and opens a Checkout Session for it, reusing an open one for the same amount.

export interface Due {
  purpose: "deposit" | "invoice";
  invoiceId: string | null;
  invoiceNumber: string | null;
  amountCents: number;
  currency: string;
  language: "es" | "en";
}

/** What the customer owes on the engagement right now, if anything. */
export async function dueNow(ctx: AppContext, engagementId: string): Promise<Due | undefined> {
  const db = ctx.db.kysely;
  const engagement = await findEngagement(db, engagementId);
  if (!engagement?.currentAgreementId) return undefined;
  const agreement = await findAgreement(db, engagement.currentAgreementId);
  if (!agreement) return undefined;
  const base = { currency: agreement.currency, language: engagement.language };
  const unpaid = (await listInvoicesForEngagement(db, engagementId)).find(
    (i) => i.kind === "invoice" && i.status === "unpaid",
  );
  if (unpaid && unpaid.totalCents > 0) {
    return {
      ...base,
      purpose: "invoice",
      invoiceId: unpaid.id,
      invoiceNumber: unpaid.number,
      amountCents: unpaid.totalCents,
    };
  }
  if (agreement.depositCents <= 0) return undefined;
  if (!["agreed", "in_progress", "in_review", "disputed", "closed"].includes(engagement.state))
    return undefined;
  const paid = await sumPayments(db, engagementId);
  const amountCents = paid < agreement.depositCents ? agreement.depositCents - paid : agreement.depositCents;
  if (engagement.state !== "agreed" && engagement.state !== "in_progress" && paid >= agreement.depositCents)
    return undefined;
  return { ...base, purpose: "deposit", invoiceId: null, invoiceNumber: null, amountCents };
}

/**
 * The Checkout Session URL for what is due on the link's engagement (a second click reuses the open
 * session); undefined when nothing is due. The session is created at Stripe first (network, outside any
 * transaction), then recorded.
 */
export async function checkoutUrlFor(ctx: AppContext, link: BillingLinksTable): Promise<string | undefined> {
  const due = await dueNow(ctx, link.engagement_id);
  if (!due) return undefined;
  const now = ctx.clock.now();
  const reusable = await findReusableSession(ctx.db.kysely, {
    engagementId: link.engagement_id,
    purpose: due.purpose,
    invoiceId: due.invoiceId,
    amountCents: due.amountCents,
    now: now.toISOString(),
  });
  if (reusable) return reusable.url;
  const description =
    due.purpose === "invoice"
      ? translate(due.language, "billing.pay.invoiceItem", { number: due.invoiceNumber ?? "" })
      : translate(due.language, "billing.pay.depositItem");
  const created = await createCheckout(
    ctx.config,
    {
      engagementId: link.engagement_id,
      purpose: due.purpose,
      invoiceId: due.invoiceId,
      amountCents: due.amountCents,
      currency: due.currency,
      description,
      successUrl: `${ctx.config.publicUrl}/billing/paid?lang=${due.language}`,
      cancelUrl: `${ctx.config.publicUrl}/billing/paid?cancelled=1&lang=${due.language}`,
    },
    now,
  );
  await inTransaction(ctx, async (tx) => {
    await insertCheckoutSession(tx.trx, {
      id: created.id,
      engagement_id: link.engagement_id,
      purpose: due.purpose,
      invoice_id: due.invoiceId,
      amount_cents: due.amountCents,
      currency: due.currency,
      url: created.url,
      status: "open",
      payment_intent: null,
      payment_id: null,
      refunded_cents: 0,
      created_at: now.toISOString(),
      expires_at: created.expiresAt,
      completed_at: null,
    });
  });
  return created.url;
}
