/**
 * Customers and WhatsApp contacts linked by phone number, both ways: a customer saved with a phone links the
 * contact on that number (when no customer has it yet); a contact linked to a customer adds its number to the
 * customer's phones (when no other customer has it). Each answers what it did, so the app can offer an undo.
 */
import { recordAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { inTransaction } from "../platform/transaction.js";
import { findContact, findUnlinkedContactsByWaId, linkContactToCustomer } from "./inbox.repository.js";

export interface LinkedContact {
  id: string;
  waId: string;
  name: string | null;
}

/** Links the unlinked contacts on the customer's phones (digits, as customers store them). */
export async function linkContactsByPhone(
  ctx: AppContext,
  actorId: string | null,
  customerId: string,
  phones: string[],
): Promise<LinkedContact[]> {
  const at = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (tx) => {
    const contacts = await findUnlinkedContactsByWaId(tx.trx, phones);
    for (const c of contacts) {
      await linkContactToCustomer(tx.trx, c.id, customerId, at);
      await recordAudit(tx.trx, {
        actorType: actorId ? "user" : "system",
        actorId,
        action: "contact.linked_by_phone",
        subjectType: "contact",
        subjectId: c.id,
        details: { customerId, waId: c.waId },
        at,
      });
    }
    return contacts;
  });
}

/** The undo: the contact is no longer linked to that customer (a link made since to another one stays). */
export async function unlinkContactFromCustomer(
  ctx: AppContext,
  actorId: string,
  contactId: string,
  customerId: string,
): Promise<void> {
  const contact = await findContact(ctx.db.kysely, contactId);
  if (!contact) throw new AppError("not_found", "No such contact");
  if (contact.customerId !== customerId) return;
  const at = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    await linkContactToCustomer(tx.trx, contactId, null, at);
    await recordAudit(tx.trx, {
      actorType: "user",
      actorId,
      action: "contact.unlinked",
      subjectType: "contact",
      subjectId: contactId,
      details: { customerId },
      at,
    });
  });
}
