/**
 * Totals in one reporting currency at the owner's own exchange rates (never fetched from the internet).
 * Amounts stay integer minor units: each currency's sum is converted exactly (BigInt) and rounded half away
 * from zero to the reporting currency's minor unit, then the converted sums are added.
 */

export interface ExchangeRates {
  /** The reporting currency (ISO 4217). */
  currency: string;
  /** Units of the reporting currency that one unit of `currency` is worth, as a decimal ("0.92"). */
  rates: readonly { currency: string; rate: string }[];
}

const digitsCache = new Map<string, number>();

/** Decimal places of a currency's minor unit: 2 for USD and EUR, 0 for JPY. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** `cents` of `from` in the minor units of `to` at `rate` (to per from), rounded half away from zero. */
export function convertMinor(cents: number, from: string, to: string, rate: string): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) throw new RangeError(`not a rate: ${rate}`);
  const decimals = match[2] ?? "";
  const rateNumerator = BigInt(`${match[1]}${decimals}`);
  const numerator = BigInt(cents) * rateNumerator * 10n ** BigInt(minorDigits(to));
  const denominator = 10n ** BigInt(decimals.length + minorDigits(from));
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let result = magnitude / denominator;
  if ((magnitude % denominator) * 2n >= denominator) result += 1n;
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("converted amount is too large");
  return Number(negative ? -result : result);
}

/**
 * The sum of amounts in several currencies, in the reporting currency. Currencies without a rate are left
 * out of the total and named in `missing`, so a total is never silently incomplete.
 */
export function totalInReportingCurrency(
  amounts: readonly { currency: string; cents: number }[],
  exchange: ExchangeRates,
): { cents: number; missing: string[] } {
  const sums = new Map<string, number>();
  for (const a of amounts) sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.cents);
  let cents = 0;
  const missing: string[] = [];
  for (const [currency, sum] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
    if (currency === exchange.currency) {
      cents += sum;
      continue;
    }
    const rate = exchange.rates.find((r) => r.currency === currency)?.rate;
    if (rate === undefined) missing.push(currency);
    else cents += convertMinor(sum, currency, exchange.currency, rate);
  }
  return { cents, missing };
}
