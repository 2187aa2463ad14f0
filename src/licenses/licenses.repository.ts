import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../platform/db/schema.js";
import { escapeLike } from "./customers.repository.js";
import type { LicenseStatus } from "./entitlement.js";
import { normalizeLicenseKey } from "./license-key.js";
import type { LicensesTable } from "./licenses.tables.js";

export interface License {
  id: string;
  key: string;
  customerId: string;
  productId: string;
  productSku: string;
  productName: string;
  orderRef: string | null;
  /** Where it came from: shop, marketplace, import, manual, demo. */
  source: string;
  purchaseDate: string;
  /** Last day of support, inclusive (YYYY-MM-DD). */
  supportUntil: string;
  status: LicenseStatus;
  /** Activated domains, lower-cased host names. */
  domains: string[];
  createdAt: string;
  updatedAt: string;
}

export interface LicenseListItem extends License {
  customerName: string;
  customerEmail: string;
}

const LICENSE_COLUMNS = [
  "licenses.id",
  "licenses.key",
  "licenses.customer_id",
  "licenses.product_id",
  "licenses.order_ref",
  "licenses.source",
  "licenses.purchase_date",
  "licenses.support_until",
  "licenses.status",
  "licenses.created_at",
  "licenses.updated_at",
  "products.sku as product_sku",
  "products.name as product_name",
] as const;

interface LicenseRow {
  id: string;
  key: string;
  customer_id: string;
  product_id: string;
  order_ref: string | null;
  source: string;
  purchase_date: string;
  support_until: string;
  status: LicenseStatus;
  created_at: string;
  updated_at: string;
  product_sku: string;
  product_name: string;
}

