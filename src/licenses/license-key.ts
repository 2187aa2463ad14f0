import { randomBytes } from "node:crypto";

/**
 * License keys like `HB-7K3M-Q9XD-2WPF-R8TN-X`: a vendor prefix, 16 random Crockford base32 characters
 * (80 bits from the OS random source) in four groups, and one check character.
 *
 * The check character is a Damm-style check over the quasigroup x∘y = 2·x + y in GF(32) (polynomial
 * x⁵ + x² + 1), covering the prefix and the body. Because 2 ≠ 0, 1 in the field it catches every
 * single-character substitution and every transposition of two different adjacent characters, and the
 * check character stays inside the alphabet.
 */

/** Crockford base32: digits and letters without I, L, O and U. */
export const LICENSE_KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const DEFAULT_LICENSE_KEY_PREFIX = "HB";

const GROUPS = 4;
const GROUP_LENGTH = 4;
const BODY_LENGTH = GROUPS * GROUP_LENGTH;
const MAX_PREFIX_LENGTH = 6;
const SYMBOL = "[0-9A-HJKMNP-TV-Z]";
const PREFIX_PATTERN = new RegExp(`^${SYMBOL}{1,${MAX_PREFIX_LENGTH}}$`);
const KEY_PATTERN = new RegExp(
  `^(${SYMBOL}{1,${MAX_PREFIX_LENGTH}})-(${Array(GROUPS).fill(`${SYMBOL}{${GROUP_LENGTH}}`).join("-")})-(${SYMBOL})$`,
);

/** A new, unguessable license key: `generateLicenseKey()` → `HB-7K3M-Q9XD-2WPF-R8TN-X`. */
export function generateLicenseKey(prefix: string = DEFAULT_LICENSE_KEY_PREFIX): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(
      `license key prefix must be 1 to ${MAX_PREFIX_LENGTH} characters of ${LICENSE_KEY_ALPHABET}, got "${prefix}"`,
    );
  }
  // 10 bytes = 80 bits = exactly 16 base32 characters, so no character is biased.
  const bytes = randomBytes((BODY_LENGTH * 5) / 8);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let body = "";
  for (let i = BODY_LENGTH - 1; i >= 0; i--) {
    body += LICENSE_KEY_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  }
  return join(prefix, body, checkCharacter(prefix + body));
}

/**
 * A key as a person typed or pasted it, in canonical form: trimmed, upper case, O read as 0 and I or L as
 * 1, spaces and dashes dropped and the dashes put back where they belong. Input that cannot be a key is
 * returned cleaned but otherwise as is, for `isWellFormedLicenseKey` to refuse. Idempotent.
 */
export function normalizeLicenseKey(input: string): string {
  const compact = input
    .trim()
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  const prefixLength = compact.length - BODY_LENGTH - 1;
  if (prefixLength < 1 || prefixLength > MAX_PREFIX_LENGTH) return compact;
  return join(compact.slice(0, prefixLength), compact.slice(prefixLength, -1), compact.slice(-1));
}

/** True when `key` is in canonical form (see `normalizeLicenseKey`) and its check character is right. */
export function isWellFormedLicenseKey(key: string): boolean {
  const match = KEY_PATTERN.exec(key);
  if (!match) return false;
  const [, prefix, groups, check] = match;
  return checkCharacter(prefix! + groups!.replaceAll("-", "")) === check;
}

function join(prefix: string, body: string, check: string): string {
  const groups = Array.from({ length: GROUPS }, (_, i) =>
    body.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH),
  );
  return [prefix, ...groups, check].join("-");
}

/** The character c for which folding `symbols` then c through x∘y = 2x + y ends at 0. */
function checkCharacter(symbols: string): string {
  let interim = 0;
  for (const symbol of symbols) interim = timesTwo(interim) ^ LICENSE_KEY_ALPHABET.indexOf(symbol);
  return LICENSE_KEY_ALPHABET[timesTwo(interim)]!;
}

/** Multiplication by 2 (the polynomial x) in GF(32) modulo x⁵ + x² + 1. */
function timesTwo(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ 0b100101 : shifted;
}
