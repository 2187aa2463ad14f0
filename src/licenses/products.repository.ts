import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";
import { safeWebUrl } from "../platform/web-url.js";
import type { ProductsTable } from "./licenses.tables.js";

export interface Product {
  id: string;
  sku: string;
  name: string;
  /** Supported OpenCart versions, e.g. ["3.0", "4.0"]. */
  platformVersions: string[];
  /** Default support period of a new license, in months. */
  supportMonths: number;
  storeUrl: string;
  demoUrl: string;
  createdAt: string;
  updatedAt: string;
}

const PRODUCT_COLUMNS = [
  "id",
  "sku",
  "name",
  "platform_versions",
  "support_months",
  "store_url",
  "demo_url",
  "created_at",
  "updated_at",
] as const;

function productRowToProduct(row: Pick<ProductsTable, (typeof PRODUCT_COLUMNS)[number]>): Product {
  let versions: string[] = [];
  try {
    const parsed = JSON.parse(row.platform_versions) as unknown;
    if (Array.isArray(parsed)) versions = parsed.map(String);
  } catch {
    versions = [];
  }
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    platformVersions: versions,
    supportMonths: Number(row.support_months),
    // An older database may hold a link that is not http(s): it is never shown as one.
    storeUrl: safeWebUrl(row.store_url),
    demoUrl: safeWebUrl(row.demo_url),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listProducts(db: Kysely<Database>): Promise<Product[]> {
  const rows = await db
    .selectFrom("products")
    .select(PRODUCT_COLUMNS)
    .orderBy("name")
    .orderBy("sku")
    .execute();
  return rows.map(productRowToProduct);
}

export async function findProductById(db: Kysely<Database>, id: string): Promise<Product | undefined> {
  const row = await db.selectFrom("products").select(PRODUCT_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? productRowToProduct(row) : undefined;
}

/** SKUs are stored upper-cased. */
export async function findProductBySku(db: Kysely<Database>, sku: string): Promise<Product | undefined> {
  const row = await db
    .selectFrom("products")
    .select(PRODUCT_COLUMNS)
    .where("sku", "=", sku.trim().toUpperCase())
    .executeTakeFirst();
  return row ? productRowToProduct(row) : undefined;
}

export async function insertProduct(db: Kysely<Database>, row: ProductsTable): Promise<void> {
  await db.insertInto("products").values(row).execute();
}

export async function updateProductRow(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Omit<ProductsTable, "id" | "created_at" | "updated_at">>,
  at: string,
): Promise<void> {
  await db
    .updateTable("products")
    .set({ ...patch, updated_at: at })
    .where("id", "=", id)
    .execute();
}
