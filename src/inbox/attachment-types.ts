// What an agent may attach on WhatsApp, shared by the server's checks (attachments.service.ts) and the agent
// app's paperclip, which refuses the same files before uploading them.

/** WhatsApp's image limit is 5 MB; documents may be 100 MB, but this route takes at most 16 MB. */
export const ATTACHMENT_MAX_BYTES = { image: 5 * 1024 * 1024, document: 16 * 1024 * 1024 } as const;

export interface AttachmentFormat {
  kind: "image" | "document";
  /** The stored file's extension. */
  ext: string;
}

/** Allowed types: what WhatsApp accepts as an image or document. */
const FORMATS: Record<string, AttachmentFormat> = {
  "image/jpeg": { kind: "image", ext: "jpg" },
  "image/png": { kind: "image", ext: "png" },
  "application/pdf": { kind: "document", ext: "pdf" },
  "text/plain": { kind: "document", ext: "txt" },
  "application/msword": { kind: "document", ext: "doc" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    kind: "document",
    ext: "docx",
  },
  "application/vnd.ms-excel": { kind: "document", ext: "xls" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { kind: "document", ext: "xlsx" },
  "application/vnd.ms-powerpoint": { kind: "document", ext: "ppt" },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": {
    kind: "document",
    ext: "pptx",
  },
};

export const ATTACHMENT_TYPES = Object.keys(FORMATS);

/** The format of an allowed MIME type; undefined for any other. */
export function attachmentFormat(mime: string): AttachmentFormat | undefined {
  return Object.hasOwn(FORMATS, mime) ? FORMATS[mime] : undefined;
}
