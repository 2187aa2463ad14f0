/**
 * Money and time rules for premium billing. Amounts are integer minor units (cents) and durations are
 * integer minutes: no floats ever take part in an amount.
 */

/** Share of the cap at which the agent is warned (spec 3.5: warn at 80 %). */
export const CAP_WARN_RATIO = 0.8;

export type MoneyLocale = "es" | "en";

export interface TimeEntryMinutes {
  minutes: number;
}

export interface InvoiceInput {
  entries: readonly TimeEntryMinutes[];
  hourlyRateCents: number;
  incrementMinutes: number;
  minimumMinutes: number;
  /** Agreed cap: the customer is never billed for more than this many minutes. */
  capMinutes?: number;
}

/**
 * How the billed minutes came about. `worked` is always present; the others only when they change the
 * total. (`prepaid`, what was paid in advance and netted off, is added by the invoice, not here.) Line minutes add up to `billableMinutes` and line amounts add up to `amountCents` exactly.
 */
export type InvoiceLineKind = "worked" | "rounding" | "minimum" | "cap" | "prepaid" | "credit";

export interface InvoiceLine {
  kind: InvoiceLineKind;
  /** Positive, except for `cap`, which takes minutes away. */
  minutes: number;
  amountCents: number;
}

export interface InvoiceComputation {
  /** Sum of the time entries as recorded. */
  workedMinutes: number;
  /** Worked time rounded up to the increment, before the minimum and the cap. */
  roundedMinutes: number;
  /** What the customer pays for: rounded, then raised to the minimum, then limited by the cap. */
  billableMinutes: number;
  hourlyRateCents: number;
  incrementMinutes: number;
  minimumMinutes: number;
  capMinutes: number | undefined;
  minimumApplied: boolean;
  capApplied: boolean;
  amountCents: number;
  lines: InvoiceLine[];
}

export interface CapStatus {
  /** used / cap; above 1 when the cap has been overrun. For display only: the flags are exact. */
  ratio: number;
  /** At or past 80 % of the cap. */
  warn: boolean;
  /** At or past the cap: no more time without a new agreement. */
  reached: boolean;
  remainingMinutes: number;
}

/**
 * Minutes to bill for `totalMinutes` of work: the total (never each entry) rounded up to the increment,
 * then raised to the minimum. The minimum only applies when some time was worked, so 0 minutes bill 0.
 * The minimum is taken as agreed, even when it is not a multiple of the increment.
 */
export function billableMinutes(
  totalMinutes: number,
  incrementMinutes: number,
  minimumMinutes: number,
): number {
  assertMinutes("totalMinutes", totalMinutes);
  assertIncrement(incrementMinutes);
  assertMinutes("minimumMinutes", minimumMinutes);
  if (totalMinutes === 0) return 0;
  return Math.max(roundUpToIncrement(totalMinutes, incrementMinutes), minimumMinutes);
}

/** rate × minutes / 60, rounded half up to the cent, computed exactly with BigInt. */
export function amountCents(billableMinutes: number, hourlyRateCents: number): number {
  assertMinutes("billableMinutes", billableMinutes);
  assertCents("hourlyRateCents", hourlyRateCents);
  const numerator = BigInt(billableMinutes) * BigInt(hourlyRateCents);
  let cents = numerator / 60n;
  if ((numerator % 60n) * 2n >= 60n) cents += 1n;
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount for ${billableMinutes} minutes at ${hourlyRateCents} cents/h is too large`);
  }
  return Number(cents);
}

/** The invoice for an engagement's time entries. Rounding applies to the total time, not per entry. */
export function computeInvoice(input: InvoiceInput): InvoiceComputation {
  const { entries, hourlyRateCents, incrementMinutes, minimumMinutes, capMinutes } = input;
  assertCents("hourlyRateCents", hourlyRateCents);
  assertIncrement(incrementMinutes);
  assertMinutes("minimumMinutes", minimumMinutes);
  if (capMinutes !== undefined) assertCap(capMinutes);

  let workedMinutes = 0;
  entries.forEach((entry, index) => {
    assertMinutes(`entries[${index}].minutes`, entry.minutes);
    workedMinutes += entry.minutes;
    if (!Number.isSafeInteger(workedMinutes)) throw new RangeError("total of the time entries is too large");
  });

  const roundedMinutes = workedMinutes === 0 ? 0 : roundUpToIncrement(workedMinutes, incrementMinutes);
  const withMinimum = billableMinutes(workedMinutes, incrementMinutes, minimumMinutes);
  const billable = capMinutes === undefined ? withMinimum : Math.min(withMinimum, capMinutes);

  // Each line is priced as the difference of cumulative amounts, so the lines add up to the total exactly.
  const lines: InvoiceLine[] = [];
  let cumulativeMinutes = 0;
  let cumulativeCents = 0;
  const addLine = (kind: InvoiceLineKind, minutes: number): void => {
    cumulativeMinutes += minutes;
    const cents = amountCents(cumulativeMinutes, hourlyRateCents);
    lines.push({ kind, minutes, amountCents: cents - cumulativeCents });
    cumulativeCents = cents;
  };
  addLine("worked", workedMinutes);
  if (roundedMinutes > workedMinutes) addLine("rounding", roundedMinutes - workedMinutes);
  if (withMinimum > roundedMinutes) addLine("minimum", withMinimum - roundedMinutes);
  if (billable < withMinimum) addLine("cap", billable - withMinimum);

  return {
    workedMinutes,
    roundedMinutes,
    billableMinutes: billable,
    hourlyRateCents,
    incrementMinutes,
    minimumMinutes,
    capMinutes,
    minimumApplied: withMinimum > roundedMinutes,
    capApplied: billable < withMinimum,
    amountCents: cumulativeCents,
    lines,
  };
}

/**
 * `cents` (minor units of `currency`) for people: "$15.00" in English, "15,00 US$" in Spanish. The
 * number of minor digits follows the currency (JPY 0, KWD 3), and the value is passed to Intl as an exact
 * decimal string so large amounts never pick up float noise.
 */
export function formatMoney(cents: number, currency: string, locale: MoneyLocale): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const { format, digits } = currencyFormat(locale, currency);
  const magnitude = String(Math.abs(cents)).padStart(digits + 1, "0");
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = magnitude.slice(magnitude.length - digits);
  const decimal = `${cents < 0 ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
  return format.format(decimal as Intl.StringNumericLiteral);
}

const currencyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

/** Building an Intl.NumberFormat costs far more than using one: one per locale and currency. */
function currencyFormat(
  locale: MoneyLocale,
  currency: string,
): { format: Intl.NumberFormat; digits: number } {
  const key = `${locale} ${currency}`;
  let entry = currencyFormats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    entry = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    currencyFormats.set(key, entry);
  }
  return entry;
}

