import { AppError } from "../platform/errors.js";

/** Where email-in reads: `imap://user:pass@host:port/MAILBOX` (143) or `imaps://…` (993, TLS). */
export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** Parse an IMAP URL; a malformed one is a validation error that never repeats the password. */
export function parseImapUrl(value: string): ImapTarget {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new AppError("validation_failed", "The mailbox URL is not a URL (imap://user:password@host/INBOX)");
  }
  const secure = url.protocol === "imaps:";
  if (!secure && url.protocol !== "imap:")
    throw new AppError("validation_failed", "The mailbox URL must start with imap:// or imaps://");
  if (!url.hostname) throw new AppError("validation_failed", "The mailbox URL has no host");
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (!user || !pass)
    throw new AppError(
      "validation_failed",
      "The mailbox URL needs a user and a password (imap://user:password@host)",
    );
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, "")) || "INBOX";
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user,
    pass,
    mailbox,
  };
}

/** The URL with its password hidden, for the settings screen and logs. */
export function redactImapUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return "";
  }
}
