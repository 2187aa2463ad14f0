import { normalizeEmail, normalizePhone } from "./contact-normalize.js";
import { type CsvDelimiter, parseCsv } from "./csv.js";
import { isCalendarDate, type LicenseStatus, todayIn } from "./entitlement.js";
import { isWellFormedLicenseKey, normalizeLicenseKey } from "./license-key.js";

/**
 * Turns a shop or marketplace export into checked license rows, without touching the database:
 * columns found by header (with the usual aliases), dates in the common forms, keys normalised, and
 * every row that cannot be imported rejected with its line number and a reason.
 */

export type ImportColumn =
  | "email"
  | "name"
  | "product"
  | "order"
  | "purchaseDate"
  | "supportMonths"
  | "supportUntil"
  | "key"
  | "phone"
  | "status"
  | "language";

const ALIASES: Record<ImportColumn, string[]> = {
  email: ["email", "customer_email", "e-mail", "email_address", "customer e-mail", "buyer_email", "correo"],
  name: ["name", "customer_name", "customer", "full_name", "buyer_name", "nombre", "billing_name"],
  product: ["sku", "product_sku", "product", "product_name", "item", "item_name", "extension", "producto"],
  order: [
    "order",
    "order_id",
    "order_ref",
    "order_number",
    "order_no",
    "order #",
    "order#",
    "pedido",
    "transaction_id",
  ],
  purchaseDate: ["purchase_date", "date", "order_date", "purchased_at", "created_at", "fecha", "date_added"],
  supportMonths: ["support_months", "months", "support_period", "meses"],
  supportUntil: [
    "support_until",
    "expires",
    "expires_at",
    "expiry",
    "expiry_date",
    "support_expires",
    "valid_until",
  ],
  key: ["key", "license_key", "licence_key", "license", "licence", "serial", "clave"],
  phone: ["phone", "telephone", "phone_number", "mobile", "whatsapp", "telefono", "teléfono"],
  status: ["status", "license_status", "order_status", "estado"],
  language: ["language", "lang", "idioma", "locale"],
};

function canonicalHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_")
    .replace(/^"|"$/g, "");
}

export interface ColumnMap {
  columns: Partial<Record<ImportColumn, number>>;
  /** Headers we did not recognise (ignored). */
  ignored: string[];
  /** Required columns that are missing: the file cannot be imported. */
  missing: ImportColumn[];
}

export function mapColumns(header: string[]): ColumnMap {
  const columns: Partial<Record<ImportColumn, number>> = {};
  const ignored: string[] = [];
  header.forEach((raw, index) => {
    const h = canonicalHeader(raw);
    const column = (Object.keys(ALIASES) as ImportColumn[]).find((c) =>
      ALIASES[c].some((alias) => canonicalHeader(alias) === h),
    );
    if (column && columns[column] === undefined) columns[column] = index;
    else if (raw.trim()) ignored.push(raw.trim());
  });
  const missing = (["email", "product"] as ImportColumn[]).filter((c) => columns[c] === undefined);
  return { columns, ignored, missing };
}

export interface ImportRow {
  line: number;
  email: string;
  name: string;
  phone: string | undefined;
  language: "es" | "en" | undefined;
  /** SKU or product name as written. */
  product: string;
  orderRef: string | undefined;
  purchaseDate: string | undefined;
  supportMonths: number | undefined;
  supportUntil: string | undefined;
  key: string | undefined;
  status: LicenseStatus | undefined;
}

/** A reason or change, as a code with parameters: worded in the reader's language when shown. */
export interface ImportMessage {
  code: ImportMessageCode;
  params: Record<string, string | number>;
}

export type ImportMessageCode =
  | "empty_file"
  | "missing_columns"
  | "missing_columns_delimiter"
  | "short_row"
  | "invalid_email"
  | "no_email"
  | "no_product"
  | "bad_key"
  | "bad_purchase_date"
  | "bad_support_until"
  | "bad_months"
  | "bad_status"
  | "bad_phone"
  | "needs_order_or_key"
  | "duplicate_key"
  | "duplicate_order"
  | "unclosed_quote"
  | "unknown_product"
  | "order_has_other_key"
  | "key_other_customer"
  | "order_other_customer"
  | "key_other_product"
  | "key_other_order"
  | "new_customer"
  | "phone_added"
  | "order_added"
  | "purchase_date_changed"
  | "support_extended"
  | "status_changed";

export function importMessage(
  code: ImportMessageCode,
  params: Record<string, string | number> = {},
): ImportMessage {
  return { code, params };
}

export interface RejectedRow {
  line: number;
  reason: ImportMessage;
  email?: string;
  product?: string;
  key?: string;
}

export interface CheckedFile {
  delimiter: CsvDelimiter;
  columns: ColumnMap;
  rows: ImportRow[];
  rejected: RejectedRow[];
  /** A problem with the whole file (no header, a required column missing). */
  fileError: ImportMessage | undefined;
  /** Data rows in the file. */
  total: number;
}

/**
 * A date as exports write it: 2026-03-01, 01/03/2026 (day first), 1.3.2026, or an ISO date-time
 * (with an offset or Z it is read as that instant's date in `timeZone`).
 */
