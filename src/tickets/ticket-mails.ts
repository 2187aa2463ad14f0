import { queueMail } from "../mail/mail.service.js";
import type { MailContent } from "../mail/mail-render.js";
import { type Params, translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import type { Language, Settings } from "../settings/settings.schema.js";
import type { DeskUser } from "./desk-users.repository.js";
import type { Ticket } from "./tickets.repository.js";
import type { TicketStatus } from "./tickets.tables.js";

// Every mail the desk sends, queued in the caller's transaction (see queueMail). Customer text goes in
// `quote`, which both renderers escape.

export const MAGIC_LINK_MINUTES = 15;

interface Party {
  email: string;
  name: string;
}

function customerTicketUrl(publicUrl: string, ticket: Pick<Ticket, "id" | "language">): string {
  return `${publicUrl}/support/tickets/${ticket.id}?lang=${ticket.language}`;
}

function agentTicketUrl(publicUrl: string, ticketId: string): string {
  return `${publicUrl}/app/tickets/${ticketId}`;
}

/** The support mailbox (vendor settings): a customer's answer to a ticket mail goes there, and email-in reads it. */
export function supportAddress(settings: Settings): string | undefined {
  return settings.vendor.supportEmail || undefined;
}

const customerFooter = (lang: Language, settings: Settings) =>
  translate(lang, "tickets.mail.footer", { vendor: settings.vendor.name });
const agentFooter = (lang: Language, settings: Settings) =>
  translate(lang, "tickets.mail.agentFooter", { vendor: settings.vendor.name });

export async function queueMagicLinkMail(
  tx: TxContext,
  settings: Settings,
  input: { to: string; customerId: string; lang: Language; url: string },
): Promise<void> {
  const t = (key: Parameters<typeof translate>[1], params = {}) => translate(input.lang, key, params);
  const vendor = settings.vendor.name;
  const content: MailContent = {
    lang: input.lang,
    subject: t("tickets.mail.magicLink.subject", { vendor }),
    heading: t("tickets.mail.magicLink.heading", { vendor }),
    paragraphs: [t("tickets.mail.magicLink.body", { minutes: MAGIC_LINK_MINUTES })],
    action: { label: t("tickets.mail.magicLink.action"), url: input.url },
    notes: [t("tickets.mail.magicLink.ignore")],
    footer: customerFooter(input.lang, settings),
  };
  await queueMail(tx, {
    kind: "portal.magic_link",
    to: input.to,
    content,
    related: { type: "customer", id: input.customerId },
  });
}

/**
 * A mail about `ticket` to its customer, in the ticket's language, from `tickets.mail.<key>`: subject and heading
 * (with `params`), what `content` adds, and the button to the ticket in the portal. Answers go to the support
 * mailbox.
 */
async function queueCustomerTicketMail(
  tx: TxContext,
  settings: Settings,
  o: {
    kind: string;
    ticket: Ticket;
    customer: Party;
    key: "reply" | "status" | "openedForYou";
    params: Params;
    content: (lang: Language) => Pick<MailContent, "paragraphs" | "quote" | "notes">;
    autoSubmitted?: null;
  },
): Promise<void> {
  const { ticket, key } = o;
  const lang = ticket.language;
  await queueMail(tx, {
    kind: o.kind,
    to: o.customer.email,
    related: { type: "ticket", id: ticket.id },
    ...(o.autoSubmitted === null ? { autoSubmitted: null } : {}),
    replyTo: supportAddress(settings),
    content: {
      lang,
      subject: translate(lang, `tickets.mail.${key}.subject`, o.params),
      heading: translate(lang, `tickets.mail.${key}.heading`, o.params),
      ...o.content(lang),
      action: {
        label: translate(lang, `tickets.mail.${key}.action`),
        url: customerTicketUrl(tx.config.publicUrl, ticket),
      },
      footer: customerFooter(lang, settings),
    },
  });
}

/**
 * The same mail about `ticket` to each agent of `recipients`, in their language, from `tickets.mail.<key>`:
 * subject, heading and body paragraphs (with `params`), `quote` under its label, and the button to the ticket in
 * the agent app.
 */
async function queueAgentsTicketMail(
  tx: TxContext,
  settings: Settings,
  o: {
    kind: string;
    ticket: Ticket;
    recipients: DeskUser[];
    key: "agentOpened" | "agentCustomerReply";
    params: (lang: Language) => Params;
    paragraphs: (lang: Language, params: Params) => string[];
    quote: string;
  },
): Promise<void> {
  const { ticket, key } = o;
  for (const agent of o.recipients) {
    const lang = agent.language;
    const params = o.params(lang);
    await queueMail(tx, {
      kind: o.kind,
      to: agent.email,
      related: { type: "ticket", id: ticket.id },
      content: {
        lang,
        subject: translate(lang, `tickets.mail.${key}.subject`, params),
        heading: translate(lang, `tickets.mail.${key}.heading`, params),
        paragraphs: o.paragraphs(lang, params),
        quote: { label: translate(lang, `tickets.mail.${key}.quoteLabel`), text: o.quote },
        action: {
          label: translate(lang, `tickets.mail.${key}.action`),
          url: agentTicketUrl(tx.config.publicUrl, ticket.id),
        },
        footer: agentFooter(lang, settings),
      },
    });
  }
}

export async function queueReplyToCustomerMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; agentName: string; text: string },
): Promise<void> {
  const { ticket } = input;
  await queueCustomerTicketMail(tx, settings, {
    kind: "ticket.reply",
    ticket,
    customer: input.customer,
    key: "reply",
    params: { number: ticket.number, subject: ticket.subject, agent: input.agentName },
    content: (lang) => ({
      paragraphs: [],
      quote: { label: translate(lang, "tickets.mail.reply.quoteLabel"), text: input.text },
    }),
    // An agent wrote it: no Auto-Submitted, so the customer's mail client treats it as a person's mail.
    autoSubmitted: null,
  });
}

