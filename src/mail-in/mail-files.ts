import {
  ATTACHMENT_LIMITS,
  type CheckedFile,
  checkUpload,
  discardUploads,
  type UploadedFile,
  uploadFromBuffer,
} from "../tickets/attachments.js";
import type { MailNote } from "./mail-notes.js";

/**
 * A mail's attachments under the portal's rules (size, type proven by content, at most five). A mail
 * cannot be refused like an upload, so a file that fails is left out and named in a note for the agent.
 */
export function checkedMailFiles(
  dataDir: string,
  attachments: { fileName: string; data: Buffer; inline: boolean }[],
): {
  files: CheckedFile[];
  notes: MailNote[];
} {
  const files: CheckedFile[] = [];
  const notes: MailNote[] = [];
  for (const a of attachments) {
    // Unnamed inline parts are pictures in the body (logos in signatures), not files the sender attached.
    if (a.inline && !a.fileName) continue;
    if (files.length >= ATTACHMENT_LIMITS.maxFiles) {
      notes.push({ key: "mailIn.note.tooManyFiles", params: { max: ATTACHMENT_LIMITS.maxFiles } });
      break;
    }
    let upload: UploadedFile | undefined;
    try {
      upload = uploadFromBuffer(dataDir, a.fileName || "attachment", a.data);
      files.push(checkUpload(upload));
    } catch (error) {
      if (upload) discardUploads([upload]);
      const reason = error instanceof Error ? error.message : String(error);
      notes.push({ key: "mailIn.note.refusedFile", params: { file: a.fileName || "attachment", reason } });
    }
  }
  return { files, notes };
}