export function parseImportDate(input: string, timeZone: string): string | undefined {
  const value = input.trim();
  if (!value) return undefined;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (m) return checkedDate(m[1]!, m[2]!, m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (m) return checkedDate(m[3]!, m[2]!, m[1]!);
  m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (m) {
    if (!m[8]) return checkedDate(m[1]!, m[2]!, m[3]!);
    const instant = new Date(value.replace(" ", "T"));
    if (Number.isNaN(instant.getTime())) return undefined;
    try {
      return todayIn(timeZone, instant);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function checkedDate(year: string, month: string, day: string): string | undefined {
  const date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isCalendarDate(date) ? date : undefined;
}

const STATUS_WORDS: Record<string, LicenseStatus> = {
  active: "active",
  activo: "active",
  activa: "active",
  complete: "active",
  completed: "active",
  paid: "active",
  valid: "active",
  revoked: "revoked",
  revocada: "revoked",
  cancelled: "revoked",
  canceled: "revoked",
  cancelada: "revoked",
  disabled: "revoked",
  refunded: "refunded",
  refund: "refunded",
  reembolsada: "refunded",
  reembolsado: "refunded",
};

/** Parse and check a whole file. `timeZone` reads ISO date-times with an offset as local dates. */
export function checkImportFile(text: string, timeZone: string): CheckedFile {
  const parsed = parseCsv(text);
  const columns = mapColumns(parsed.header);
  const base = { delimiter: parsed.delimiter, columns, total: parsed.records.length };
  if (parsed.header.length === 0) {
    return { ...base, rows: [], rejected: [], fileError: importMessage("empty_file") };
  }
  if (columns.missing.length > 0) {
    // One header column usually means the file uses a delimiter we did not expect.
    const code = parsed.header.length === 1 ? "missing_columns_delimiter" : "missing_columns";
    return {
      ...base,
      rows: [],
      rejected: [],
      fileError: importMessage(code, {
        columns: columns.missing.join(", "),
        found: parsed.header.join(" | "),
      }),
    };
  }
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const keyLines = new Map<string, number>();
  const orderLines = new Map<string, number>();
  const col = columns.columns;
  const get = (fields: string[], c: ImportColumn): string => {
    const index = col[c];
    return index === undefined ? "" : (fields[index] ?? "").trim();
  };
  const fieldsNeeded = Math.max(...Object.values(col)) + 1;
  for (const record of parsed.records) {
    const { line, fields } = record;
    const reject = (
      code: ImportMessageCode,
      params: Record<string, string | number>,
      extra: Partial<RejectedRow> = {},
    ) => rejected.push({ line, reason: importMessage(code, params), ...extra });
    const rawEmail = get(fields, "email");
    const product = get(fields, "product");
    const rawKey = get(fields, "key");
    const email = normalizeEmail(rawEmail);
    const context = { email: rawEmail || undefined, product: product || undefined, key: rawKey || undefined };
    if (fields.length < fieldsNeeded) {
      reject("short_row", { count: fields.length, expected: parsed.header.length }, context);
      continue;
    }
    if (!email) {
      reject(rawEmail ? "invalid_email" : "no_email", { value: rawEmail }, context);
      continue;
    }
    if (!product) {
      reject("no_product", {}, context);
      continue;
    }
    let key: string | undefined;
    if (rawKey) {
      key = normalizeLicenseKey(rawKey);
      if (!isWellFormedLicenseKey(key)) {
        reject("bad_key", { value: rawKey }, context);
        continue;
      }
    }
    const rawPurchase = get(fields, "purchaseDate");
    const purchaseDate = rawPurchase ? parseImportDate(rawPurchase, timeZone) : undefined;
    if (rawPurchase && !purchaseDate) {
      reject("bad_purchase_date", { value: rawPurchase }, context);
      continue;
    }
    const rawUntil = get(fields, "supportUntil");
    const supportUntil = rawUntil ? parseImportDate(rawUntil, timeZone) : undefined;
    if (rawUntil && !supportUntil) {
      reject("bad_support_until", { value: rawUntil }, context);
      continue;
    }
    const rawMonths = get(fields, "supportMonths");
    let supportMonths: number | undefined;
    if (rawMonths) {
      supportMonths = Number(rawMonths);
      if (!/^\d{1,3}$/.test(rawMonths) || supportMonths > 240) {
        reject("bad_months", { value: rawMonths }, context);
        continue;
      }
    }
    const rawStatus = get(fields, "status");
    let status: LicenseStatus | undefined;
    if (rawStatus) {
      status = STATUS_WORDS[rawStatus.toLowerCase()];
      if (!status) {
        reject("bad_status", { value: rawStatus }, context);
        continue;
      }
    }
    const rawPhone = get(fields, "phone");
    const phone = rawPhone ? normalizePhone(rawPhone) : undefined;
    if (rawPhone && !phone) {
      reject("bad_phone", { value: rawPhone }, context);
      continue;
    }
    const orderRef = get(fields, "order") || undefined;
    if (!key && !orderRef) {
      reject("needs_order_or_key", {}, context);
      continue;
    }
    if (key) {
      const first = keyLines.get(key);
      if (first !== undefined) {
        reject("duplicate_key", { key, line: first }, context);
        continue;
      }
      keyLines.set(key, line);
    }
    if (orderRef) {
      const orderKey = `${orderRef}\u0000${product.toLowerCase()}`;
      const first = orderLines.get(orderKey);
      if (first !== undefined) {
        reject("duplicate_order", { order: orderRef, product, line: first }, context);
        continue;
      }
      orderLines.set(orderKey, line);
    }
    const rawLanguage = get(fields, "language").toLowerCase().slice(0, 2);
    rows.push({
      line,
      email,
      name: get(fields, "name"),
      phone,
      language: rawLanguage === "es" || rawLanguage === "en" ? rawLanguage : undefined,
      product,
      orderRef,
      purchaseDate,
      supportMonths,
      supportUntil,
      key,
      status,
    });
  }
  for (const problem of parsed.problems)
    rejected.push({ line: problem.line, reason: importMessage("unclosed_quote") });
  return { ...base, rows, rejected, fileError: undefined };
}
