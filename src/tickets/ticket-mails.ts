import { queueMail } from "../mail/mail.service.js";
import type { MailContent } from "../mail/mail-render.js";
import { translate } from "../platform/i18n/i18n.js";
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

export async function queueReplyToCustomerMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; agentName: string; text: string },
): Promise<void> {
  const { ticket } = input;
  const lang = ticket.language;
  const base = { number: ticket.number, subject: ticket.subject };
  await queueMail(tx, {
    kind: "ticket.reply",
    to: input.customer.email,
    related: { type: "ticket", id: ticket.id },
    // An agent wrote it: no Auto-Submitted, so the customer's mail client treats it as a person's mail.
    autoSubmitted: null,
    replyTo: supportAddress(settings),
    content: {
      lang,
      subject: translate(lang, "tickets.mail.reply.subject", base),
      heading: translate(lang, "tickets.mail.reply.heading", { ...base, agent: input.agentName }),
      paragraphs: [],
      quote: { label: translate(lang, "tickets.mail.reply.quoteLabel"), text: input.text },
      action: {
        label: translate(lang, "tickets.mail.reply.action"),
        url: customerTicketUrl(tx.config.publicUrl, ticket),
      },
      footer: customerFooter(lang, settings),
    },
  });
}

export async function queueStatusToCustomerMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; status: TicketStatus; credentialsErased: boolean },
): Promise<void> {
  const { ticket, status } = input;
  const lang = ticket.language;
  const statusLabel = translate(lang, `tickets.customerStatus.${status}`);
  const base = { number: ticket.number, subject: ticket.subject, status: statusLabel };
  await queueMail(tx, {
    kind: "ticket.status",
    to: input.customer.email,
    related: { type: "ticket", id: ticket.id },
    replyTo: supportAddress(settings),
    content: {
      lang,
      subject: translate(lang, "tickets.mail.status.subject", base),
      heading: translate(lang, "tickets.mail.status.heading", base),
      paragraphs: [
        translate(lang, `tickets.mail.status.${status}`, { days: settings.tickets.autoCloseDays }),
      ],
      notes: input.credentialsErased ? [translate(lang, "tickets.mail.status.revoke")] : [],
      action: {
        label: translate(lang, "tickets.mail.status.action"),
        url: customerTicketUrl(tx.config.publicUrl, ticket),
      },
      footer: customerFooter(lang, settings),
    },
  });
}

export async function queueOpenedForCustomerMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; agentName: string; productName: string },
): Promise<void> {
  const { ticket } = input;
  const lang = ticket.language;
  const base = { number: ticket.number, subject: ticket.subject };
  await queueMail(tx, {
    kind: "ticket.opened_for_customer",
    to: input.customer.email,
    related: { type: "ticket", id: ticket.id },
    replyTo: supportAddress(settings),
    content: {
      lang,
      subject: translate(lang, "tickets.mail.openedForYou.subject", base),
      heading: translate(lang, "tickets.mail.openedForYou.heading", base),
      paragraphs: [
        translate(lang, "tickets.mail.openedForYou.body", {
          agent: input.agentName,
          product: input.productName,
        }),
      ],
      quote: { label: ticket.subject, text: ticket.description },
      action: {
        label: translate(lang, "tickets.mail.openedForYou.action"),
        url: customerTicketUrl(tx.config.publicUrl, ticket),
      },
      footer: customerFooter(lang, settings),
    },
  });
}

export async function queueOpenedToAgentsMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; productName: string; recipients: DeskUser[] },
): Promise<void> {
  const { ticket, customer } = input;
  for (const agent of input.recipients) {
    const lang = agent.language;
    const params = {
      number: ticket.number,
      subject: ticket.subject,
      customer: customer.name || customer.email,
      email: customer.email,
      product: input.productName,
      category: translate(lang, `tickets.category.${ticket.category}`),
    };
    await queueMail(tx, {
      kind: "ticket.opened",
      to: agent.email,
      related: { type: "ticket", id: ticket.id },
      content: {
        lang,
        subject: translate(lang, "tickets.mail.agentOpened.subject", params),
        heading: translate(lang, "tickets.mail.agentOpened.heading", params),
        paragraphs: [translate(lang, "tickets.mail.agentOpened.body", params)],
        quote: { label: translate(lang, "tickets.mail.agentOpened.quoteLabel"), text: ticket.description },
        action: {
          label: translate(lang, "tickets.mail.agentOpened.action"),
          url: agentTicketUrl(tx.config.publicUrl, ticket.id),
        },
        footer: agentFooter(lang, settings),
      },
    });
  }
}

export async function queueCustomerReplyToAgentsMail(
  tx: TxContext,
  settings: Settings,
  input: { ticket: Ticket; customer: Party; text: string; reopened: boolean; recipients: DeskUser[] },
): Promise<void> {
  const { ticket, customer } = input;
  for (const agent of input.recipients) {
    const lang = agent.language;
    const params = {
      number: ticket.number,
      subject: ticket.subject,
      customer: customer.name || customer.email,
    };
    await queueMail(tx, {
      kind: "ticket.customer_reply",
      to: agent.email,
      related: { type: "ticket", id: ticket.id },
      content: {
        lang,
        subject: translate(lang, "tickets.mail.agentCustomerReply.subject", params),
        heading: translate(lang, "tickets.mail.agentCustomerReply.heading", params),
        paragraphs: input.reopened ? [translate(lang, "tickets.mail.agentCustomerReply.reopened")] : [],
        quote: { label: translate(lang, "tickets.mail.agentCustomerReply.quoteLabel"), text: input.text },
        action: {
          label: translate(lang, "tickets.mail.agentCustomerReply.action"),
          url: agentTicketUrl(tx.config.publicUrl, ticket.id),
        },
        footer: agentFooter(lang, settings),
      },
    });
  }
}
