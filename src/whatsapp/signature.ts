import { createHmac, timingSafeEqual } from "node:crypto";

const HEADER_PATTERN = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks X-Hub-Signature-256 against the body bytes exactly as received. Meta signs its escaped-unicode
 * serialisation, so hashing re-serialised JSON fails for any non-ASCII text. Never throws: anything odd is false.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  try {
    if (typeof header !== "string" || typeof appSecret !== "string" || appSecret === "") return false;
    if (!(rawBody instanceof Uint8Array)) return false;
    const match = HEADER_PATTERN.exec(header.trim());
    if (!match?.[1]) return false;
    const expected = createHmac("sha256", appSecret).update(rawBody).digest();
    const given = Buffer.from(match[1], "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

/** The X-Hub-Signature-256 value Meta would send for these bytes (used by the simulator and tests). */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}
