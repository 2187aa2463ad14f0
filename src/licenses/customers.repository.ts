import { type Kysely, sql } from "kysely";
import { precompiled } from "../platform/db/precompiled.js";
import type { Database } from "../platform/db/schema.js";
import type { CustomersTable } from "./licenses.tables.js";

export interface Customer {
  id: string;
  email: string;
  name: string;
  language: string;
  notes: string;
  /** ISO 4217 set by an agent; null: chosen by the phone's country, else the default rate card. */
  currency: string | null;
  /** International numbers as digits only (E.164 without the +), e.g. "34611000001". */
  phones: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CustomerListItem extends Customer {
  licenseCount: number;
  activeLicenseCount: number;
}

const CUSTOMER_COLUMNS = [
  "id",
  "email",
  "name",
  "language",
  "notes",
  "currency",
  "created_at",
  "updated_at",
] as const;
type CustomerRow = Pick<CustomersTable, (typeof CUSTOMER_COLUMNS)[number]>;

function customerRowToCustomer(row: CustomerRow, phones: string[]): Customer {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    language: row.language,
    notes: row.notes,
    currency: row.currency,
    phones,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function phonesFor(db: Kysely<Database>, customerIds: string[]): Promise<Map<string, string[]>> {
  const byCustomer = new Map<string, string[]>();
  if (customerIds.length === 0) return byCustomer;
  const rows = await db
    .selectFrom("customer_phones")
    .select(["customer_id", "phone"])
    .where("customer_id", "in", customerIds)
    .orderBy("created_at")
    .orderBy("phone")
    .execute();
  for (const row of rows) {
    const list = byCustomer.get(row.customer_id) ?? [];
    list.push(row.phone);
    byCustomer.set(row.customer_id, list);
  }
  return byCustomer;
}

async function withPhones(db: Kysely<Database>, row: CustomerRow | undefined): Promise<Customer | undefined> {
  if (!row) return undefined;
  const phones = await phonesFor(db, [row.id]);
  return customerRowToCustomer(row, phones.get(row.id) ?? []);
}

export async function findCustomerById(db: Kysely<Database>, id: string): Promise<Customer | undefined> {
  const row = await db
    .selectFrom("customers")
    .select(CUSTOMER_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return withPhones(db, row);
}

/** Emails are stored lower-cased, so any capitalisation finds the customer. */
export async function findCustomerByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<Customer | undefined> {
  const row = await db
    .selectFrom("customers")
    .select(CUSTOMER_COLUMNS)
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  return withPhones(db, row);
}

/** `digits` as stored in customer_phones (see normalizePhone); anything else is cleaned first. */
export async function findCustomerByPhone(
  db: Kysely<Database>,
  digits: string,
): Promise<Customer | undefined> {
  const phone = digits.replace(/\D/g, "").replace(/^00/, "");
  if (!phone) return undefined;
  return withPhones(db, await customerByPhone.first(db, phone));
}

// Asked for every customer message (is the writer a customer?): compiled once.
const customerByPhone = precompiled((db, phone: string) =>
  db
    .selectFrom("customer_phones")
    .innerJoin("customers", "customers.id", "customer_phones.customer_id")
    .select(CUSTOMER_COLUMNS.map((c) => `customers.${c}` as const))
    .where("customer_phones.phone", "=", phone),
);

export async function findCustomersByEmails(
  db: Kysely<Database>,
  emails: string[],
): Promise<Map<string, Customer>> {
  const found = new Map<string, Customer>();
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500);
    const rows = await db
      .selectFrom("customers")
      .select(CUSTOMER_COLUMNS)
      .where("email", "in", chunk)
      .execute();
    const phones = await phonesFor(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) found.set(row.email, customerRowToCustomer(row, phones.get(row.id) ?? []));
  }
  return found;
}

/** Owner of each phone among `phones`: phone → customer id. */
export async function findPhoneOwners(db: Kysely<Database>, phones: string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (let i = 0; i < phones.length; i += 500) {
    const rows = await db
      .selectFrom("customer_phones")
      .select(["phone", "customer_id"])
      .where("phone", "in", phones.slice(i, i + 500))
      .execute();
    for (const row of rows) owners.set(row.phone, row.customer_id);
  }
  return owners;
}

export interface CustomerSearch {
  q?: string;
  limit: number;
  offset: number;
  /** Today in the vendor's time zone, to count licenses with support. */
  today: string;
}

/** Search by name, email, phone digits or license key; newest first, with license counts. */
export async function searchCustomers(
  db: Kysely<Database>,
  search: CustomerSearch,
): Promise<{ items: CustomerListItem[]; total: number }> {
  let query = db.selectFrom("customers");
  const q = search.q?.trim().toLowerCase();
  if (q) {
    const like = `%${escapeLike(q)}%`;
    const digits = q.replace(/\D/g, "");
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(customers.name)`, "like", sql`${like} escape '\\'`),
        eb("customers.email", "like", sql<string>`${like} escape '\\'`),
        eb.exists(
          eb
            .selectFrom("licenses")
            .select("licenses.id")
            .whereRef("licenses.customer_id", "=", "customers.id")
            .where((inner) =>
              inner.or([
                inner(sql`lower(licenses.key)`, "like", sql`${like} escape '\\'`),
                inner(sql`lower(coalesce(licenses.order_ref, ''))`, "=", q),
              ]),
            ),
        ),
        ...(digits.length >= 4
          ? [
              eb.exists(
                eb
                  .selectFrom("customer_phones")
                  .select("customer_phones.phone")
                  .whereRef("customer_phones.customer_id", "=", "customers.id")
                  .where("customer_phones.phone", "like", `%${digits}%`),
              ),
            ]
          : []),
      ]),
    );
  }
  const totalRow = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select(CUSTOMER_COLUMNS.map((c) => `customers.${c}` as const))
    .select((eb) => [
      eb
        .selectFrom("licenses")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("licenses.customer_id", "=", "customers.id")
        .as("license_count"),
      eb
        .selectFrom("licenses")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("licenses.customer_id", "=", "customers.id")
        .where("licenses.status", "=", "active")
        .where("licenses.support_until", ">=", search.today)
        .as("active_license_count"),
    ])
    .orderBy("customers.created_at", "desc")
    .orderBy("customers.id", "desc")
    .limit(search.limit)
    .offset(search.offset)
    .execute();
  const phones = await phonesFor(
    db,
    rows.map((r) => r.id),
  );
  return {
    total: Number(totalRow.n),
    items: rows.map((row) => ({
      ...customerRowToCustomer(row, phones.get(row.id) ?? []),
      licenseCount: Number(row.license_count ?? 0),
      activeLicenseCount: Number(row.active_license_count ?? 0),
    })),
  };
}

export async function insertCustomer(db: Kysely<Database>, row: CustomersTable): Promise<boolean> {
  const result = await db
    .insertInto("customers")
    .values(row)
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateCustomerRow(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<CustomersTable, "email" | "name" | "language" | "notes" | "currency">>,
  at: string,
): Promise<void> {
  await db
    .updateTable("customers")
    .set({ ...patch, updated_at: at })
    .where("id", "=", id)
    .execute();
}

/** Adds phones not yet stored; a phone that belongs to someone else is left alone and returned. */
export async function addCustomerPhones(
  db: Kysely<Database>,
  customerId: string,
  phones: string[],
  at: string,
): Promise<{ added: string[]; takenByOthers: string[] }> {
  const added: string[] = [];
  const takenByOthers: string[] = [];
  for (const phone of phones) {
    const result = await db
      .insertInto("customer_phones")
      .values({ phone, customer_id: customerId, created_at: at })
      .onConflict((oc) => oc.column("phone").doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) {
      added.push(phone);
      continue;
    }
    const owner = await db
      .selectFrom("customer_phones")
      .select("customer_id")
      .where("phone", "=", phone)
      .executeTakeFirst();
    if (owner && owner.customer_id !== customerId) takenByOthers.push(phone);
  }
  return { added, takenByOthers };
}

export async function removeCustomerPhones(
  db: Kysely<Database>,
  customerId: string,
  phones: string[],
): Promise<void> {
  if (phones.length === 0) return;
  await db
    .deleteFrom("customer_phones")
    .where("customer_id", "=", customerId)
    .where("phone", "in", phones)
    .execute();
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
