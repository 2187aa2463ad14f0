import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";

// The secret key in a backup, sealed with the operator's passphrase: scrypt (N=2^15, r=8, p=1) derives an
// AES-256-GCM key. Format (JSON): {v: 1, salt, iv, tag, data}, base64url parts.

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export class WrongPassphraseError extends Error {
  constructor() {
    super("the passphrase does not open the secret key in this backup");
    this.name = "WrongPassphraseError";
  }
}

export function sealKey(key: Buffer, passphrase: string): Buffer {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", scryptSync(passphrase, salt, 32, SCRYPT), iv);
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  const b = (x: Buffer) => x.toString("base64url");
  return Buffer.from(
    JSON.stringify({ v: 1, salt: b(salt), iv: b(iv), tag: b(cipher.getAuthTag()), data: b(data) }),
  );
}

export function openKey(sealed: Buffer, passphrase: string): Buffer {
  const parsed = JSON.parse(sealed.toString("utf8")) as Record<string, string>;
  const b = (x: string | undefined) => Buffer.from(x ?? "", "base64url");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    scryptSync(passphrase, b(parsed.salt), 32, SCRYPT),
    b(parsed.iv),
  );
  decipher.setAuthTag(b(parsed.tag));
  try {
    return Buffer.concat([decipher.update(b(parsed.data)), decipher.final()]);
  } catch {
    throw new WrongPassphraseError();
  }
}

/** A passphrase from a file: its first line, which must be at least 12 characters. */
export function readPassphrase(text: string): string {
  const passphrase = text.split(/\r?\n/)[0] ?? "";
  if (passphrase.length < 12) throw new Error("the passphrase must be at least 12 characters long");
  return passphrase;
}
