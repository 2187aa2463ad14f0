import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, TestClock, type TestServer } from "../test/harness.js";
import {
  cachedProducts,
  createCustomer,
  createLicense,
  createProduct,
  findCustomerByEmail,
  findCustomerById,
  findCustomerByPhone,
  findLicenseByKey,
  listLicensesForCustomer,
  SYSTEM_ACTOR,
  updateProduct,
} from "./licenses.service.js";

describeEachDatabase("licenses service (used by tickets, portal and inbox)", (dialect) => {
  let t: TestServer;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, { clock });
  });
  afterEach(async () => t.close());

  it("serves the cached product list, and a product created or changed here shows in it at once", async () => {
    const ctx = t.server.ctx;
    expect(await cachedProducts(ctx)).toEqual([]);
    const product = await createProduct(ctx, { sku: "hb-seo", name: "Advanced SEO Suite" }, SYSTEM_ACTOR);
    expect((await cachedProducts(ctx)).map((p) => p.name)).toEqual(["Advanced SEO Suite"]);
    await updateProduct(ctx, product.id, { name: "SEO Suite Pro" }, SYSTEM_ACTOR);
    expect((await cachedProducts(ctx)).map((p) => p.name)).toEqual(["SEO Suite Pro"]);
  });

  it("finds customers by email (any case), id and phone, and lists licenses with support state", async () => {
    const ctx = t.server.ctx;
    const customer = await createCustomer(
      ctx,
      { email: "Ana@Example.ES", name: "Ana", phones: ["+34 611 000 001"] },
      SYSTEM_ACTOR,
    );
    expect(customer).toMatchObject({ email: "ana@example.es", language: "es", phones: ["34611000001"] });
    const product = await createProduct(ctx, { sku: "hb-seo", name: "Advanced SEO Suite" }, SYSTEM_ACTOR);
    expect(product.sku).toBe("HB-SEO");
    const { license } = await createLicense(
      ctx,
      { customerId: customer.id, productSku: "HB-SEO", purchaseDate: "2025-11-20", supportMonths: 12 },
      SYSTEM_ACTOR,
    );
    expect(license.supportUntil).toBe("2026-11-20");
    expect(license.support).toMatchObject({ active: false, reason: "expired" });

    expect((await findCustomerByEmail(ctx.db.kysely, "ANA@example.es"))?.id).toBe(customer.id);
    expect((await findCustomerById(ctx.db.kysely, customer.id))?.email).toBe("ana@example.es");
    expect((await findCustomerByPhone(ctx.db.kysely, "34611000001"))?.id).toBe(customer.id);
    expect(await findCustomerByPhone(ctx.db.kysely, "34611000002")).toBeUndefined();
    expect((await findLicenseByKey(ctx.db.kysely, license.key.toLowerCase()))?.id).toBe(license.id);

    const list = await listLicensesForCustomer(ctx, customer.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ productName: "Advanced SEO Suite", support: { active: false } });
  });
});
