import { findSentMails, queueMail } from "../mail/mail.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { translate } from "../platform/i18n/i18n.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import { detectLanguage } from "../policy/language.js";
import type { Language, Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { discardUploads } from "../tickets/attachments.js";
import { findTicketCustomerByEmail, listCustomerLicenseChoices } from "../tickets/desk-lookup.service.js";
import {
  findCustomerTicketByNumber,
  findTicketOfCustomer,
  isDeskUserAddress,
} from "../tickets/mail-channel.service.js";
import { supportAddress } from "../tickets/ticket-mails.js";
import { replyAsCustomer } from "../tickets/ticket-replies.service.js";
import { type MailOrigin, openTicket } from "../tickets/tickets.service.js";
import type { InboundMail } from "./inbound-mail.js";
import { checkedMailFiles } from "./mail-files.js";
import {
  countPolicyAnswersSince,
  findHandledByMessageId,
  findTicketsOfReceived,
  insertMailIn,
} from "./mail-in.repository.js";
import type { MailInMessagesTable, MailInOutcome } from "./mail-in.tables.js";
import { encodeNotes, type MailNote } from "./mail-notes.js";
import {
  automaticReason,
  newPartOfReply,
  referencedMessageIds,
  ticketNumberInSubject,
} from "./mail-rules.js";
import { senderAddress } from "./own-address.js";
import { policyAnswerContent, type Sender } from "./policy-answer.js";

/** At most this many policy answers to one sender in 24 hours: a loop with a robot we missed stays short. */
const POLICY_ANSWERS_PER_DAY = 3;
const DAY_MS = 86_400_000;

/** A mail's place in the mailbox: UIDVALIDITY + UID identify it for as long as the mailbox exists. */
export interface MailPlace {
  mailbox: string;
  uidValidity: string;
  uid: number;
}

export interface HandledMail {
  outcome: MailInOutcome;
  ticketId: string | null;
  note: string | null;
}

type Customer = NonNullable<Awaited<ReturnType<typeof findTicketCustomerByEmail>>>;

/**
 * Handle one mail read from the support mailbox, exactly once: the record of it (unique on its place) is
 * written in the same transaction as what it causes, so a second attempt — after a crash, or by a second
 * reader — fails on the record and changes nothing.
 */
export async function handleInboundMail(
  ctx: AppContext,
  place: MailPlace,
  mail: InboundMail,
): Promise<HandledMail> {
  const settings = await getSettings(ctx);
  const base = recordBase(ctx, place, mail);
  const ignore = (outcome: MailInOutcome, notes: MailNote[]) =>
    recordOnly(ctx, { ...base, outcome, note: encodeNotes(notes) });

  if (!mail.from.address) return failMail(ctx, base, [{ key: "mailIn.note.noSender" }]);
  if (await isOwnMail(ctx, settings, mail)) return ignore("own_mail", []);
  // An agent answering a notification by mail: answered in the desk, never with the policy.
  if (await isDeskUserAddress(ctx, mail.from.address))
    return ignore("own_mail", [{ key: "mailIn.note.fromAgent" }]);
  const automatic = automaticReason(mail.headers, mail.from.address, mail.subject);
  if (automatic)
    return ignore("automatic", [{ key: "mailIn.note.automatic", params: { reason: automatic } }]);
  if (mail.messageId && (await findHandledByMessageId(ctx.db.kysely, mail.messageId)))
    return ignore("duplicate", [{ key: "mailIn.note.duplicate" }]);

  const customer = await findTicketCustomerByEmail(ctx, mail.from.address);
  const notes: MailNote[] = [];
  if (customer) {
    const replied = await replyToThread(ctx, base, mail, customer, notes);
    if (replied) return replied;
    const opened = await openFromMail(ctx, base, mail, customer, notes);
    if (opened) return opened;
  }
  return answerWithPolicy(ctx, settings, base, mail, customer, notes);
}

function recordBase(ctx: AppContext, place: MailPlace, mail: InboundMail): MailInMessagesTable {
  return {
    id: newId(),
    mailbox: place.mailbox,
    uid_validity: place.uidValidity,
    uid: place.uid,
    message_id: mail.messageId,
    from_address: mail.from.address,
    from_name: mail.from.name,
    subject: mail.subject,
    text_body: mail.text,
    language: "en",
    state: "handled",
    outcome: "failed",
    note: null,
    ticket_id: null,
    ticket_message_id: null,
    sent_at: null,
    created_at: ctx.clock.now().toISOString(),
  };
}

async function recordOnly(ctx: AppContext, row: MailInMessagesTable): Promise<HandledMail> {
  await insertMailIn(ctx.db.kysely, row);
  return { outcome: row.outcome, ticketId: row.ticket_id, note: row.note };
}

/** Keep a mail that could not be handled: recorded failed (shown to the owner), left in the mailbox. */
export async function failMail(
  ctx: AppContext,
  base: MailInMessagesTable,
  notes: MailNote[],
): Promise<HandledMail> {
  return recordOnly(ctx, { ...base, state: "failed", outcome: "failed", note: encodeNotes(notes) });
}

/** The same record for a mail that could not even be parsed. */
export function unparsedRecord(ctx: AppContext, place: MailPlace): MailInMessagesTable {
  return recordBase(ctx, place, {
    messageId: null,
    from: { address: "", name: "" },
    subject: "",
    headers: new Map(),
    text: "",
    attachments: [],
    contentLanguage: undefined,
  });
}

/** Mail we sent that came back into the support mailbox (a Bcc, a forward rule, a loop). */
async function isOwnMail(ctx: AppContext, settings: Settings, mail: InboundMail): Promise<boolean> {
  if (mail.from.address === senderAddress(ctx.config.mail.from)) return true;
  if (settings.vendor.supportEmail && mail.from.address === settings.vendor.supportEmail.toLowerCase())
    return true;
  return mail.messageId ? (await findSentMails(ctx, [mail.messageId])).length > 0 : false;
}

function mailOrigin(
  base: MailInMessagesTable,
  patch: Pick<MailInMessagesTable, "outcome" | "language" | "note">,
): MailOrigin {
  return {
    record: (trx, ref) =>
      insertMailIn(trx, { ...base, ...patch, ticket_id: ref.ticketId, ticket_message_id: ref.messageId }),
  };
}

/**
 * A reply to one of the customer's tickets: In-Reply-To/References naming a mail we sent about it (or a
 * mail of theirs that became it), else the ticket number in the subject — only ever the sender's own ticket.
 */
async function replyToThread(
  ctx: AppContext,
  base: MailInMessagesTable,
  mail: InboundMail,
  customer: Customer,
  notes: MailNote[],
): Promise<HandledMail | undefined> {
  const refs = referencedMessageIds(mail.headers);
  const sent = await findSentMails(ctx, refs);
  const candidates = [
    ...sent.filter((m) => m.relatedType === "ticket" && m.relatedId).map((m) => m.relatedId!),
    ...(await findTicketsOfReceived(ctx.db.kysely, refs)),
  ];
  let ticket = undefined as Awaited<ReturnType<typeof findTicketOfCustomer>>;
  for (const id of new Set(candidates)) {
    ticket = await findTicketOfCustomer(ctx, customer.id, id);
    if (ticket) break;
  }
  const number = ticketNumberInSubject(mail.subject);
  if (!ticket && number !== undefined) ticket = await findCustomerTicketByNumber(ctx, customer.id, number);
  if (!ticket) return undefined;
  const { files, notes: fileNotes } = checkedMailFiles(ctx.config.dataDir, mail.attachments);
  const note = encodeNotes([...notes, ...fileNotes]);
  const language = ticket.language;
  try {
    await replyAsCustomer(
      ctx,
      customer.id,
      ticket.id,
      newPartOfReply(mail.text),
      files,
      mailOrigin(base, { outcome: "ticket_reply", language, note }),
    );
    return { outcome: "ticket_reply", ticketId: ticket.id, note };
  } catch (error) {
    discardUploads(files);
    // A closed ticket takes no replies: the mail is treated as a new one.
    if (error instanceof AppError && error.code === "invalid_state") {
      notes.push({ key: "mailIn.note.closedTicket", params: { number: ticket.number } });
      return undefined;
    }
    throw error;
  }
}

/** A new mail from a customer with active support opens a ticket on the license it is about. */
async function openFromMail(
  ctx: AppContext,
  base: MailInMessagesTable,
  mail: InboundMail,
  customer: Customer,
  notes: MailNote[],
): Promise<HandledMail | undefined> {
  const active = (await listCustomerLicenseChoices(ctx, customer.id)).filter((l) => l.support.active);
  if (active.length === 0) return undefined;
  const language = customerLanguage(customer.language, mail);
  const body = newPartOfReply(mail.text);
  const license = chooseLicense(active, `${mail.subject}\n${body}`);
  if (license.guessed) {
    notes.push({
      key: "mailIn.note.licenseGuess",
      params: {
        licenses: active.map((l) => `${l.productName} ${l.key}`).join(", "),
        chosen: `${license.chosen.productName} ${license.chosen.key}`,
      },
    });
  }
  const { files, notes: fileNotes } = checkedMailFiles(ctx.config.dataDir, mail.attachments);
  const note = encodeNotes([...notes, ...fileNotes]);
  const subject = mail.subject.replace(/^((re|fwd?|rv|res)\s*:\s*)+/i, "").trim();
  let ticket: Awaited<ReturnType<typeof openTicket>>;
  try {
    ticket = await openTicket(
      ctx,
      { type: "customer", customerId: customer.id },
      {
        customerId: customer.id,
        licenseId: license.chosen.id,
        category: "other",
        subject: (subject.length >= 3 ? subject : translate(language, "mailIn.ticket.noSubject")).slice(
          0,
          200,
        ),
        description: body.slice(0, 20_000),
        storeUrl: "",
        opencartVersion: "",
        phpVersion: "",
        language,
        files,
        viaMail: mailOrigin(base, { outcome: "ticket_opened", language, note }),
      },
    );
  } catch (error) {
    discardUploads(files);
    throw error;
  }
  return { outcome: "ticket_opened", ticketId: ticket.id, note };
}

interface LicenseChoice {
  id: string;
  key: string;
  productName: string;
  supportUntil: string;
}

/** One active license, or the one product the mail names; otherwise the latest, flagged for the agent. */
export function chooseLicense<L extends LicenseChoice>(
  active: L[],
  text: string,
): { chosen: L; guessed: boolean } {
  if (active.length === 1) return { chosen: active[0]!, guessed: false };
  const lower = text.toLowerCase();
  const named = active.filter((l) => lower.includes(l.key.toLowerCase()));
  if (named.length === 1) return { chosen: named[0]!, guessed: false };
  const products = new Set(
    active.filter((l) => lower.includes(l.productName.toLowerCase())).map((l) => l.productName),
  );
  if (products.size === 1) {
    const ofProduct = active.filter((l) => products.has(l.productName));
    if (ofProduct.length === 1) return { chosen: ofProduct[0]!, guessed: false };
  }
  const latest = [...active].sort((a, b) => b.supportUntil.localeCompare(a.supportUntil))[0]!;
  return { chosen: latest, guessed: true };
}

function customerLanguage(stored: string, mail: InboundMail): Language {
  if (stored === "es" || stored === "en") return stored;
  return mailLanguage(mail) ?? "en";
}

/** The sender's language: Content-Language, else what the text reads as. */
function mailLanguage(mail: InboundMail): Language | undefined {
  const tag = mail.contentLanguage?.slice(0, 2);
  if (tag === "es" || tag === "en") return tag;
  return detectLanguage(`${mail.subject}\n${newPartOfReply(mail.text)}`);
}

/** Anyone without active support gets the policy's answer — at most a few a day — and nothing is opened. */
async function answerWithPolicy(
  ctx: AppContext,
  settings: Settings,
  base: MailInMessagesTable,
  mail: InboundMail,
  customer: Customer | undefined,
  notes: MailNote[],
): Promise<HandledMail> {
  const language: Language = customer
    ? customerLanguage(customer.language, mail)
    : (mailLanguage(mail) ?? settings.vendor.defaultLanguage);
  const since = new Date(ctx.clock.now().getTime() - DAY_MS).toISOString();
  if ((await countPolicyAnswersSince(ctx.db.kysely, mail.from.address, since)) >= POLICY_ANSWERS_PER_DAY)
    return recordOnly(ctx, { ...base, language, outcome: "rate_limited", note: encodeNotes(notes) });
  const licenses = customer ? await listCustomerLicenseChoices(ctx, customer.id) : [];
  // A customer without any license reads like anyone else; one whose licenses all ended is told so.
  const sender: Sender =
    licenses.length > 0
      ? {
          kind: "ended",
          email: mail.from.address,
          canRenew: licenses.some((l) => l.support.reason === "expired"),
        }
      : { kind: "unknown", email: mail.from.address };
  const content = policyAnswerContent(settings, ctx.config.publicUrl, language, sender, mail.subject);
  await inTransaction(ctx, async (tx) => {
    await insertMailIn(tx.trx, { ...base, language, outcome: "policy_answer", note: encodeNotes(notes) });
    await queueMail(tx, {
      kind: "mail_in.policy_answer",
      to: mail.from.address,
      content,
      related: { type: "mail_in", id: base.id },
      autoSubmitted: "auto-replied",
      inReplyTo: mail.messageId ?? undefined,
      replyTo: supportAddress(settings),
    });
  });
  return { outcome: "policy_answer", ticketId: null, note: encodeNotes(notes) };
}
