import type { Kysely } from "kysely";
import { listAudit, recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import type { TxContext } from "../platform/transaction.js";
import { inTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { findCustomerById } from "./customers.repository.js";
import { defaultLanguageFor, ensureCustomer } from "./customers.service.js";
import {
  addMonths,
  isCalendarDate,
  type LicenseStatus,
  type SupportState,
  supportState,
  todayIn,
} from "./entitlement.js";
import {
  DEFAULT_LICENSE_KEY_PREFIX,
  generateLicenseKey,
  isWellFormedLicenseKey,
  normalizeLicenseKey,
} from "./license-key.js";
import { type Actor, actorDetails, auditActor } from "./licenses.actor.js";
import {
  findLicenseById,
  findLicenseByKey,
  findLicenseByOrder,
  insertLicense,
  type License,
  listLicensesByCustomer,
  updateLicenseRow,
} from "./licenses.repository.js";
import { findProductById, findProductBySku, type Product } from "./products.repository.js";

// The finders other domains (tickets, portal, inbox) use, from one place.
export {
  findCustomerByEmail,
  findCustomerById,
  findCustomerByPhone,
} from "./customers.repository.js";
export { createCustomer, updateCustomer } from "./customers.service.js";
export type { Actor } from "./licenses.actor.js";
export { actorFromPrincipal, SYSTEM_ACTOR } from "./licenses.actor.js";
export { findLicenseById, findLicenseByKey, type License } from "./licenses.repository.js";
export { listProducts, type Product } from "./products.repository.js";
export { cachedProducts, createProduct, updateProduct } from "./products.service.js";

/** A license with its support state, judged today in the vendor's time zone. */
export interface LicenseWithSupport extends License {
  support: SupportState;
}

/** "Now" as the license rules see it: the clock, the vendor's time zone and today's date there. */
export interface LicenseClock {
  now: Date;
  timeZone: string;
  today: string;
  /** Prefix for new keys, read with the settings up front (never inside a transaction). */
  keyPrefix: string;
}

export async function licenseClock(ctx: AppContext): Promise<LicenseClock> {
  const settings = await getSettings(ctx);
  const timeZone = settings.vendor.timeZone;
  const now = ctx.clock.now();
  return { now, timeZone, today: todayIn(timeZone, now), keyPrefix: settings.tickets.licensePrefix };
}

export function withSupport<L extends License>(
  license: L,
  clock: LicenseClock,
): L & { support: SupportState } {
  return { ...license, support: supportState(license, clock.now, clock.timeZone) };
}

/** A customer's licenses, newest first, each with product name and support state. */
export async function listLicensesForCustomer(
  ctx: AppContext,
  customerId: string,
): Promise<LicenseWithSupport[]> {
  const clock = await licenseClock(ctx);
  const licenses = await listLicensesByCustomer(ctx.db.kysely, customerId);
  return licenses.map((l) => withSupport(l, clock));
}

/** The license with that key (normalised), with support state; 404 not_found otherwise. */
export async function getLicense(ctx: AppContext, key: string): Promise<LicenseWithSupport> {
  const license = await findLicenseByKey(ctx.db.kysely, key);
  if (!license) throw new AppError("not_found", "No license with that key");
  return withSupport(license, await licenseClock(ctx));
}

/**
 * A fresh key with the configured prefix. The settings allow prefixes with letters the key alphabet
 * leaves out (I, L, O, U); such a prefix falls back to the default rather than failing a purchase.
 */
export function newLicenseKey(prefix: string): string {
  try {
    return generateLicenseKey(prefix);
  } catch {
    return generateLicenseKey(DEFAULT_LICENSE_KEY_PREFIX);
  }
}

function requireKey(input: string): string {
  const key = normalizeLicenseKey(input);
  if (!isWellFormedLicenseKey(key)) {
    throw new AppError(
      "validation_failed",
      `"${input}" is not a well-formed license key (check the characters)`,
    );
  }
  return key;
}

export interface NewLicense {
  customerId: string;
  /** Product by id or SKU. */
  productId?: string;
  productSku?: string;
  /** Given keys are normalised and must be well formed; otherwise one is generated. */
  key?: string;
  orderRef?: string | null;
  source?: string;
  /** Defaults to today in the vendor's time zone. */
  purchaseDate?: string;
  /** Explicit last day of support; otherwise purchaseDate + supportMonths (product default). */
  supportUntil?: string;
  supportMonths?: number;
  status?: LicenseStatus;
}

async function resolveProduct(trx: Kysely<Database>, input: { productId?: string; productSku?: string }) {
  const product = input.productId
    ? await findProductById(trx, input.productId)
    : input.productSku
      ? await findProductBySku(trx, input.productSku)
      : undefined;
  if (!product) {
    throw new AppError(
      "validation_failed",
      `Unknown product ${input.productSku ?? input.productId ?? ""}`.trim(),
    );
  }
  return product;
}

export function supportUntilFor(
  purchaseDate: string,
  product: Pick<Product, "supportMonths">,
  input: { supportUntil?: string; supportMonths?: number },
): string {
  if (input.supportUntil !== undefined) {
    if (!isCalendarDate(input.supportUntil)) {
      throw new AppError("validation_failed", "supportUntil must be a date in YYYY-MM-DD form");
    }
    return input.supportUntil;
  }
  const months = input.supportMonths ?? product.supportMonths;
  // Support runs to the same date `months` later (clamped to month end), that day included.
  return months === 0 ? purchaseDate : addMonths(purchaseDate, months);
}

/**
 * Insert a license in the caller's transaction. Idempotent on (orderRef, product): a repeat returns the
 * license already there with created=false; a key already used elsewhere is a 409 conflict.
 */
export async function insertNewLicense(
  tx: TxContext,
  clock: LicenseClock,
  input: NewLicense,
  actor: Actor,
): Promise<{ license: License; created: boolean }> {
  const product = await resolveProduct(tx.trx, input);
  const orderRef = input.orderRef?.trim() || null;
  if (orderRef) {
    const existing = await findLicenseByOrder(tx.trx, orderRef, product.id);
    if (existing) return { license: existing, created: false };
  }
  const purchaseDate = input.purchaseDate ?? clock.today;
  if (!isCalendarDate(purchaseDate)) {
    throw new AppError("validation_failed", "purchaseDate must be a date in YYYY-MM-DD form");
  }
  const supportUntil = supportUntilFor(purchaseDate, product, input);
  const key = input.key ? requireKey(input.key) : newLicenseKey(clock.keyPrefix);
  const at = tx.clock.now().toISOString();
  const id = newId();
  const inserted = await insertLicense(tx.trx, {
    id,
    key,
    customer_id: input.customerId,
    product_id: product.id,
    order_ref: orderRef,
    source: input.source ?? "manual",
    purchase_date: purchaseDate,
    support_until: supportUntil,
    status: input.status ?? "active",
    created_at: at,
    updated_at: at,
  });
  if (!inserted) {
    // Lost a race with the same order, or the key is taken.
    if (orderRef) {
      const existing = await findLicenseByOrder(tx.trx, orderRef, product.id);
      if (existing) return { license: existing, created: false };
    }
    throw new AppError("conflict", `The license key ${key} is already in use`);
  }
  await recordAudit(tx.trx, {
    ...auditActor(actor),
    action: "license.created",
    subjectType: "license",
    subjectId: id,
    details: {
      key,
      customerId: input.customerId,
      product: product.sku,
      orderRef,
      source: input.source ?? "manual",
      purchaseDate,
      supportUntil,
      status: input.status ?? "active",
      ...actorDetails(actor),
    },
    at,
  });
  const license = await findLicenseById(tx.trx, id);
  if (!license) throw new AppError("internal", "license vanished after insert");
  return { license, created: true };
}

/** Create a license for an existing customer. */
export async function createLicense(
  ctx: AppContext,
  input: NewLicense,
  actor: Actor,
): Promise<{ license: LicenseWithSupport; created: boolean }> {
  const clock = await licenseClock(ctx);
  const result = await inTransaction(ctx, async (tx) => {
    if (!(await findCustomerById(tx.trx, input.customerId)))
      throw new AppError("not_found", "No such customer");
    return insertNewLicense(tx, clock, input, actor);
  });
  return { license: withSupport(result.license, clock), created: result.created };
}

export interface PurchaseInput {
  email: string;
  name?: string;
  phone?: string;
  language?: "es" | "en";
  productSku: string;
  orderRef: string;
  purchaseDate?: string;
  supportMonths?: number;
  supportUntil?: string;
  key?: string;
  source?: string;
}

/**
 * The shop's "create on purchase": finds or creates the customer by email and creates the license,
 * idempotent by (orderRef, productSku). Safe under concurrent repeats: the unique index decides.
 */
export async function createLicenseOnPurchase(
  ctx: AppContext,
  input: PurchaseInput,
  actor: Actor,
): Promise<{ license: LicenseWithSupport; created: boolean }> {
  const clock = await licenseClock(ctx);
  const language = input.language ?? (await defaultLanguageFor(ctx, input.phone ? [input.phone] : undefined));
  const at = ctx.clock.now().toISOString();
  const run = () =>
    inTransaction(ctx, async (tx) => {
      const product = await resolveProduct(tx.trx, { productSku: input.productSku });
      const existing = await findLicenseByOrder(tx.trx, input.orderRef.trim(), product.id);
      if (existing) return { license: existing, created: false };
      const { customer } = await ensureCustomer(
        tx.trx,
        { email: input.email, name: input.name, language, phones: input.phone ? [input.phone] : [] },
        actor,
        at,
      );
      return insertNewLicense(
        tx,
        clock,
        {
          customerId: customer.id,
          productId: product.id,
          key: input.key,
          orderRef: input.orderRef,
          source: input.source ?? "shop",
          purchaseDate: input.purchaseDate,
          supportMonths: input.supportMonths,
          supportUntil: input.supportUntil,
        },
        actor,
      );
    });
  let result: { license: License; created: boolean };
  try {
    result = await run();
  } catch (error) {
    // Two concurrent first calls on PostgreSQL: one may fail on the unique index; the retry finds it.
    if (isUniqueViolation(error)) result = await run();
    else throw error;
  }
  return { license: withSupport(result.license, clock), created: result.created };
}

export type RenewInput = { months: number; orderRef?: string } | { supportUntil: string; orderRef?: string };

/**
 * Extend support: by `months` from max(today, supportUntil), or to an explicit later date. A renewal
 * that carries an orderRef already applied to this license changes nothing (the shop may retry).
 */
export async function renewLicense(
  ctx: AppContext,
  keyInput: string,
  input: RenewInput,
  actor: Actor,
): Promise<{ license: LicenseWithSupport; changed: boolean }> {
  const clock = await licenseClock(ctx);
  const at = ctx.clock.now().toISOString();
  const changed = await withRetryOnRace(() =>
    inTransaction(ctx, async (tx) => {
      const license = await findLicenseByKey(tx.trx, keyInput);
      if (!license) throw new AppError("not_found", "No license with that key");
      if (license.status !== "active") {
        throw new AppError("invalid_state", `A ${license.status} license cannot be renewed`);
      }
      if (input.orderRef) {
        const audit = await listAudit(tx.trx, "license", license.id);
        if (audit.some((e) => e.action === "license.renewed" && e.details.orderRef === input.orderRef)) {
          return false;
        }
      }
      let until: string;
      if ("months" in input) {
        if (!Number.isInteger(input.months) || input.months < 1 || input.months > 120) {
          throw new AppError("validation_failed", "months must be a whole number from 1 to 120");
        }
        const from = laterDate(license.supportUntil, clock.today);
        until = addMonths(from, input.months);
      } else {
        if (!isCalendarDate(input.supportUntil)) {
          throw new AppError("validation_failed", "supportUntil must be a date in YYYY-MM-DD form");
        }
        if (input.supportUntil < license.supportUntil) {
          throw new AppError(
            "invalid_state",
            `Support already runs to ${license.supportUntil}; a renewal cannot shorten it`,
          );
        }
        until = input.supportUntil;
      }
      if (until === license.supportUntil) return false;
      const updated = await updateLicenseRow(tx.trx, license.id, { support_until: until }, at, {
        support_until: license.supportUntil,
        status: "active",
      });
      if (!updated) throw new RaceLost();
      await recordAudit(tx.trx, {
        ...auditActor(actor),
        action: "license.renewed",
        subjectType: "license",
        subjectId: license.id,
        details: {
          from: license.supportUntil,
          to: until,
          ...("months" in input ? { months: input.months } : {}),
          ...(input.orderRef ? { orderRef: input.orderRef } : {}),
          ...actorDetails(actor),
        },
        at,
      });
      return true;
    }),
  );
  return { license: await getLicense(ctx, keyInput), changed };
}

/** Revoke (abuse, chargeback) or mark refunded; both end support and make the key invalid. */
export async function setLicenseStatus(
  ctx: AppContext,
  keyInput: string,
  status: LicenseStatus,
  reason: string,
  actor: Actor,
): Promise<LicenseWithSupport> {
  const at = ctx.clock.now().toISOString();
  await withRetryOnRace(() =>
    inTransaction(ctx, async (tx) => {
      const license = await findLicenseByKey(tx.trx, keyInput);
      if (!license) throw new AppError("not_found", "No license with that key");
      if (license.status === status) return;
      if (!(await updateLicenseRow(tx.trx, license.id, { status }, at, { status: license.status }))) {
        throw new RaceLost();
      }
      const action =
        status === "revoked"
          ? "license.revoked"
          : status === "refunded"
            ? "license.refunded"
            : "license.reinstated";
      await recordAudit(tx.trx, {
        ...auditActor(actor),
        action,
        subjectType: "license",
        subjectId: license.id,
        details: { from: license.status, to: status, reason, ...actorDetails(actor) },
        at,
      });
    }),
  );
  return getLicense(ctx, keyInput);
}

/** Another transaction changed the license between our read and our write. */
class RaceLost extends Error {}

/** Run a read-decide-write transaction again (a few times) when a concurrent change won. */
async function withRetryOnRace<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof RaceLost) || attempt >= 5) {
        if (error instanceof RaceLost)
          throw new AppError("conflict", "The license changed meanwhile; try again");
        throw error;
      }
    }
  }
}

function laterDate(a: string, b: string): string {
  if (a >= b) return a;
  return b;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE";
}
