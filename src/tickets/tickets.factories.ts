import { createCustomer } from "../licenses/customers.service.js";
import { createLicense, SYSTEM_ACTOR } from "../licenses/licenses.service.js";
import { createProduct } from "../licenses/products.service.js";
import type { AppContext } from "../platform/context.js";
import { randomToken } from "../platform/ids.js";
import { CUSTOMER_COOKIE } from "./portal/portal-kit.js";
import { createCustomerSession } from "./portal-auth.service.js";

// Test data for the desk and portal suites, built through the licenses services (no raw inserts).

export async function buildCustomer(
  ctx: AppContext,
  input: { email?: string; name?: string; language?: "es" | "en" } = {},
) {
  return createCustomer(
    ctx,
    {
      email: input.email ?? `customer-${randomToken(8)}@example.com`,
      name: input.name ?? "Test Customer",
      language: input.language ?? "en",
    },
    SYSTEM_ACTOR,
  );
}

export async function buildProduct(ctx: AppContext, name = "Mega Filter") {
  return createProduct(
    ctx,
    { sku: `SKU-${randomToken(6).toUpperCase()}`, name, supportMonths: 12 },
    SYSTEM_ACTOR,
  );
}

export async function buildLicense(
  ctx: AppContext,
  input: {
    customerId: string;
    productId: string;
    supportUntil: string;
    purchaseDate?: string;
    status?: "active" | "revoked" | "refunded";
  },
) {
  const { license } = await createLicense(
    ctx,
    {
      customerId: input.customerId,
      productId: input.productId,
      purchaseDate: input.purchaseDate ?? "2026-01-10",
      supportUntil: input.supportUntil,
      status: input.status ?? "active",
    },
    SYSTEM_ACTOR,
  );
  return license;
}

/** Two customers; A has an active and an expired license, B has an active one. Today is 2026-11-25. */
export async function buildPortalWorld(ctx: AppContext) {
  const product = await buildProduct(ctx, "Mega Filter PRO");
  const other = await buildProduct(ctx, "Quick Checkout");
  const alice = await buildCustomer(ctx, { email: "alice@example.com", name: "Alice Shop", language: "en" });
  const bruno = await buildCustomer(ctx, {
    email: "bruno@example.com",
    name: "Bruno Tienda",
    language: "es",
  });
  const aliceActive = await buildLicense(ctx, {
    customerId: alice.id,
    productId: product.id,
    purchaseDate: "2026-11-20",
    supportUntil: "2027-11-20",
  });
  const aliceExpired = await buildLicense(ctx, {
    customerId: alice.id,
    productId: other.id,
    purchaseDate: "2024-03-01",
    supportUntil: "2025-03-01",
  });
  const brunoActive = await buildLicense(ctx, {
    customerId: bruno.id,
    productId: product.id,
    purchaseDate: "2026-06-01",
    supportUntil: "2027-06-01",
  });
  return { product, other, alice, bruno, aliceActive, aliceExpired, brunoActive };
}

/** A signed-in portal session for a customer, as a cookie header and its form token. */
export async function portalSession(
  ctx: AppContext,
  customerId: string,
): Promise<{ cookie: string; csrf: string }> {
  const s = await createCustomerSession(ctx, customerId);
  return { cookie: `${CUSTOMER_COOKIE}=${s.sessionToken}`, csrf: s.csrfToken };
}

/** A 1×1 PNG, the smallest real image. */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** The first bytes of a Windows executable. */
export const FAKE_EXE = Buffer.concat([
  Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"),
  Buffer.alloc(64, 0),
]);

/** A multipart/form-data body as a browser sends it, for app.inject. */
export function multipartBody(
  fields: Record<string, string>,
  files: { field?: string; name: string; data: Buffer; type?: string }[] = [],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----beedesk${randomToken(16)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? "attachments"}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? "application/octet-stream"}\r\n\r\n`,
      ),
      f.data,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}
