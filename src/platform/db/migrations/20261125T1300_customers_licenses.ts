import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique()) // stored lowercased
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("customer_phones")
    .addColumn("phone", "text", (c) => c.primaryKey()) // digits only, international (E.164 without +)
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customer_phones_customer_idx")
    .on("customer_phones")
    .column("customer_id")
    .execute();

  await db.schema
    .createTable("products")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sku", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("platform_versions", "text", (c) => c.notNull()) // JSON array, e.g. ["3.0", "4.0"]
    .addColumn("support_months", "integer", (c) => c.notNull())
    .addColumn("store_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("demo_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("licenses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("order_ref", "text")
    .addColumn("source", "text", (c) => c.notNull()) // e.g. shop, marketplace, import, manual
    .addColumn("purchase_date", "text", (c) => c.notNull()) // YYYY-MM-DD
    .addColumn("support_until", "text", (c) => c.notNull()) // YYYY-MM-DD, inclusive
    .addColumn("status", "text", (c) => c.notNull()) // active | revoked | refunded
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("licenses_customer_idx").on("licenses").column("customer_id").execute();
  // Idempotent creation on purchase: one license per (order, product). NULL order refs never collide.
  await db.schema
    .createIndex("licenses_order_product_uq")
    .on("licenses")
    .columns(["order_ref", "product_id"])
    .unique()
    .execute();

  await db.schema
    .createTable("license_domains")
    .addColumn("license_id", "text", (c) => c.notNull().references("licenses.id").onDelete("cascade"))
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("added_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("license_domains_pk", ["license_id", "domain"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["license_domains", "licenses", "products", "customer_phones", "customers"]) {
    await db.schema.dropTable(table).execute();
  }
}
