import nodemailer, { type Transporter } from "nodemailer";
import type { AppContext } from "../platform/context.js";

const transports = new WeakMap<AppContext, Transporter>();

/** One SMTP transport per process, from SMTP_URL; undefined means mail stays in the development viewer. */
export function smtpTransport(ctx: AppContext): Transporter | undefined {
  const url = ctx.config.mail.smtpUrl;
  if (!url) return undefined;
  let transport = transports.get(ctx);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      // Short timeouts: a stuck server fails the job, which the outbox retries later.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    transports.set(ctx, transport);
  }
  return transport;
}

export function closeTransport(ctx: AppContext): void {
  transports.get(ctx)?.close();
  transports.delete(ctx);
}

/** The domain part of MAIL_FROM, for Message-ID headers. */
export function senderDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? "beedesk.local";
}
