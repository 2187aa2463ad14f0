import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { localStorageFor } from "../platform/storage.js";
import {
  bumpContactGeneration,
  contactDataRows,
  contactIdsOfCustomer,
  type ErasedContact,
  type ErasedContent,
  eraseContactIdentity,
  eraseContactRows,
  eraseConversationContent,
} from "./contact-data.repository.js";
import {
  closedConversationsToAnonymise,
  contactsLeftAnonymous,
  dropClosedConversationMedia,
} from "./retention.repository.js";

export type ContactData = NonNullable<Awaited<ReturnType<typeof contactDataRows>>>;
export type { ErasedContact, ErasedContent };

export async function contactsOfCustomer(ctx: AppContext, customerId: string): Promise<string[]> {
  return contactIdsOfCustomer(ctx.db.kysely, customerId);
}

export async function contactData(ctx: AppContext, contactId: string): Promise<ContactData | undefined> {
  return contactDataRows(ctx.db.kysely, contactId);
}

/** The bytes of a stored media file (for the export). */
export async function mediaBytes(ctx: AppContext, key: string): Promise<Buffer | undefined> {
  return localStorageFor(ctx.config.dataDir, "media").get(key);
}

/** Inside the caller's transaction: see eraseContactRows. */
export function eraseContact(trx: Kysely<Database>, contactId: string, at: string): Promise<ErasedContact> {
  return eraseContactRows(trx, contactId, at);
}

/** After the erasure committed: the media files themselves. */
export async function deleteMediaFiles(ctx: AppContext, keys: string[]): Promise<void> {
  const storage = localStorageFor(ctx.config.dataDir, "media");
  for (const key of keys) await storage.delete(key);
}

// Retention (privacy/retention.service.ts): closed conversations' media after N days, their content after M
// months, and a contact's identity once nothing of theirs is left.

/** Inside the caller's transaction: up to `limit` media files of closed, quiet conversations (keys returned). */
export function dropOldConversationMedia(trx: Kysely<Database>, cutoff: string, limit: number) {
  return dropClosedConversationMedia(trx, cutoff, limit);
}

/** Closed conversations quiet since before `cutoff` whose content is still there. */
export function conversationsToAnonymise(ctx: AppContext, cutoff: string, limit: number) {
  return closedConversationsToAnonymise(ctx.db.kysely, cutoff, limit);
}

/**
 * Inside the caller's transaction: empties these conversations, then takes the identity of each of their
 * contacts that has nothing else left. Returns the contacts made anonymous.
 */
export async function anonymiseConversations(
  trx: Kysely<Database>,
  conversations: { id: string; contactId: string }[],
  at: string,
): Promise<ErasedContent & { contactIds: string[] }> {
  if (conversations.length > 0) await bumpContactGeneration(trx);
  const content = await eraseConversationContent(
    trx,
    conversations.map((c) => c.id),
    at,
  );
  const contactIds = await contactsLeftAnonymous(trx, [...new Set(conversations.map((c) => c.contactId))]);
  for (const id of contactIds) await eraseContactIdentity(trx, id, at);
  return { ...content, contactIds };
}
