import type { Kysely } from "kysely";
import type { AuditLogTable } from "../platform/audit/audit.tables.js";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { languageForPhone } from "./contact-normalize.js";
import { type Customer, findCustomersByEmails, findPhoneOwners } from "./customers.repository.js";
import { addMonths } from "./entitlement.js";
import { type Actor, auditActor } from "./licenses.actor.js";
import {
  findLicensesByKeys,
  findLicensesByOrderRefs,
  type License,
  updateLicenseRow,
} from "./licenses.repository.js";
import { type LicenseClock, licenseClock, newLicenseKey, supportUntilFor } from "./licenses.service.js";
import type { LicensesTable } from "./licenses.tables.js";
import {
  existingLicenseIds,
  insertAuditRows,
  insertCustomersIgnoringTaken,
  insertLicensesIgnoringTaken,
  insertPhonesIgnoringTaken,
} from "./licenses-import.repository.js";
import {
  checkImportFile,
  type ImportMessage,
  type ImportMessageCode,
  type ImportRow,
  importMessage,
} from "./licenses-import.rows.js";
import { importText } from "./licenses-import.text.js";
import { listProducts, type Product } from "./products.repository.js";

export type ImportOutcome = "create" | "update" | "unchanged" | "rejected";

export interface ImportRowReport {
  line: number;
  outcome: ImportOutcome;
  reason?: ImportMessage;
  email?: string;
  product?: string;
  key?: string;
  /** What an update changes, or notes on a create ("new customer"). */
  changes?: ImportMessage[];
}

export interface ImportSummary {
  total: number;
  create: number;
  update: number;
  unchanged: number;
  rejected: number;
}

export interface ImportResult {
  dryRun: boolean;
  delimiter: string;
  ignoredColumns: string[];
  /** Set when the file as a whole cannot be imported (nothing was changed). */
  fileError: ImportMessage | undefined;
  summary: ImportSummary;
  /** One entry per data row, in file order. */
  rows: ImportRowReport[];
}

export interface ImportProgress {
  phase: "checking" | "importing" | "done";
  processed: number;
  total: number;
}

export interface ImportOptions {
  dryRun: boolean;
  actor: Actor;
  batchSize?: number;
  importId?: string;
  onProgress?: (progress: ImportProgress) => void;
}

interface ProductIndex {
  resolve(reference: string): Product | undefined;
}

function indexProducts(products: Product[]): ProductIndex {
  const bySku = new Map(products.map((p) => [p.sku.toUpperCase(), p]));
  const squash = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
  const byName = new Map(products.map((p) => [squash(p.name), p]));
  return { resolve: (ref) => bySku.get(ref.trim().toUpperCase()) ?? byName.get(squash(ref)) };
}

interface PlannedRow {
  row: ImportRow;
  report: ImportRowReport;
  product?: Product;
  existing?: License;
  customer?: Customer;
  licensePatch?: Partial<Pick<LicensesTable, "support_until" | "status" | "purchase_date" | "order_ref">>;
  addPhone?: string;
  /** For a create: the dates it will get. */
  purchaseDate?: string;
  supportUntil?: string;
}

const orderKeyOf = (orderRef: string, productId: string) => `${orderRef}\u0000${productId}`;

