import { isWellFormedLicenseKey, normalizeLicenseKey } from "../licenses/license-key.js";
import { findCustomerByEmail, findCustomerById, findLicenseByKey } from "../licenses/licenses.service.js";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { randomToken } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import { inTransaction } from "../platform/transaction.js";
import type { Language } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { hashToken } from "../users/users.service.js";
import {
  consumeMagicLink,
  deleteCustomerSession,
  deleteExpiredCustomerSessions,
  deleteExpiredMagicLinks,
  findCustomerSession,
  findUsableMagicLink,
  insertCustomerSession,
  insertMagicLink,
} from "./portal-auth.repository.js";
import { MAGIC_LINK_MINUTES, queueMagicLinkMail } from "./ticket-mails.js";

export const CUSTOMER_SESSION_DAYS = 14;

export interface PortalCustomer {
  id: string;
  email: string;
  name: string;
  language: Language;
}

/**
 * Mail a sign-in link if `email` belongs to a customer. Returns nothing either way, so the caller
 * cannot answer differently for known and unknown addresses.
 */
export async function requestMagicLink(ctx: AppContext, email: string, lang: Language): Promise<void> {
  const customer = await findCustomerByEmail(ctx.db.kysely, email);
  if (!customer) return;
  const settings = await getSettings(ctx);
  const token = randomToken(40);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    await deleteExpiredMagicLinks(tx.trx, new Date(now.getTime() - 86_400_000).toISOString());
    await insertMagicLink(tx.trx, {
      id: hashToken(token),
      customerId: customer.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + MAGIC_LINK_MINUTES * 60_000).toISOString(),
    });
    await queueMagicLinkMail(tx, settings, {
      to: customer.email,
      customerId: customer.id,
      lang,
      url: `${ctx.config.publicUrl}/support/auth?token=${token}&lang=${lang}`,
    });
  });
  ctx.outbox.wake();
}

/**
 * For a customer who does not remember which address bought the license: the key finds the license's
 * holder, the sign-in link goes to the address on record (never to one typed here), and the page shows that
 * address masked so the customer knows which mailbox to open. Undefined for an unknown or malformed key.
 */
export async function requestMagicLinkByKey(
  ctx: AppContext,
  keyInput: string,
  lang: Language,
): Promise<{ maskedEmail: string } | undefined> {
  const key = normalizeLicenseKey(keyInput);
  if (!isWellFormedLicenseKey(key)) return undefined;
  const license = await findLicenseByKey(ctx.db.kysely, key);
  const customer = license ? await findCustomerById(ctx.db.kysely, license.customerId) : undefined;
  if (!customer?.email) return undefined;
  await requestMagicLink(ctx, customer.email, lang);
  return { maskedEmail: maskEmail(customer.email) };
}

/** "alice@example.com" → "a••••@e••••••.com": enough to recognise one's own mailbox, not to learn another's. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  const hide = (part: string) => (part ? `${part[0]}${"•".repeat(Math.max(part.length - 1, 2))}` : "");
  return `${hide(local)}@${hide(host)}${tld}`;
}

/** Whether a link can still be used, without using it (the confirmation page). */
export async function magicLinkUsable(ctx: AppContext, token: string): Promise<boolean> {
  if (!isTokenShaped(token)) return false;
  return (
    (await findUsableMagicLink(ctx.db.kysely, hashToken(token), ctx.clock.now().toISOString())) !== undefined
  );
}

/** Use the link up and open a customer session; undefined when it is unknown, used or expired. */
export async function signInWithMagicLink(
  ctx: AppContext,
  token: string,
): Promise<{ sessionToken: string; csrfToken: string; customerId: string } | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (tx) => {
    const customerId = await consumeMagicLink(tx.trx, hashToken(token), now);
    if (!customerId) return undefined;
    await deleteExpiredCustomerSessions(tx.trx, now);
    const session = await openSession(tx, customerId);
    await recordAudit(tx.trx, {
      actorType: "customer",
      actorId: customerId,
      action: "portal.signed_in",
      subjectType: "customer",
      subjectId: customerId,
      at: now,
    });
    return { ...session, customerId };
  });
}

/** A new customer session (signing in through a magic link is the only route that calls this in production). */
export async function createCustomerSession(
  ctx: AppContext,
  customerId: string,
): Promise<{ sessionToken: string; csrfToken: string }> {
  return inTransaction(ctx, (tx) => openSession(tx, customerId));
}

async function openSession(
  tx: TxContext,
  customerId: string,
): Promise<{ sessionToken: string; csrfToken: string }> {
  const sessionToken = randomToken(40);
  const csrfToken = randomToken(32);
  const now = tx.clock.now();
  await insertCustomerSession(tx.trx, {
    id: hashToken(sessionToken),
    customerId,
    csrfToken,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CUSTOMER_SESSION_DAYS * 86_400_000).toISOString(),
  });
  return { sessionToken, csrfToken };
}

export async function resolveCustomerSession(
  ctx: AppContext,
  sessionToken: string,
): Promise<{ customer: PortalCustomer; csrfToken: string } | undefined> {
  if (!isTokenShaped(sessionToken)) return undefined;
  const session = await findCustomerSession(
    ctx.db.kysely,
    hashToken(sessionToken),
    ctx.clock.now().toISOString(),
  );
  if (!session) return undefined;
  const customer = await findCustomerById(ctx.db.kysely, session.customerId);
  if (!customer) return undefined;
  return {
    customer: {
      id: customer.id,
      email: customer.email,
      name: customer.name,
      language: customer.language === "es" ? "es" : "en",
    },
    csrfToken: session.csrfToken,
  };
}

export async function signOutCustomer(ctx: AppContext, sessionToken: string): Promise<void> {
  if (isTokenShaped(sessionToken)) await deleteCustomerSession(ctx.db.kysely, hashToken(sessionToken));
}

function isTokenShaped(token: string): boolean {
  return /^[0-9a-z]{20,80}$/.test(token);
}
