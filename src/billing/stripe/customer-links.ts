import type { AppContext } from "../../platform/context.js";
import { randomToken } from "../../platform/ids.js";
import type { TxContext } from "../../platform/transaction.js";
import type { BillingLinksTable } from "../billing.tables.js";
import { sha256Hex } from "../terms.js";
import { findBillingLink, insertBillingLink } from "./checkout.repository.js";

// Customer links: /billing/pay/{token} (pay what is due now) and /billing/invoice/{token} (the invoice's
// PDF). Unguessable (40 base32 characters), expiring, kept only as the token's SHA-256.

const DAY_MS = 86_400_000;
export const LINK_TOKEN = /^[0-9a-hjkmnp-tv-z]{40}$/;

/** Card payments are on: Stripe itself, or the simulator's stand-in. */
export function cardPayments(ctx: { config: AppContext["config"] }): boolean {
  return ctx.config.stripe.mode !== "off";
}

/** A new customer link (in the caller's transaction); returns its URL. */
export async function customerLinkIn(
  tx: TxContext,
  input: { kind: BillingLinksTable["kind"]; engagementId: string; invoiceId: string | null; days: number },
): Promise<string> {
  const token = randomToken(40);
  const now = tx.clock.now();
  await insertBillingLink(tx.trx, {
    token_sha256: sha256Hex(token),
    kind: input.kind,
    engagement_id: input.engagementId,
    invoice_id: input.invoiceId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + input.days * DAY_MS).toISOString(),
  });
  const path = input.kind === "pay" ? "pay" : "invoice";
  return `${tx.config.publicUrl}/billing/${path}/${token}`;
}

/** The live link of a token, or undefined (unknown, malformed, expired, or of another kind). */
export async function resolveLink(
  ctx: AppContext,
  token: string,
  kind: BillingLinksTable["kind"],
): Promise<BillingLinksTable | undefined> {
  if (!LINK_TOKEN.test(token)) return undefined;
  const link = await findBillingLink(ctx.db.kysely, sha256Hex(token));
  if (!link || link.kind !== kind || link.expires_at <= ctx.clock.now().toISOString()) return undefined;
  return link;
}
