import { type HeaderMap, headerMap } from "./mail-rules.js";

/** Larger mails are kept in the mailbox, flagged, for the owner: beyond any ticket's attachment limits. */
export const MAX_MAIL_BYTES = 60 * 1024 * 1024;

export interface InboundMail {
  messageId: string | null;
  from: { address: string; name: string };
  subject: string;
  headers: HeaderMap;
  /** The whole text as sent (HTML-only mail converted to text), quoted history included. */
  text: string;
  attachments: { fileName: string; data: Buffer; inline: boolean }[];
  contentLanguage: string | undefined;
}

/** Parse a raw RFC 5322 mail with mailparser. */
export async function parseInboundMail(source: Buffer): Promise<InboundMail> {
  const { simpleParser } = await import("mailparser"); // loaded on first use, not at start-up
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
  const headers = headerMap(parsed.headerLines);
  const from = parsed.from?.value.find((a) => a.address) ?? undefined;
  const messageId = parsed.messageId && /^<[^<>\s]+>$/.test(parsed.messageId) ? parsed.messageId : null;
  const html = typeof parsed.html === "string" ? parsed.html : "";
  return {
    messageId,
    from: {
      address: (from?.address ?? "").trim().toLowerCase(),
      name: (from?.name ?? "").trim().slice(0, 200),
    },
    subject: (parsed.subject ?? "").replace(/\s+/g, " ").trim().slice(0, 500),
    headers,
    text: (parsed.text ?? htmlToPlainText(html)).slice(0, 200_000),
    attachments: parsed.attachments
      .filter((a) => a.contentDisposition !== "inline" || !a.cid)
      .map((a) => ({
        fileName: a.filename ?? "",
        data: a.content,
        inline: a.contentDisposition === "inline",
      })),
    contentLanguage: headers.get("content-language")?.[0]?.trim().toLowerCase(),
  };
}

/** A readable text for an HTML-only mail: block ends become line breaks, tags go, entities are decoded. */
function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
