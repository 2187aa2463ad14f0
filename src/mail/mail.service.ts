import type { Config } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import { newId } from "../platform/ids.js";
import { PermanentJobError } from "../platform/outbox/job.js";
import type { TxContext } from "../platform/transaction.js";
import {
  findMail,
  findMailsByMessageIds,
  insertMail,
  type MailSummary,
  markMail,
} from "./mail.repository.js";
import type { AutoSubmitted } from "./mail.tables.js";
import { senderDomain, smtpTransport } from "./mail.transport.js";
import { type MailContent, renderMail } from "./mail-render.js";

// What other domains read of the outgoing mail (their tests check what was sent).
export { findMail, listMails } from "./mail.repository.js";

export const MAIL_SEND_JOB = "mail.send";

export interface OutgoingMail {
  /** What the mail is about, e.g. "portal.magic_link", "ticket.reply". */
  kind: string;
  to: string;
  content: MailContent;
  related?: { type: string; id: string };
  /** Default auto-generated (a notification); null for mail a person wrote; auto-replied answers a mail. */
  autoSubmitted?: AutoSubmitted | null;
  /** The Message-ID of the mail this one answers. */
  inReplyTo?: string;
  /** Where the customer's answer should go: the support mailbox email-in reads. */
  replyTo?: string;
}

/** Without SMTP_URL, mail is kept for the development viewer in the agent app. */
export function devMailViewerEnabled(config: Config): boolean {
  return !config.mail.smtpUrl;
}

/**
 * Write the mail and its `mail.send` job in the caller's transaction, so the mail exists exactly when
 * the state change it reports does. Call `ctx.outbox.wake()` after the commit.
 */
export async function queueMail(tx: TxContext, mail: OutgoingMail): Promise<string> {
  const rendered = renderMail(mail.content);
  const id = newId();
  const inReplyTo = mail.inReplyTo && isMessageId(mail.inReplyTo) ? mail.inReplyTo : null;
  await insertMail(tx.trx, {
    id,
    kind: mail.kind,
    to_address: mail.to.trim().toLowerCase(),
    language: mail.content.lang,
    subject: rendered.subject,
    text_body: rendered.text,
    html_body: rendered.html,
    status: "pending",
    transport: null,
    provider_message_id: null,
    related_type: mail.related?.type ?? null,
    related_id: mail.related?.id ?? null,
    error: null,
    created_at: tx.clock.now().toISOString(),
    sent_at: null,
    message_id: messageIdFor(id, tx.config.mail.from),
    auto_submitted: mail.autoSubmitted === undefined ? "auto-generated" : mail.autoSubmitted,
    in_reply_to: inReplyTo,
    reply_to: mail.replyTo?.trim() || null,
  });
  await tx.enqueue({ type: MAIL_SEND_JOB, payload: { mailId: id } });
  return id;
}

/**
 * Deliver one queued mail. Safe to run twice: a mail already sent or stored is left alone, and the
 * Message-ID is derived from the mail's id, so a resend after a crash between SMTP accepting it and us
 * recording that carries the same Message-ID and mail clients show it once.
 */
export async function deliverMail(
  ctx: AppContext,
  mailId: string,
): Promise<{ status: string; messageId?: string }> {
  const mail = await findMail(ctx.db.kysely, mailId);
  if (!mail) throw new PermanentJobError(`mail ${mailId} does not exist`);
  if (mail.status !== "pending") return { status: mail.status };
  const now = () => ctx.clock.now().toISOString();
  const transport = smtpTransport(ctx);
  if (!transport) {
    await markMail(ctx.db.kysely, mail.id, {
      status: "stored",
      transport: "viewer",
      provider_message_id: null,
      error: null,
      sent_at: now(),
    });
    return { status: "stored" };
  }
  const from = ctx.config.mail.from;
  // Mail queued before Message-IDs were stored got the same derived one.
  const messageId = mail.messageId ?? messageIdFor(mail.id, from);
  const headers: Record<string, string> = { "Content-Language": mail.language };
  if (mail.autoSubmitted) headers["Auto-Submitted"] = mail.autoSubmitted;
  try {
    const info = await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
      headers,
    });
    await markMail(ctx.db.kysely, mail.id, {
      status: "sent",
      transport: "smtp",
      provider_message_id: info.messageId ?? messageId,
      error: null,
      sent_at: now(),
    });
    return { status: "sent", messageId: info.messageId ?? messageId };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const message = error instanceof Error ? error.message : String(error);
    // A 5xx answer (unknown mailbox, refused sender) will not change by retrying.
    if (code !== undefined && code >= 500 && code < 600) {
      await markMail(ctx.db.kysely, mail.id, {
        status: "failed",
        transport: "smtp",
        provider_message_id: null,
        error: message.slice(0, 1000),
        sent_at: null,
      });
      throw new PermanentJobError(`SMTP refused the mail: ${message}`);
    }
    throw error;
  }
}

/** The Message-ID a mail is sent with: stable, so a resend after a crash is recognised as the same mail. */
function messageIdFor(mailId: string, from: string): string {
  return `<${mailId}@${senderDomain(from)}>`;
}

/** `<local@domain>` with nothing a header could be split on. */
function isMessageId(value: string): boolean {
  return /^<[^<>\s@]+@[^<>\s@]+>$/.test(value) && value.length <= 998;
}

/** The mails we sent with any of these Message-IDs, newest first (for threading a reply). */
export async function findSentMails(ctx: AppContext, messageIds: string[]): Promise<MailSummary[]> {
  const ids = [...new Set(messageIds.filter(isMessageId))].slice(0, 100);
  return findMailsByMessageIds(ctx.db.kysely, ids);
}
