import type { Kysely } from "kysely";
import type { Database } from "../platform/db/schema.js";

// The customer's own record, as the data-rights export shows it and as erasure anonymises it.

export async function customerDataRows(db: Kysely<Database>, customerId: string) {
  const customer = await db
    .selectFrom("customers")
    .select(["id", "name", "email", "language", "created_at"])
    .where("id", "=", customerId)
    .executeTakeFirst();
  if (!customer) return undefined;
  const phones = await db
    .selectFrom("customer_phones")
    .select("phone")
    .where("customer_id", "=", customerId)
    .orderBy("phone")
    .execute();
  const licenses = await db
    .selectFrom("licenses")
    .innerJoin("products", "products.id", "licenses.product_id")
    .select([
      "licenses.id",
      "licenses.key",
      "products.name as product",
      "licenses.order_ref",
      "licenses.source",
      "licenses.purchase_date",
      "licenses.support_until",
      "licenses.status",
    ])
    .where("licenses.customer_id", "=", customerId)
    .orderBy("licenses.purchase_date")
    .execute();
  const domains = licenses.length
    ? await db
        .selectFrom("license_domains")
        .select(["license_id", "domain"])
        .where(
          "license_id",
          "in",
          licenses.map((l) => l.id),
        )
        .execute()
    : [];
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    language: customer.language,
    createdAt: customer.created_at,
    phones: phones.map((p) => p.phone),
    licenses: licenses.map((l) => ({
      key: l.key,
      product: l.product,
      orderRef: l.order_ref,
      source: l.source,
      purchaseDate: l.purchase_date,
      supportUntil: l.support_until,
      status: l.status,
      domains: domains.filter((d) => d.license_id === l.id).map((d) => d.domain),
    })),
  };
}

const ERASED_NAME = "[erased]";

/** Name, email, notes and phones go; licenses stay (key, product, dates) without order reference or domains. */
export async function anonymiseCustomerRows(
  trx: Kysely<Database>,
  customerId: string,
  at: string,
): Promise<void> {
  await trx
    .updateTable("customers")
    .set({ name: ERASED_NAME, email: `erased-${customerId}@erased.invalid`, notes: "", updated_at: at })
    .where("id", "=", customerId)
    .execute();
  await trx.deleteFrom("customer_phones").where("customer_id", "=", customerId).execute();
  const licenseIds = trx.selectFrom("licenses").select("id").where("customer_id", "=", customerId);
  await trx.deleteFrom("license_domains").where("license_id", "in", licenseIds).execute();
  await trx
    .updateTable("licenses")
    .set({ order_ref: null, updated_at: at })
    .where("customer_id", "=", customerId)
    .execute();
}
