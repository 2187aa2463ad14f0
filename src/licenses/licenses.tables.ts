export interface CustomersTable {
  id: string;
  email: string;
  name: string;
  language: string;
  notes: string;
  /** ISO 4217 the customer is quoted in, set by an agent; null = by the phone's country, else the default card. */
  currency: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerPhonesTable {
  phone: string;
  customer_id: string;
  created_at: string;
}

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  platform_versions: string;
  support_months: number;
  store_url: string;
  demo_url: string;
  price_cents: number | null;
  currency: string;
  /** JSON lists: other names customers use, PHP versions, OpenCart flavours, the owner's Q&A. */
  aliases: string;
  php_versions: string;
  flavours: string;
  qa: string;
  created_at: string;
  updated_at: string;
}

export interface LicensesTable {
  id: string;
  key: string;
  customer_id: string;
  product_id: string;
  order_ref: string | null;
  source: string;
  purchase_date: string;
  support_until: string;
  status: "active" | "revoked" | "refunded";
  created_at: string;
  updated_at: string;
}

export interface LicenseDomainsTable {
  license_id: string;
  domain: string;
  added_at: string;
}

export interface LicensesTables {
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  products: ProductsTable;
  licenses: LicensesTable;
  license_domains: LicenseDomainsTable;
}