export async function queueStatusToCustomerMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; status: TicketStatus; credentialsErased: boolean },
): Promise<void> {
  const { ticket, status } = input;
  const statusLabel = translate(ticket.language, `tickets.customerStatus.${status}`);
  await queueCustomerTicketMail(tx, settings, {
    kind: "ticket.status",
    ticket,
    customer: input.customer,
    key: "status",
    params: { number: ticket.number, subject: ticket.subject, status: statusLabel },
    content: (lang) => ({
      paragraphs: [
        translate(lang, `tickets.mail.status.${status}`, { days: settings.tickets.autoCloseDays }),
      ],
      notes: input.credentialsErased ? [translate(lang, "tickets.mail.status.revoke")] : [],
    }),
  });
}

export async function queueOpenedForCustomerMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; agentName: string; productName: string },
): Promise<void> {
  const { ticket } = input;
  await queueCustomerTicketMail(tx, settings, {
    kind: "ticket.opened_for_customer",
    ticket,
    customer: input.customer,
    key: "openedForYou",
    params: { number: ticket.number, subject: ticket.subject },
    content: (lang) => ({
      paragraphs: [
        translate(lang, "tickets.mail.openedForYou.body", {
          agent: input.agentName,
          product: input.productName,
        }),
      ],
      quote: { label: ticket.subject, text: ticket.description },
    }),
  });
}

export async function queueOpenedToAgentsMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; productName: string; recipients: DeskUser[] },
): Promise<void> {
  const { ticket, customer } = input;
  await queueAgentsTicketMail(tx, settings, {
    kind: "ticket.opened",
    ticket,
    recipients: input.recipients,
    key: "agentOpened",
    params: (lang) => ({
      number: ticket.number,
      subject: ticket.subject,
      customer: customer.name || customer.email,
      email: customer.email,
      product: input.productName,
      category: translate(lang, `tickets.category.${ticket.category}`),
    }),
    paragraphs: (lang, params) => [translate(lang, "tickets.mail.agentOpened.body", params)],
    quote: ticket.description,
  });
}

export async function queueCustomerReplyToAgentsMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; text: string; reopened: boolean; recipients: DeskUser[] },
): Promise<void> {
  const { ticket, customer } = input;
  await queueAgentsTicketMail(tx, settings, {
    kind: "ticket.customer_reply",
    ticket,
    recipients: input.recipients,
    key: "agentCustomerReply",
    params: () => ({
      number: ticket.number,
      subject: ticket.subject,
      customer: customer.name || customer.email,
    }),
    paragraphs: (lang) =>
      input.reopened ? [translate(lang, "tickets.mail.agentCustomerReply.reopened")] : [],
    quote: input.text,
  });
}