function licenseRowToLicense(row: LicenseRow, domains: string[]): License {
  return {
    id: row.id,
    key: row.key,
    customerId: row.customer_id,
    productId: row.product_id,
    productSku: row.product_sku,
    productName: row.product_name,
    orderRef: row.order_ref,
    source: row.source,
    purchaseDate: row.purchase_date,
    supportUntil: row.support_until,
    status: row.status,
    domains,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function licensesWithProduct(db: Kysely<Database>) {
  return db
    .selectFrom("licenses")
    .innerJoin("products", "products.id", "licenses.product_id")
    .select(LICENSE_COLUMNS);
}

async function domainsFor(db: Kysely<Database>, licenseIds: string[]): Promise<Map<string, string[]>> {
  const byLicense = new Map<string, string[]>();
  for (let i = 0; i < licenseIds.length; i += 500) {
    const rows = await db
      .selectFrom("license_domains")
      .select(["license_id", "domain"])
      .where("license_id", "in", licenseIds.slice(i, i + 500))
      .orderBy("added_at")
      .orderBy("domain")
      .execute();
    for (const row of rows) {
      const list = byLicense.get(row.license_id) ?? [];
      list.push(row.domain);
      byLicense.set(row.license_id, list);
    }
  }
  return byLicense;
}

async function hydrate(db: Kysely<Database>, rows: LicenseRow[]): Promise<License[]> {
  const domains = await domainsFor(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => licenseRowToLicense(row, domains.get(row.id) ?? []));
}

/** The key is normalised first, so "hb-7k3m q9xd…" finds HB-7K3M-Q9XD-…. */
export async function findLicenseByKey(db: Kysely<Database>, key: string): Promise<License | undefined> {
  const row = await licensesWithProduct(db)
    .where("licenses.key", "=", normalizeLicenseKey(key))
    .executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function findLicenseById(db: Kysely<Database>, id: string): Promise<License | undefined> {
  const row = await licensesWithProduct(db).where("licenses.id", "=", id).executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

export async function findLicenseByOrder(
  db: Kysely<Database>,
  orderRef: string,
  productId: string,
): Promise<License | undefined> {
  const row = await licensesWithProduct(db)
    .where("licenses.order_ref", "=", orderRef)
    .where("licenses.product_id", "=", productId)
    .executeTakeFirst();
  return row ? (await hydrate(db, [row]))[0] : undefined;
}

/** A customer's licenses, newest purchase first. */
export async function listLicensesByCustomer(db: Kysely<Database>, customerId: string): Promise<License[]> {
  const rows = await licensesWithProduct(db)
    .where("licenses.customer_id", "=", customerId)
    .orderBy("licenses.purchase_date", "desc")
    .orderBy("licenses.id", "desc")
    .execute();
  return hydrate(db, rows);
}

/** Licenses by key, for the import (keys already normalised); domains are not loaded. */
export async function findLicensesByKeys(
  db: Kysely<Database>,
  keys: string[],
): Promise<Map<string, License>> {
  const found = new Map<string, License>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await licensesWithProduct(db)
      .where("licenses.key", "in", keys.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.key, licenseRowToLicense(row, []));
  }
  return found;
}

/** Licenses by order reference, for the import; domains are not loaded. */
export async function findLicensesByOrderRefs(db: Kysely<Database>, orderRefs: string[]): Promise<License[]> {
  const found: License[] = [];
  for (let i = 0; i < orderRefs.length; i += 500) {
    const rows = await licensesWithProduct(db)
      .where("licenses.order_ref", "in", orderRefs.slice(i, i + 500))
      .execute();
    for (const row of rows) found.push(licenseRowToLicense(row, []));
  }
  return found;
}

export interface LicenseSearch {
  q?: string;
  status?: LicenseStatus;
  /** "active" = status active and supportUntil ≥ today; "expired" = status active and supportUntil < today. */
  support?: "active" | "expired";
  productId?: string;
  today: string;
  limit: number;
  offset: number;
}

export async function searchLicenses(
  db: Kysely<Database>,
  search: LicenseSearch,
): Promise<{ items: LicenseListItem[]; total: number }> {
  // biome-ignore lint/suspicious/noExplicitAny: the joined builder's type is long; filters are typed below.
  let query: SelectQueryBuilder<Database, "licenses" | "products" | "customers", any> = db
    .selectFrom("licenses")
    .innerJoin("products", "products.id", "licenses.product_id")
    .innerJoin("customers", "customers.id", "licenses.customer_id");
  if (search.status) query = query.where("licenses.status", "=", search.status);
  if (search.productId) query = query.where("licenses.product_id", "=", search.productId);
  if (search.support === "active") {
    query = query.where("licenses.status", "=", "active").where("licenses.support_until", ">=", search.today);
  } else if (search.support === "expired") {
    query = query.where("licenses.status", "=", "active").where("licenses.support_until", "<", search.today);
  }
  const q = search.q?.trim().toLowerCase();
  if (q) {
    const like = `%${escapeLike(q)}%`;
    const key = normalizeLicenseKey(q);
    query = query.where((eb) =>
      eb.or([
        eb("licenses.key", "=", key),
        eb(sql`lower(licenses.key)`, "like", sql`${like} escape '\\'`),
        eb(sql`lower(coalesce(licenses.order_ref, ''))`, "like", sql`${like} escape '\\'`),
        eb("customers.email", "like", sql<string>`${like} escape '\\'`),
        eb(sql`lower(customers.name)`, "like", sql`${like} escape '\\'`),
        eb(sql`lower(products.name)`, "like", sql`${like} escape '\\'`),
        eb(sql`lower(products.sku)`, "like", sql`${like} escape '\\'`),
      ]),
    );
  }
  const totalRow = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = (await query
    .select(LICENSE_COLUMNS)
    .select(["customers.name as customer_name", "customers.email as customer_email"])
    .orderBy("licenses.purchase_date", "desc")
    .orderBy("licenses.id", "desc")
    .limit(search.limit)
    .offset(search.offset)
    .execute()) as (LicenseRow & { customer_name: string; customer_email: string })[];
  const licenses = await hydrate(db, rows);
  return {
    total: Number(totalRow.n),
    items: licenses.map((license, i) => ({
      ...license,
      customerName: rows[i]!.customer_name,
      customerEmail: rows[i]!.customer_email,
    })),
  };
}

/** Insert unless the key or (order, product) already exists; true when a row was written. */
export async function insertLicense(db: Kysely<Database>, row: LicensesTable): Promise<boolean> {
  const result = await db
    .insertInto("licenses")
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Change a license only if it still has the `expected` values (optimistic check): false when another
 * change got there first, so the caller can re-read and decide again.
 */
export async function updateLicenseRow(
  db: Kysely<Database>,
  id: string,
  patch: Partial<
    Pick<LicensesTable, "support_until" | "status" | "customer_id" | "purchase_date" | "order_ref">
  >,
  at: string,
  expected: Partial<Pick<LicensesTable, "support_until" | "status">> = {},
): Promise<boolean> {
  let query = db
    .updateTable("licenses")
    .set({ ...patch, updated_at: at })
    .where("id", "=", id);
  if (expected.support_until !== undefined) query = query.where("support_until", "=", expected.support_until);
  if (expected.status !== undefined) query = query.where("status", "=", expected.status);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertLicenseDomain(
  db: Kysely<Database>,
  licenseId: string,
  domain: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .insertInto("license_domains")
    .values({ license_id: licenseId, domain, added_at: at })
    .onConflict((oc) => oc.columns(["license_id", "domain"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteLicenseDomain(
  db: Kysely<Database>,
  licenseId: string,
  domain: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("license_domains")
    .where("license_id", "=", licenseId)
    .where("domain", "=", domain)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