/** Decide what each row would do, against the database as it is now. */
async function planBatch(
  db: Kysely<Database>,
  rows: ImportRow[],
  products: ProductIndex,
  clock: LicenseClock,
  seenOrders: Map<string, number>,
): Promise<PlannedRow[]> {
  const customers = await findCustomersByEmails(db, [...new Set(rows.map((r) => r.email))]);
  const byKey = await findLicensesByKeys(
    db,
    rows.flatMap((r) => (r.key ? [r.key] : [])),
  );
  const orderRefs = [...new Set(rows.flatMap((r) => (r.orderRef ? [r.orderRef] : [])))];
  const byOrder = new Map(
    (await findLicensesByOrderRefs(db, orderRefs)).map((l) => [orderKeyOf(l.orderRef ?? "", l.productId), l]),
  );
  const phoneOwners = await findPhoneOwners(db, [
    ...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : []))),
  ]);

  return rows.map((row): PlannedRow => {
    const base = { line: row.line, email: row.email, product: row.product, key: row.key };
    const rejected = (code: ImportMessageCode, params: Record<string, string | number>): PlannedRow => ({
      row,
      report: { ...base, outcome: "rejected", reason: importMessage(code, params) },
    });
    const product = products.resolve(row.product);
    if (!product) return rejected("unknown_product", { value: row.product });
    const orderKey = row.orderRef ? orderKeyOf(row.orderRef, product.id) : undefined;
    if (orderKey) {
      const first = seenOrders.get(orderKey);
      if (first !== undefined && first !== row.line) {
        return rejected("duplicate_order", { order: row.orderRef ?? "", product: product.sku, line: first });
      }
      seenOrders.set(orderKey, row.line);
    }
    const customer = customers.get(row.email);
    const withKey = row.key ? byKey.get(row.key) : undefined;
    const withOrder = orderKey ? byOrder.get(orderKey) : undefined;
    if (withKey && withOrder && withKey.id !== withOrder.id) {
      return rejected("order_has_other_key", {
        order: row.orderRef ?? "",
        product: product.sku,
        key: withOrder.key,
      });
    }
    const existing = withKey ?? withOrder;
    const phoneFree = row.phone && !phoneOwners.has(row.phone) ? row.phone : undefined;

    if (!existing) {
      const purchaseDate = row.purchaseDate ?? clock.today;
      const supportUntil = supportUntilFor(purchaseDate, product, {
        supportUntil: row.supportUntil,
        supportMonths: row.supportMonths,
      });
      const changes = customer ? [] : [importMessage("new_customer")];
      if (customer && phoneFree) changes.push(importMessage("phone_added", { phone: phoneFree }));
      return {
        row,
        product,
        customer,
        purchaseDate,
        supportUntil,
        addPhone: phoneFree,
        report: { ...base, product: product.sku, key: row.key, outcome: "create", changes },
      };
    }

    if (row.key && existing.key !== row.key) {
      return rejected("order_has_other_key", {
        order: row.orderRef ?? "",
        product: product.sku,
        key: existing.key,
      });
    }
    if (!customer || existing.customerId !== customer.id) {
      return withKey
        ? rejected("key_other_customer", { key: existing.key })
        : rejected("order_other_customer", { order: row.orderRef ?? "", product: product.sku });
    }
    if (existing.productId !== product.id) {
      return rejected("key_other_product", {
        key: existing.key,
        actual: existing.productSku,
        product: product.sku,
      });
    }
    if (row.orderRef && existing.orderRef && existing.orderRef !== row.orderRef) {
      return rejected("key_other_order", {
        key: existing.key,
        actual: existing.orderRef,
        order: row.orderRef,
      });
    }
    const patch: PlannedRow["licensePatch"] = {};
    const changes: ImportMessage[] = [];
    if (row.orderRef && !existing.orderRef) {
      patch.order_ref = row.orderRef;
      changes.push(importMessage("order_added", { order: row.orderRef }));
    }
    if (row.purchaseDate && row.purchaseDate !== existing.purchaseDate) {
      patch.purchase_date = row.purchaseDate;
      changes.push(
        importMessage("purchase_date_changed", { from: existing.purchaseDate, to: row.purchaseDate }),
      );
    }
    const target =
      row.supportUntil ??
      (row.supportMonths !== undefined
        ? addMonths(row.purchaseDate ?? existing.purchaseDate, row.supportMonths)
        : undefined);
    // An import never shortens support: an old export must not undo a renewal made since.
    if (target && target > existing.supportUntil) {
      patch.support_until = target;
      changes.push(importMessage("support_extended", { from: existing.supportUntil, to: target }));
    }
    if (row.status && row.status !== existing.status) {
      patch.status = row.status;
      changes.push(importMessage("status_changed", { from: existing.status, to: row.status }));
    }
    const addPhone = phoneFree && !customer.phones.includes(phoneFree) ? phoneFree : undefined;
    if (addPhone) changes.push(importMessage("phone_added", { phone: addPhone }));
    return {
      row,
      product,
      existing,
      customer,
      licensePatch: patch,
      addPhone,
      report: {
        ...base,
        product: product.sku,
        key: existing.key,
        outcome: changes.length > 0 ? "update" : "unchanged",
        ...(changes.length > 0 ? { changes } : {}),
      },
    };
  });
}

