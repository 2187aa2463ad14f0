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
  /** The list price in minor units, or null when the owner has not set one (price questions then wait). */
  priceCents: number | null;
  currency: string;
  /** Other names customers use: "invoice module", "módulo de facturas". */
  aliases: string[];
  phpVersions: string[];
  flavours: ProductFlavour[];
  /** The owner's own questions and answers, each in one language. */
  qa: ProductQa[];
  createdAt: string;
  updatedAt: string;
}

export type ProductFlavour = "ocmod" | "vqmod" | "multistore";

export interface ProductQa {
  question: string;
  answer: string;
  language: "es" | "en";
}

const PRODUCT_COLUMNS = [
  "id",
  "sku",
  "name",
  "platform_versions",
  "support_months",
  "store_url",
  "demo_url",
  "price_cents",
  "currency",
  "aliases",
  "php_versions",
  "flavours",
  "qa",
  "created_at",
  "updated_at",
] as const;

/** A JSON list column; anything else (an older or damaged value) reads as an empty list. */
function jsonList(text: string): unknown[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

const FLAVOURS = new Set<string>(["ocmod", "vqmod", "multistore"]);

function productRowToProduct(row: Pick<ProductsTable, (typeof PRODUCT_COLUMNS)[number]>): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    platformVersions: jsonList(row.platform_versions).map(String),
    supportMonths: Number(row.support_months),
    // An older database may hold a link that is not http(s): it is never shown as one.
    storeUrl: safeWebUrl(row.store_url),
    demoUrl: safeWebUrl(row.demo_url),
    priceCents: row.price_cents === null ? null : Number(row.price_cents),
    currency: row.currency,
    aliases: jsonList(row.aliases).map(String),
    phpVersions: jsonList(row.php_versions).map(String),
    flavours: jsonList(row.flavours).filter((f): f is ProductFlavour => FLAVOURS.has(String(f))),
    qa: jsonList(row.qa).filter(isQa),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isQa(value: unknown): value is ProductQa {
  const q = value as ProductQa;
  return (
    typeof q?.question === "string" &&
    typeof q.answer === "string" &&
    (q.language === "es" || q.language === "en")
  );
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

/** Bumped by every product write of this process: a cached product list older than it is reloaded. */
let generation = 0;

export function productsGeneration(): number {
  return generation;
}

/** Product lists cached before now are stale (called by every write, and again after its commit). */
export function markProductsChanged(): void {
  generation++;
}

export async function insertProduct(db: Kysely<Database>, row: ProductsTable): Promise<void> {
  markProductsChanged();
  await db.insertInto("products").values(row).execute();
}

export async function updateProductRow(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Omit<ProductsTable, "id" | "created_at" | "updated_at">>,
  at: string,
): Promise<void> {
  markProductsChanged();
  await db
    .updateTable("products")
    .set({ ...patch, updated_at: at })
    .where("id", "=", id)
    .execute();
}
