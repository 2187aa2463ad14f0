import type { Kysely } from "kysely";

// Indexes for the agent lists once a vendor has imported a marketplace's worth of licenses:
// newest purchases first, filters by product and by support state, newest customers first.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("licenses_purchase_idx")
    .on("licenses")
    .columns(["purchase_date", "id"])
    .execute();
  await db.schema.createIndex("licenses_product_idx").on("licenses").column("product_id").execute();
  await db.schema
    .createIndex("licenses_status_support_idx")
    .on("licenses")
    .columns(["status", "support_until"])
    .execute();
  await db.schema
    .createIndex("customers_created_idx")
    .on("customers")
    .columns(["created_at", "id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    "customers_created_idx",
    "licenses_status_support_idx",
    "licenses_product_idx",
    "licenses_purchase_idx",
  ]) {
    await db.schema.dropIndex(index).execute();
  }
}
