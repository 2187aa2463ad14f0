import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { inTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { normalizeDomain } from "./contact-normalize.js";
import { supportState } from "./entitlement.js";
import { isWellFormedLicenseKey, normalizeLicenseKey } from "./license-key.js";
import { type Actor, actorDetails, auditActor } from "./licenses.actor.js";
import { deleteLicenseDomain, findLicenseByKey, insertLicenseDomain } from "./licenses.repository.js";
import { getLicense, type LicenseWithSupport } from "./licenses.service.js";

function requireDomain(input: string): string {
  const domain = normalizeDomain(input);
  if (!domain) throw new AppError("validation_failed", `"${input}" is not a domain name`);
  return domain;
}

export async function addLicenseDomain(
  ctx: AppContext,
  keyInput: string,
  domainInput: string,
  actor: Actor,
): Promise<LicenseWithSupport> {
  const domain = requireDomain(domainInput);
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    const license = await findLicenseByKey(tx.trx, keyInput);
    if (!license) throw new AppError("not_found", "No license with that key");
    if (license.domains.length >= 50) throw new AppError("invalid_state", "A license has at most 50 domains");
    if (!(await insertLicenseDomain(tx.trx, license.id, domain, at))) return;
    await recordAudit(tx.trx, {
      ...auditActor(actor),
      action: "license.domain_added",
      subjectType: "license",
      subjectId: license.id,
      details: { domain, ...actorDetails(actor) },
      at,
    });
  });
  return getLicense(ctx, keyInput);
}

export async function removeLicenseDomain(
  ctx: AppContext,
  keyInput: string,
  domainInput: string,
  actor: Actor,
): Promise<LicenseWithSupport> {
  const domain = normalizeDomain(domainInput) ?? domainInput.trim().toLowerCase();
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    const license = await findLicenseByKey(tx.trx, keyInput);
    if (!license) throw new AppError("not_found", "No license with that key");
    if (!(await deleteLicenseDomain(tx.trx, license.id, domain))) {
      throw new AppError("not_found", `${domain} is not activated on this license`);
    }
    await recordAudit(tx.trx, {
      ...auditActor(actor),
      action: "license.domain_removed",
      subjectType: "license",
      subjectId: license.id,
      details: { domain, ...actorDetails(actor) },
      at,
    });
  });
  return getLicense(ctx, keyInput);
}

export interface Verification {
  valid: boolean;
  supportActive: boolean;
  supportUntil: string | null;
}

const INVALID: Verification = { valid: false, supportActive: false, supportUntil: null };

/**
 * The public check a store makes: valid = the key exists, is not revoked or refunded, and the domain is
 * activated on it (or none is yet). Says nothing about who owns it. A key whose check character fails
 * is refused before any lookup.
 */
export async function verifyLicense(
  ctx: AppContext,
  keyInput: string,
  domainInput: string,
): Promise<Verification> {
  const key = normalizeLicenseKey(keyInput);
  if (!isWellFormedLicenseKey(key)) return INVALID;
  const domain = normalizeDomain(domainInput);
  if (!domain) return INVALID;
  const license = await findLicenseByKey(ctx.db.kysely, key);
  if (license?.status !== "active") return INVALID;
  if (license.domains.length > 0 && !license.domains.includes(domain)) return INVALID;
  const state = supportState(license, ctx.clock.now(), (await getSettings(ctx)).vendor.timeZone);
  return { valid: true, supportActive: state.active, supportUntil: license.supportUntil };
}
