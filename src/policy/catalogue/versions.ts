/**
 * Versions as customers write them, read from normalised text (intent.ts's normalise): OpenCart versions
 * ("4.0.2.3", "4.0.x", "OpenCart 4", "OC3", "v3.0") and PHP versions ("PHP 8.1"), and how a product's list
 * of supported versions answers one. Pure.
 */

export interface AskedVersion {
  /** As the customer wrote it, cleaned: "4.0.2.3", "4", "3.0.x". */
  text: string;
  /** Numeric parts; "x" is a wildcard: ["4", "0", "x"]. */
  parts: string[];
}

export interface AskedVersions {
  opencart?: AskedVersion;
  php?: AskedVersion;
}

const DOTTED = /(?<![\d.])(\d{1,2}(?:\.(?:\d{1,2}|x)){1,3})(?![\d.]*\d)/g;
const OPENCART_MAJOR = /(?<![a-z0-9])(?:opencart|open cart|oc)\s?(?:v|version |versi[oó]n )?([1-4])(?![\d.])/;
const PHP = /(?<![a-z0-9])php\s?(?:v|version |versi[oó]n )?(\d(?:\.\d{1,2}){0,2})(?![\d.])/;

function asked(text: string): AskedVersion {
  return { text, parts: text.split(".") };
}

/** The OpenCart and PHP versions a message mentions (the first of each). */
export function askedVersions(norm: string): AskedVersions {
  const result: AskedVersions = {};
  const php = PHP.exec(norm);
  if (php?.[1]) result.php = asked(php[1]);
  for (const match of norm.matchAll(DOTTED)) {
    const text = match[1] ?? "";
    if (
      php &&
      php.index !== undefined &&
      match.index >= php.index &&
      match.index <= php.index + php[0].length
    )
      continue;
    const major = Number(text.split(".")[0]);
    // OpenCart's majors are 1–4; "8.1" without "PHP" is a PHP version, "49.99" is a price.
    if (major >= 1 && major <= 4) {
      result.opencart = asked(text);
      break;
    }
    if (major >= 5 && major <= 8 && !result.php) result.php = asked(text);
  }
  if (!result.opencart) {
    const broad = OPENCART_MAJOR.exec(norm);
    if (broad?.[1]) result.opencart = asked(broad[1]);
  }
  return result;
}

function covers(general: string[], specific: string[]): boolean {
  if (general.length > specific.length) return false;
  return general.every((part, i) => part === "x" || part === specific[i]);
}

export type VersionVerdict =
  /** A listed version covers the asked one: "4.0" covers "4.0.2.3". */
  | { kind: "yes"; listed: string }
  /** The asked version is broad ("OpenCart 4") and these listed versions fall under it. */
  | { kind: "some"; listed: string[] }
  /** Nothing listed covers it or falls under it. */
  | { kind: "no" };

/** How a product's supported versions answer an asked one. Never "yes" to a version not listed. */
export function verdict(supported: string[], version: AskedVersion): VersionVerdict {
  const lists = supported.map((s) => ({ text: s, parts: s.trim().toLowerCase().split(".") }));
  const exact = lists.find((l) => covers(l.parts, version.parts));
  if (exact) return { kind: "yes", listed: exact.text };
  const under = lists.filter((l) => covers(version.parts, l.parts)).map((l) => l.text);
  return under.length > 0 ? { kind: "some", listed: under } : { kind: "no" };
}