/** Write one planned batch (inside the caller's transaction). */
async function applyBatch(
  trx: Kysely<Database>,
  planned: PlannedRow[],
  context: { actor: Actor; importId: string; defaultLanguage: string; at: string; keyPrefix: string },
): Promise<void> {
  const { actor, importId, at } = context;
  const audit: AuditLogTable[] = [];
  const auditRow = (
    action: string,
    subjectType: string,
    subjectId: string,
    details: object,
  ): AuditLogTable => {
    const who = auditActor(actor);
    return {
      id: newId(),
      actor_type: who.actorType,
      actor_id: who.actorId,
      action,
      subject_type: subjectType,
      subject_id: subjectId,
      details: JSON.stringify({ ...details, importId }),
      created_at: at,
    };
  };

  const creates = planned.filter((p) => p.report.outcome === "create");
  const newCustomers = new Map<string, PlannedRow>();
  for (const p of creates)
    if (!p.customer && !newCustomers.has(p.row.email)) newCustomers.set(p.row.email, p);
  const customerRows = [...newCustomers.values()].map((p) => ({
    id: newId(),
    email: p.row.email,
    name: p.row.name || p.row.email.split("@")[0]!,
    language: p.row.language ?? languageForPhone(p.row.phone) ?? context.defaultLanguage,
    notes: "",
    currency: null,
    created_at: at,
    updated_at: at,
  }));
  await insertCustomersIgnoringTaken(trx, customerRows);
  const customerIds = new Map<string, string>();
  for (const p of planned) if (p.customer) customerIds.set(p.customer.email, p.customer.id);
  if (customerRows.length > 0) {
    const stored = await findCustomersByEmails(
      trx,
      customerRows.map((c) => c.email),
    );
    for (const row of customerRows) {
      const customer = stored.get(row.email);
      if (!customer) continue;
      customerIds.set(row.email, customer.id);
      if (customer.id === row.id) {
        audit.push(auditRow("customer.created", "customer", row.id, { email: row.email, source: "import" }));
      }
    }
  }

  const phones = planned.flatMap((p) => {
    const customerId = customerIds.get(p.row.email);
    return p.addPhone && customerId ? [{ phone: p.addPhone, customer_id: customerId, created_at: at }] : [];
  });
  await insertPhonesIgnoringTaken(trx, phones);

  const licenseRows: (LicensesTable & { line: number })[] = [];
  for (const p of creates) {
    const customerId = customerIds.get(p.row.email);
    if (!customerId || !p.product) continue;
    const key = p.row.key ?? newLicenseKey(context.keyPrefix);
    p.report.key = key;
    licenseRows.push({
      id: newId(),
      key,
      customer_id: customerId,
      product_id: p.product.id,
      order_ref: p.row.orderRef ?? null,
      source: "import",
      purchase_date: p.purchaseDate!,
      support_until: p.supportUntil!,
      status: p.row.status ?? "active",
      created_at: at,
      updated_at: at,
      line: p.row.line,
    });
  }
  await insertLicensesIgnoringTaken(
    trx,
    licenseRows.map(({ line: _line, ...row }) => row),
  );
  const written = await existingLicenseIds(
    trx,
    licenseRows.map((l) => l.id),
  );
  for (const l of licenseRows) {
    if (!written.has(l.id)) continue;
    audit.push(
      auditRow("license.created", "license", l.id, {
        key: l.key,
        customerId: l.customer_id,
        productId: l.product_id,
        orderRef: l.order_ref,
        source: "import",
        purchaseDate: l.purchase_date,
        supportUntil: l.support_until,
        status: l.status,
        line: l.line,
      }),
    );
  }

  for (const p of planned) {
    if (p.report.outcome !== "update" || !p.existing) continue;
    if (p.licensePatch && Object.keys(p.licensePatch).length > 0) {
      await updateLicenseRow(trx, p.existing.id, p.licensePatch, at);
    }
    audit.push(
      auditRow("license.updated", "license", p.existing.id, {
        // Kept in words in the trail, which is a record, not a screen.
        changes: (p.report.changes ?? []).map((c) => importText("en", c)),
        source: "import",
        line: p.row.line,
      }),
    );
  }
  await insertAuditRows(trx, audit);
}

/**
 * Check a CSV export and, unless `dryRun`, import it: batches of rows, each planned and written in
 * its own transaction against the data as it is then. Importing the same file again changes nothing.
 */
export async function importLicensesCsv(
  ctx: AppContext,
  text: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const settings = await getSettings(ctx);
  const clock = await licenseClock(ctx);
  const checked = checkImportFile(text, clock.timeZone);
  const total = checked.total;
  const progress = (phase: ImportProgress["phase"], processed: number) =>
    options.onProgress?.({ phase, processed, total });
  progress("checking", 0);
  const result: ImportResult = {
    dryRun: options.dryRun,
    delimiter: checked.delimiter,
    ignoredColumns: checked.columns.ignored,
    fileError: checked.fileError,
    summary: { total, create: 0, update: 0, unchanged: 0, rejected: 0 },
    rows: [],
  };
  if (checked.fileError) {
    progress("done", total);
    return result;
  }
  const products = indexProducts(await listProducts(ctx.db.kysely));
  const batchSize = options.batchSize ?? 1000;
  const seenOrders = new Map<string, number>();
  const reports: ImportRowReport[] = checked.rejected.map((r) => ({
    line: r.line,
    outcome: "rejected",
    reason: r.reason,
    email: r.email,
    product: r.product,
    key: r.key,
  }));
  const context = {
    actor: options.actor,
    importId: options.importId ?? newId(),
    defaultLanguage: settings.vendor.defaultLanguage,
    at: ctx.clock.now().toISOString(),
    keyPrefix: clock.keyPrefix,
  };
  let processed = checked.rejected.length;
  progress(options.dryRun ? "checking" : "importing", processed);
  for (let i = 0; i < checked.rows.length; i += batchSize) {
    const batch = checked.rows.slice(i, i + batchSize);
    let planned: PlannedRow[];
    if (options.dryRun) {
      planned = await planBatch(ctx.db.kysely, batch, products, clock, seenOrders);
    } else {
      planned = await inTransaction(ctx, async (tx) => {
        // Planned again inside the transaction: what is written matches what is there.
        const plan = await planBatch(tx.trx, batch, products, clock, seenOrders);
        await applyBatch(tx.trx, plan, context);
        return plan;
      });
    }
    for (const p of planned) reports.push(p.report);
    processed += batch.length;
    progress(options.dryRun ? "checking" : "importing", processed);
    // Let HTTP requests (the progress endpoint) in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  reports.sort((a, b) => a.line - b.line);
  for (const r of reports) result.summary[r.outcome]++;
  result.rows = reports;
  progress("done", total);
  return result;
}
