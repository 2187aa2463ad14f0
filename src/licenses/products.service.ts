import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { type Actor, auditActor } from "./licenses.actor.js";
import type { ProductsTable } from "./licenses.tables.js";
import {
  findProductById,
  findProductBySku,
  insertProduct,
  listProducts,
  markProductsChanged,
  type Product,
  type ProductFlavour,
  type ProductQa,
  productsGeneration,
  updateProductRow,
} from "./products.repository.js";

/**
 * How long another process's product change may take to reach this one's cached list (as for the settings);
 * a change made in this process is seen at once.
 */
const PRODUCTS_CACHE_MS = 1000;

const productsCache = new WeakMap<
  AppContext,
  { at: number; generation: number; value: Promise<Product[]> }
>();

/**
 * The product catalogue, cached per process: the policy asks for it on every pre-sales text, and it changes
 * a few times a year. A write in this process invalidates it; one in another process shows within a second.
 */
export function cachedProducts(ctx: AppContext): Promise<Product[]> {
  const cached = productsCache.get(ctx);
  const now = Date.now();
  if (cached && cached.generation === productsGeneration() && now - cached.at < PRODUCTS_CACHE_MS) {
    return cached.value;
  }
  const entry = { at: now, generation: productsGeneration(), value: listProducts(ctx.db.kysely) };
  productsCache.set(ctx, entry);
  // A failed read is not kept: the next caller tries again.
  entry.value.catch(() => {
    if (productsCache.get(ctx) === entry) productsCache.delete(ctx);
  });
  return entry.value;
}

/** What a product is made of; everything but the SKU and the name has a default. */
export interface ProductFacts {
  name: string;
  platformVersions: string[];
  supportMonths: number;
  storeUrl: string;
  demoUrl: string;
  priceCents: number | null;
  currency: string;
  aliases: string[];
  phpVersions: string[];
  flavours: ProductFlavour[];
  qa: ProductQa[];
}

export type NewProduct = { sku: string; name: string } & Partial<Omit<ProductFacts, "name">>;

const DEFAULTS: Omit<ProductFacts, "name"> = {
  platformVersions: [],
  supportMonths: 12,
  storeUrl: "",
  demoUrl: "",
  priceCents: null,
  currency: "USD",
  aliases: [],
  phpVersions: [],
  flavours: [],
  qa: [],
};

/** The columns for the facts given (a patch sets only what it names). */
function factColumns(facts: Partial<ProductFacts>): Partial<ProductsTable> {
  const columns: Partial<ProductsTable> = {};
  if (facts.name !== undefined) columns.name = facts.name.trim();
  if (facts.platformVersions !== undefined)
    columns.platform_versions = JSON.stringify(facts.platformVersions);
  if (facts.supportMonths !== undefined) {
    if (!Number.isInteger(facts.supportMonths) || facts.supportMonths < 0 || facts.supportMonths > 240) {
      throw new AppError("validation_failed", "The support period is a whole number of months (0–240)");
    }
    columns.support_months = facts.supportMonths;
  }
  if (facts.storeUrl !== undefined) columns.store_url = facts.storeUrl;
  if (facts.demoUrl !== undefined) columns.demo_url = facts.demoUrl;
  if (facts.priceCents !== undefined) columns.price_cents = facts.priceCents;
  if (facts.currency !== undefined) columns.currency = facts.currency.toUpperCase();
  if (facts.aliases !== undefined)
    columns.aliases = JSON.stringify(unique(facts.aliases.map((a) => a.trim())));
  if (facts.phpVersions !== undefined) columns.php_versions = JSON.stringify(unique(facts.phpVersions));
  if (facts.flavours !== undefined) columns.flavours = JSON.stringify(unique(facts.flavours));
  if (facts.qa !== undefined) columns.qa = JSON.stringify(facts.qa);
  return columns;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Create a product; SKUs are unique and stored upper-cased (409 conflict on a repeat). */
export async function createProduct(ctx: AppContext, input: NewProduct, actor: Actor): Promise<Product> {
  const sku = input.sku.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9._-]{0,39}$/.test(sku)) {
    throw new AppError("validation_failed", "A SKU is 1–40 letters, digits, dots, dashes or underscores");
  }
  const facts: ProductFacts = { ...DEFAULTS, ...withoutUndefined(input), name: input.name };
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    if (await findProductBySku(tx.trx, sku))
      throw new AppError("conflict", `A product with SKU ${sku} exists`);
    const id = newId();
    await insertProduct(tx.trx, {
      ...(factColumns(facts) as Omit<ProductsTable, "id" | "sku" | "created_at" | "updated_at">),
      id,
      sku,
      created_at: at,
      updated_at: at,
    });
    await recordAudit(tx.trx, {
      ...auditActor(actor),
      action: "product.created",
      subjectType: "product",
      subjectId: id,
      details: { sku, name: facts.name.trim() },
      at,
    });
  });
  markProductsChanged();
  const product = await findProductBySku(ctx.db.kysely, sku);
  if (!product) throw new AppError("internal", "product vanished after insert");
  return product;
}

/** Change what the patch names and nothing else. */
export async function updateProduct(
  ctx: AppContext,
  id: string,
  patch: Partial<ProductFacts>,
  actor: Actor,
): Promise<Product> {
  const at = ctx.clock.now().toISOString();
  const columns = factColumns(withoutUndefined(patch));
  await inTransaction(ctx, async (tx) => {
    const before = await findProductById(tx.trx, id);
    if (!before) throw new AppError("not_found", "No such product");
    await updateProductRow(tx.trx, id, columns, at);
    await recordAudit(tx.trx, {
      ...auditActor(actor),
      action: "product.updated",
      subjectType: "product",
      subjectId: id,
      details: { changed: Object.keys(withoutUndefined(patch)) },
      at,
    });
  });
  markProductsChanged();
  const product = await findProductById(ctx.db.kysely, id);
  if (!product) throw new AppError("not_found", "No such product");
  return product;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
