import type { AppContext } from "../platform/context.js";
import { inTransaction } from "../platform/transaction.js";
import { ensureCustomer } from "./customers.service.js";
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from "./demo-data.js";
import { addDays } from "./entitlement.js";
import { SYSTEM_ACTOR } from "./licenses.actor.js";
import { insertLicenseDomain } from "./licenses.repository.js";
import { insertNewLicense, licenseClock } from "./licenses.service.js";
import { findProductBySku } from "./products.repository.js";
import { createProduct } from "./products.service.js";

/** Demo products, customers and licenses (active, expired, both, refunded) for a fresh install. */
export async function seedLicensesDemo(ctx: AppContext): Promise<void> {
  const clock = await licenseClock(ctx);
  const at = ctx.clock.now().toISOString();
  for (const product of Object.values(DEMO_PRODUCTS)) {
    if (!(await findProductBySku(ctx.db.kysely, product.sku))) {
      await createProduct(
        ctx,
        {
          ...product,
          platformVersions: [...product.platformVersions],
          aliases: [...product.aliases],
          phpVersions: [...product.phpVersions],
          flavours: [...product.flavours],
          qa: product.qa.map((q) => ({ ...q })),
        },
        SYSTEM_ACTOR,
      );
    }
  }
  await inTransaction(ctx, async (tx) => {
    for (const demo of Object.values(DEMO_CUSTOMERS)) {
      const { customer } = await ensureCustomer(
        tx.trx,
        {
          email: demo.email,
          name: demo.name,
          language: demo.language,
          notes: demo.notes,
          phones: [demo.phone],
        },
        SYSTEM_ACTOR,
        at,
      );
      for (const l of demo.licenses) {
        const { license } = await insertNewLicense(
          tx,
          clock,
          {
            customerId: customer.id,
            productSku: DEMO_PRODUCTS[l.product].sku,
            key: l.key,
            orderRef: l.orderRef,
            source: "demo",
            purchaseDate: addDays(clock.today, -l.purchasedDaysAgo),
            supportUntil: addDays(clock.today, l.supportUntilInDays),
            status: l.status,
          },
          SYSTEM_ACTOR,
        );
        for (const domain of l.domains) await insertLicenseDomain(tx.trx, license.id, domain, at);
      }
    }
  });
}
