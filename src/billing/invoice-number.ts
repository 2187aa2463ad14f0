/**
 * Invoice numbers: `INV-<year>-<sequence>`, the sequence gapless per year (the repository hands it out)
 * and zero-padded to four digits, growing past 9999 as needed.
 */

export interface InvoiceNumberParts {
  year: number;
  seq: number;
}

const PATTERN = /^INV-(\d{4})-(\d{4,})$/;

/** `formatInvoiceNumber(2026, 1)` → `"INV-2026-0001"`. */
export function formatInvoiceNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`invoice year must be a four-digit year, got ${year}`);
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`invoice sequence must be a whole number from 1, got ${seq}`);
  }
  return `INV-${year}-${String(seq).padStart(4, "0")}`;
}

/**
 * The parts of an invoice number, or `undefined` when it is not one. Only the canonical form is accepted
 * (`INV-2026-00001` is refused), so each invoice has exactly one spelling.
 */
export function parseInvoiceNumber(value: string): InvoiceNumberParts | undefined {
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  if (year < 1000 || seq < 1 || !Number.isSafeInteger(seq)) return undefined;
  return formatInvoiceNumber(year, seq) === value ? { year, seq } : undefined;
}
