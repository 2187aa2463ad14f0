import fs from "node:fs";
import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { attachmentPath, removeAttachmentFile } from "./attachments.js";
import { dropClosedTicketAttachments, eraseTicketRows, ticketDataRows } from "./ticket-data.repository.js";

export type TicketData = Awaited<ReturnType<typeof ticketDataRows>>;

export async function ticketData(ctx: AppContext, customerId: string): Promise<TicketData> {
  return ticketDataRows(ctx.db.kysely, customerId);
}

export async function attachmentBytes(ctx: AppContext, storageKey: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(attachmentPath(ctx.config.dataDir, storageKey));
  } catch {
    return undefined;
  }
}

/** Inside the caller's transaction: see eraseTicketRows. */
export function eraseTickets(
  trx: Kysely<Database>,
  who: { customerId?: string; conversationIds: string[] },
  at: string,
) {
  return eraseTicketRows(trx, who, at);
}

/** After the erasure committed: the attachment files themselves. */
export function deleteAttachmentFiles(ctx: AppContext, keys: string[]): void {
  for (const key of keys) removeAttachmentFile(ctx.config.dataDir, key);
}

/** Retention, inside the caller's transaction: attachments of tickets closed before `cutoff` (keys returned). */
export function dropOldTicketAttachments(trx: Kysely<Database>, cutoff: string, limit: number) {
  return dropClosedTicketAttachments(trx, cutoff, limit);
}
