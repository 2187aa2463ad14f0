import type { Kysely } from "kysely";
import type { AppContext } from "../platform/context.js";
import type { Database } from "../platform/db/schema.js";
import { newId } from "../platform/ids.js";
import { type CheckedFile, removeAttachmentFile, storeAttachmentFile } from "./attachments.js";
import { insertAttachment } from "./ticket-thread.repository.js";
import type { AuthorType } from "./tickets.tables.js";

export interface PendingFile extends CheckedFile {
  id: string;
  storageKey: string;
}

/** Files go to disk before the transaction and are removed again if it fails. */
export function stageFiles(ctx: AppContext, ticketId: string, files: CheckedFile[]): PendingFile[] {
  const staged: PendingFile[] = [];
  try {
    for (const file of files) {
      const id = newId();
      const storageKey = `${ticketId}/${id}`;
      storeAttachmentFile(ctx.config.dataDir, storageKey, file.tempPath);
      staged.push({ ...file, id, storageKey });
    }
  } catch (error) {
    unstageFiles(ctx, staged);
    throw error;
  }
  return staged;
}

export function unstageFiles(ctx: AppContext, staged: PendingFile[]): void {
  for (const f of staged) removeAttachmentFile(ctx.config.dataDir, f.storageKey);
}

export async function recordFiles(
  trx: Kysely<Database>,
  ticketId: string,
  messageId: string | null,
  staged: PendingFile[],
  by: { type: AuthorType; id: string },
  at: string,
): Promise<void> {
  for (const f of staged) {
    await insertAttachment(trx, {
      id: f.id,
      ticket_id: ticketId,
      message_id: messageId,
      file_name: f.fileName,
      content_type: f.contentType,
      size: f.size,
      sha256: f.sha256,
      storage_key: f.storageKey,
      uploaded_by_type: by.type,
      uploaded_by_id: by.id,
      created_at: at,
    });
  }
}
