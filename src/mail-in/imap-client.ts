import type { ImapFlow } from "imapflow";
import type { ImapTarget } from "./imap-url.js";

/** A connected IMAP client; timeouts are short so a dead server fails a pass instead of hanging it. */
export async function connectImap(target: ImapTarget, options: { idleMs?: number } = {}): Promise<ImapFlow> {
  // Loaded on first use: only a desk with MAIL_IN_URL pays for it at start-up.
  const { ImapFlow } = await import("imapflow");
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.user, pass: target.pass },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
    // IDLE is restarted this often; servers without IDLE are polled with NOOP instead.
    maxIdleTime: options.idleMs ?? 60_000,
  });
  // Without a listener an 'error' event (a dropped connection) would crash the process.
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** An IMAP error as the owner can read it: the server's words, never the URL or password. */
export function imapErrorText(error: unknown): string {
  const e = error as { responseText?: string; code?: string; message?: string };
  const text = e?.responseText || e?.code || e?.message || String(error);
  return text.replace(/imaps?:\/\/\S+/g, "imap://…").slice(0, 300);
}

export async function closeImap(client: ImapFlow | undefined): Promise<void> {
  if (!client) return;
  try {
    await client.logout();
  } catch {
    client.close();
  }
}
