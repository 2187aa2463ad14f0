import { billingData, eraseBilling } from "../billing/billing-data.service.js";
import {
  contactData,
  contactsOfCustomer,
  deleteMediaFiles,
  eraseContact,
  mediaBytes,
} from "../inbox/contact-data.service.js";
import { anonymiseCustomer, customerData } from "../licenses/customer-data.service.js";
import { eraseMail, mailData } from "../mail/mail-data.service.js";
import { recordAudit, scrubAuditDetails } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { translator } from "../platform/i18n/i18n.js";
import { inTransaction } from "../platform/transaction.js";
import { deleteLanguagePin } from "../policy/policy.public.js";
import type { Language } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import {
  attachmentBytes,
  deleteAttachmentFiles,
  eraseTickets,
  ticketData,
} from "../tickets/ticket-data.service.js";
import type { User } from "../users/users.service.js";

// The customer's data rights: everything held about a customer (and their WhatsApp contacts) as a zip, and
// its erasure everywhere. Each domain reads and erases its own tables; this module only puts them together,
// in one transaction, and deletes the files once that has committed.

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120) || "file";

export interface CustomerExport {
  fileName: string;
  zip: Uint8Array;
}

export async function exportCustomer(
  ctx: AppContext,
  user: User,
  customerId: string,
): Promise<CustomerExport> {
  const customer = await customerData(ctx, customerId);
  if (!customer) throw new AppError("not_found", "No such customer");
  const contacts = (
    await Promise.all((await contactsOfCustomer(ctx, customerId)).map((id) => contactData(ctx, id)))
  ).filter((c) => c !== undefined);
  const tickets = await ticketData(ctx, customerId);
  const billing = await billingData(ctx, { customerId, contactIds: contacts.map((c) => c.id) });
  const mail = await mailData(ctx, customer.email);
  const files: Record<string, Uint8Array> = {};

  for (const ticket of tickets) {
    for (const a of ticket.attachments) {
      const bytes = await attachmentBytes(ctx, a.storageKey);
      const name = `attachments/${ticket.number}/${safeName(a.fileName)}`;
      if (bytes) files[name] = bytes;
      Object.assign(a, { file: bytes ? name : null, storageKey: undefined });
    }
  }
  for (const contact of contacts) {
    for (const conversation of contact.conversations) {
      for (const m of conversation.messages) {
        const bytes = m.mediaKey ? await mediaBytes(ctx, m.mediaKey) : undefined;
        const name = m.mediaKey ? `media/${safeName(m.mediaKey)}` : null;
        if (bytes && name) files[name] = bytes;
        Object.assign(m, { file: bytes ? name : null, mediaKey: undefined });
      }
    }
  }

  const language: Language = customer.language === "es" ? "es" : "en";
  const t = translator(language);
  const settings = await getSettings(ctx);
  const now = ctx.clock.now();
  const vendor = settings.vendor.name;
  const readme = [
    t("privacy.readme.title", { vendor }),
    "",
    t("privacy.readme.intro", { vendor, date: now.toISOString().slice(0, 16).replace("T", " ") }),
    "",
    `- ${t("privacy.readme.customer")}`,
    `- ${t("privacy.readme.tickets")}`,
    `- ${t("privacy.readme.whatsapp")}`,
    `- ${t("privacy.readme.billing")}`,
    `- ${t("privacy.readme.mail")}`,
    "",
    t("privacy.readme.notes"),
    "",
  ].join("\n");
  const { zipSync } = await import("fflate"); // loaded on first use, not at start-up
  const zip = zipSync(
    {
      [language === "es" ? "LEAME.txt" : "README.txt"]: new TextEncoder().encode(readme),
      "customer.json": json(customer),
      "tickets.json": json(tickets),
      "whatsapp.json": json(contacts),
      "billing.json": json(billing),
      "mail.json": json(mail),
      ...files,
    },
    { level: 6, mtime: now },
  );
  await recordAudit(ctx.db.kysely, {
    actorType: "user",
    actorId: user.id,
    action: "privacy.export",
    subjectType: "customer",
    subjectId: customerId,
    details: { contacts: contacts.length, tickets: tickets.length, files: Object.keys(files).length },
    at: now.toISOString(),
  });
  return { fileName: `customer-${customerId}-${now.toISOString().slice(0, 10)}.zip`, zip };
}

export interface ErasureSummary {
  contacts: number;
  messages: number;
  tickets: number;
  engagements: number;
  invoices: number;
  mails: number;
  files: number;
}

/** Erases a customer and every WhatsApp contact linked to them; returns what was erased (counts only). */
export async function eraseCustomer(
  ctx: AppContext,
  user: User,
  customerId: string,
): Promise<ErasureSummary> {
  const customer = await customerData(ctx, customerId);
  if (!customer) throw new AppError("not_found", "No such customer");
  const contactIds = await contactsOfCustomer(ctx, customerId);
  return erase(ctx, user, { customerId, email: customer.email, contactIds }, "customer", customerId);
}

/** Erases one WhatsApp contact (and tickets copied from their conversations). */
export async function eraseContactData(
  ctx: AppContext,
  user: User,
  contactId: string,
): Promise<ErasureSummary> {
  if (!(await contactData(ctx, contactId))) throw new AppError("not_found", "No such contact");
  return erase(ctx, user, { contactIds: [contactId] }, "contact", contactId);
}

async function erase(
  ctx: AppContext,
  user: User,
  who: { customerId?: string; email?: string; contactIds: string[] },
  subjectType: "customer" | "contact",
  subjectId: string,
): Promise<ErasureSummary> {
  const at = ctx.clock.now().toISOString();
  const result = await inTransaction(ctx, async (tx) => {
    const conversationIds: string[] = [];
    const mediaKeys: string[] = [];
    let messages = 0;
    for (const contactId of who.contactIds) {
      const erased = await eraseContact(tx.trx, contactId, at);
      conversationIds.push(...erased.conversationIds);
      mediaKeys.push(...erased.mediaKeys);
      messages += erased.messages;
      await deleteLanguagePin(tx.trx, contactId);
    }
    const tickets = await eraseTickets(tx.trx, { customerId: who.customerId, conversationIds }, at);
    const billing = await eraseBilling(tx.trx, { customerId: who.customerId, contactIds: who.contactIds });
    const mails = await eraseMail(tx.trx, {
      email: who.email,
      relatedIds: [...tickets.ticketIds, ...billing.engagementIds, ...billing.invoiceIds],
    });
    if (who.customerId) await anonymiseCustomer(tx.trx, who.customerId, at);
    await scrubAuditDetails(tx.trx, [
      ...(who.customerId ? [who.customerId] : []),
      ...who.contactIds,
      ...conversationIds,
      ...tickets.ticketIds,
      ...billing.engagementIds,
    ]);
    const summary: ErasureSummary = {
      contacts: who.contactIds.length,
      messages,
      tickets: tickets.ticketIds.length,
      engagements: billing.engagementIds.length,
      invoices: billing.invoiceIds.length,
      mails,
      files: mediaKeys.length + tickets.attachmentKeys.length,
    };
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId: user.id,
      action: "privacy.erase",
      subjectType,
      subjectId,
      details: { ...summary },
      at,
    });
    return { summary, mediaKeys, attachmentKeys: tickets.attachmentKeys };
  });
  await deleteMediaFiles(ctx, result.mediaKeys);
  deleteAttachmentFiles(ctx, result.attachmentKeys);
  ctx.log.info({ subjectType, subjectId, ...result.summary }, "personal data erased");
  return result.summary;
}