/** Where time stands against an agreed cap. The flags use exact integer comparisons. */
export function capStatus(usedMinutes: number, capMinutes: number): CapStatus {
  assertMinutes("usedMinutes", usedMinutes);
  assertCap(capMinutes);
  return {
    ratio: usedMinutes / capMinutes,
    warn: BigInt(usedMinutes) * 5n >= BigInt(capMinutes) * 4n,
    reached: usedMinutes >= capMinutes,
    remainingMinutes: remainingMinutes(usedMinutes, capMinutes),
  };
}

/** Minutes that can still be recorded under the cap; 0 once it is reached. */
export function remainingMinutes(usedMinutes: number, capMinutes: number): number {
  assertMinutes("usedMinutes", usedMinutes);
  assertCap(capMinutes);
  return Math.max(0, capMinutes - usedMinutes);
}

function roundUpToIncrement(minutes: number, increment: number): number {
  const remainder = minutes % increment;
  if (remainder === 0) return minutes;
  const rounded = minutes - remainder + increment;
  if (!Number.isSafeInteger(rounded)) throw new RangeError(`${minutes} minutes are too many to round`);
  return rounded;
}

function assertMinutes(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative whole number of minutes, got ${value}`);
  }
}

function assertCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative whole number of cents, got ${value}`);
  }
}

function assertIncrement(value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`incrementMinutes must be a whole number of minutes, at least 1, got ${value}`);
  }
}

function assertCap(value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`capMinutes must be a whole number of minutes, at least 1, got ${value}`);
  }
}

export interface BillingTerms {
  hourlyRateCents: number;
  incrementMinutes: number;
  minimumMinutes: number;
  capMinutes: number;
}

/** What `workedMinutes` of work costs under the terms (rounded, minimum, never past the cap). */
export function costOfMinutes(workedMinutes: number, terms: BillingTerms): number {
  return computeInvoice({ entries: [{ minutes: workedMinutes }], ...terms }).amountCents;
}

/**
 * The quote's estimate and cap as money: the estimate billed as the invoice would bill that much work, and
 * the most the customer can ever be billed (the cap's minutes at the rate).
 */
export function quoteAmounts(terms: BillingTerms & { estimateMinutes: number }): {
  estimateCents: number;
  capCents: number;
} {
  return {
    estimateCents: costOfMinutes(terms.estimateMinutes, terms),
    capCents: costOfMinutes(terms.capMinutes, terms),
  };
}

/**
 * Prepaid work: the most minutes (up to the cap) whose cost is covered by `paidCents`. Time draws down the
 * paid balance and stops here. The cost only grows with time, so a binary search finds the exact limit.
 */
export function prepaidMinutes(paidCents: number, terms: BillingTerms): number {
  assertCents("paidCents", paidCents);
  if (costOfMinutes(terms.capMinutes, terms) <= paidCents) return terms.capMinutes;
  let low = 0; // covered
  let high = terms.capMinutes; // not covered
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (costOfMinutes(mid, terms) <= paidCents) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * An invoice nets off what was paid in advance (the deposit, top-ups): the amount applied, what is still
 * due, and what was paid beyond the work (for the owner to refund with a credit note or keep as credit).
 */
export function netOfPayments(
  amountCents: number,
  paidCents: number,
): { appliedCents: number; dueCents: number; unusedCents: number } {
  assertCents("amountCents", amountCents);
  assertCents("paidCents", paidCents);
  const appliedCents = Math.min(amountCents, paidCents);
  return { appliedCents, dueCents: amountCents - appliedCents, unusedCents: paidCents - appliedCents };
}

/**
 * The most a new credit note on an invoice may give back: the work the invoice billed (its lines before the
 * prepaid netting), or, when the customer paid more in advance than that (a deposit larger than the work),
 * what they paid, so the unused balance can be refunded too; less what earlier credit notes gave back.
 * Never negative. `paidCents`: the payments on the invoice's engagement (deposit, top-ups).
 */
export function creditableCents(lines: readonly InvoiceLine[], creditedCents: number, paidCents = 0): number {
  assertCents("creditedCents", creditedCents);
  assertCents("paidCents", paidCents);
  const billed = lines.filter((l) => l.kind !== "prepaid").reduce((sum, l) => sum + l.amountCents, 0);
  return Math.max(0, Math.max(billed, paidCents) - creditedCents);
}
