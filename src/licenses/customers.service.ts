import type { Kysely } from "kysely";
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import type { Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { languageForPhone, normalizeEmail, normalizePhone } from "./contact-normalize.js";
import {
  addCustomerPhones,
  type Customer,
  findCustomerByEmail,
  findCustomerById,
  findPhoneOwners,
  insertCustomer,
  removeCustomerPhones,
  updateCustomerRow,
} from "./customers.repository.js";
import { type Actor, auditActor } from "./licenses.actor.js";

export interface NewCustomer {
  email: string;
  name?: string;
  /** "es" | "en"; defaults from the phone's country, then the vendor's default language. */
  language?: string;
  notes?: string;
  /** Phones in international form ("+34 611 000 001"); stored as digits. */
  phones?: string[];
  /** ISO 4217, one of the owner's rate cards; absent/null: by the phone's country, else the default card. */
  currency?: string | null;
}

function requireEmail(input: string): string {
  const email = normalizeEmail(input);
  if (!email) throw new AppError("validation_failed", `"${input}" is not a valid email address`);
  return email;
}

function requirePhones(inputs: string[]): string[] {
  const phones: string[] = [];
  for (const input of inputs) {
    const phone = normalizePhone(input);
    if (!phone) {
      throw new AppError(
        "validation_failed",
        `"${input}" is not a phone number in international form (e.g. +34 611 000 001)`,
      );
    }
    if (!phones.includes(phone)) phones.push(phone);
  }
  return phones;
}

/**
 * Insert a customer inside the caller's transaction, or return the one with that email (emails are
 * unique case-insensitively). Concurrent callers with the same email end up with the same customer.
 */
export async function ensureCustomer(
  trx: Kysely<Database>,
  input: NewCustomer & { email: string; language: string },
  actor: Actor,
  at: string,
): Promise<{ customer: Customer; created: boolean }> {
  const email = requireEmail(input.email);
  const phones = requirePhones(input.phones ?? []);
  const id = newId();
  const created = await insertCustomer(trx, {
    id,
    email,
    name: (input.name ?? "").trim() || email.split("@")[0]!,
    language: input.language,
    notes: input.notes ?? "",
    currency: input.currency ?? null,
    created_at: at,
    updated_at: at,
  });
  const existing = await findCustomerByEmail(trx, email);
  if (!existing) throw new AppError("internal", "customer vanished after insert");
  const { added } = await addCustomerPhones(trx, existing.id, phones, at);
  const customer = added.length > 0 ? { ...existing, phones: [...existing.phones, ...added] } : existing;
  if (created) {
    await recordAudit(trx, {
      ...auditActor(actor),
      action: "customer.created",
      subjectType: "customer",
      subjectId: customer.id,
      details: { email, phones: added },
      at,
    });
  } else if (added.length > 0) {
    await recordAudit(trx, {
      ...auditActor(actor),
      action: "customer.phones_added",
      subjectType: "customer",
      subjectId: customer.id,
      details: { phones: added },
      at,
    });
  }
  return { customer, created };
}

export async function defaultLanguageFor(ctx: AppContext, phones: string[] | undefined): Promise<string> {
  const fromPhone = languageForPhone(phones?.map((p) => normalizePhone(p)).find(Boolean));
  return fromPhone ?? (await getSettings(ctx)).vendor.defaultLanguage;
}

/** Create a customer; 409 conflict when the email (any capitalisation) is taken. */
export async function createCustomer(ctx: AppContext, input: NewCustomer, actor: Actor): Promise<Customer> {
  const email = requireEmail(input.email);
  if (input.currency) assertRateCard(await getSettings(ctx), input.currency);
  const language = input.language ?? (await defaultLanguageFor(ctx, input.phones));
  const at = ctx.clock.now().toISOString();
  const customer = await inTransaction(ctx, async (tx) => {
    const phones = requirePhones(input.phones ?? []);
    await assertPhonesFree(tx.trx, phones, undefined);
    const result = await ensureCustomer(tx.trx, { ...input, email, language }, actor, at);
    if (!result.created) throw new AppError("conflict", `A customer with the email ${email} already exists`);
    return result.customer;
  });
  return (await findCustomerById(ctx.db.kysely, customer.id)) ?? customer;
}

export interface CustomerPatch {
  email?: string;
  name?: string;
  language?: string;
  notes?: string;
  /** The full list of phones: missing ones are removed, new ones added. */
  phones?: string[];
  /** ISO 4217, one of the owner's rate cards; null: chosen by the phone's country, else the default card. */
  currency?: string | null;
}

export async function updateCustomer(
  ctx: AppContext,
  id: string,
  patch: CustomerPatch,
  actor: Actor,
): Promise<Customer> {
  const at = ctx.clock.now().toISOString();
  const settings = await getSettings(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await findCustomerById(tx.trx, id);
    if (!before) throw new AppError("not_found", "No such customer");
    const changes: Record<string, unknown> = {};
    const row: Parameters<typeof updateCustomerRow>[2] = {};
    if (patch.email !== undefined) {
      const email = requireEmail(patch.email);
      if (email !== before.email) {
        const other = await findCustomerByEmail(tx.trx, email);
        if (other) throw new AppError("conflict", `A customer with the email ${email} already exists`);
        row.email = email;
        changes.email = { from: before.email, to: email };
      }
    }
    if (patch.name !== undefined && patch.name.trim() !== before.name) {
      row.name = patch.name.trim();
      changes.name = { from: before.name, to: row.name };
    }
    if (patch.language !== undefined && patch.language !== before.language) {
      row.language = patch.language;
      changes.language = { from: before.language, to: patch.language };
    }
    if (patch.notes !== undefined && patch.notes !== before.notes) {
      row.notes = patch.notes;
      changes.notes = true;
    }
    if (patch.currency !== undefined && patch.currency !== before.currency) {
      if (patch.currency !== null) assertRateCard(settings, patch.currency);
      row.currency = patch.currency;
      changes.currency = { from: before.currency, to: patch.currency };
    }
    if (patch.phones !== undefined) {
      const phones = requirePhones(patch.phones);
      const added = phones.filter((p) => !before.phones.includes(p));
      const removed = before.phones.filter((p) => !phones.includes(p));
      await assertPhonesFree(tx.trx, added, id);
      await removeCustomerPhones(tx.trx, id, removed);
      await addCustomerPhones(tx.trx, id, added, at);
      if (added.length || removed.length) changes.phones = { added, removed };
    }
    if (Object.keys(changes).length === 0) return;
    await updateCustomerRow(tx.trx, id, row, at);
    await recordAudit(tx.trx, {
      ...auditActor(actor),
      action: "customer.updated",
      subjectType: "customer",
      subjectId: id,
      details: changes,
      at,
    });
  });
  const customer = await findCustomerById(ctx.db.kysely, id);
  if (!customer) throw new AppError("not_found", "No such customer");
  return customer;
}

async function assertPhonesFree(trx: Kysely<Database>, phones: string[], ownerId: string | undefined) {
  const owners = await findPhoneOwners(trx, phones);
  for (const [phone, customerId] of owners) {
    if (customerId !== ownerId) {
      throw new AppError("conflict", `The phone +${phone} already belongs to another customer`);
    }
  }
}

/** A customer's currency must be one the owner quotes in: the default card's or another card's. */
function assertRateCard(settings: Settings, currency: string): void {
  const { rates } = settings;
  if (currency === rates.currency || rates.cards.some((c) => c.currency === currency)) return;
  throw new AppError(
    "validation_failed",
    `There is no rate card in ${currency}: add one in Settings → Invoices and currencies first`,
    [{ path: "currency", message: `no rate card in ${currency}` }],
  );
}
