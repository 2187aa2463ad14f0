import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { localStorageFor } from "../platform/storage.js";
import {
  contactDataRows,
  contactIdsOfCustomer,
  type ErasedContact,
  eraseContactRows,
} from "./contact-data.repository.js";

export type ContactData = NonNullable<Awaited<ReturnType<typeof contactDataRows>>>;
export type { ErasedContact };

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
