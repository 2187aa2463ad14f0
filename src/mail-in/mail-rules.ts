// Pure rules about incoming mail: which mail was sent by a machine (never answered, so two robots never
// talk to each other forever), and which part of a reply the sender actually wrote.

/** Header name (lower case) → every value it has in the mail. */
export type HeaderMap = ReadonlyMap<string, readonly string[]>;

export function headerMap(lines: readonly { key: string; line: string }[]): HeaderMap {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    const name = key.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return map;
}

const first = (h: HeaderMap, name: string) => h.get(name)?.[0]?.trim() ?? "";

const MACHINE_SENDERS =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)([+\-.@]|$)/i;
const AUTO_SUBJECTS =
  /^(auto(matic)?[ -]?reply|out of (the )?office|respuesta autom[aá]tica|fuera de la oficina|delivery status notification|undeliver(able|ed) mail|mail delivery (failed|failure)|returned mail)\b/i;

/**
 * Why this mail was sent automatically, or undefined for a mail a person wrote. RFC 3834 (Auto-Submitted),
 * delivery reports (RFC 3464 multipart/report, the null sender, MAILER-DAEMON), Precedence bulk/list/junk,
 * mailing lists, and the vendor-specific out-of-office markers (X-Autoreply, X-Autorespond, Microsoft's
 * X-Auto-Response-Suppress on its own automatic replies).
 */
export function automaticReason(
  headers: HeaderMap,
  fromAddress: string,
  subject: string,
): string | undefined {
  const autoSubmitted = first(headers, "auto-submitted").split(";")[0]!.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  const contentType = first(headers, "content-type").toLowerCase();
  if (/^multipart\/report\b/.test(contentType)) return "delivery or read report (multipart/report)";
  if (/^message\/(delivery-status|disposition-notification)\b/.test(contentType)) return "delivery report";
  const returnPath = first(headers, "return-path");
  if (headers.has("return-path") && /^<\s*>$/.test(returnPath)) return "bounce (null sender)";
  const precedence = first(headers, "precedence").toLowerCase();
  if (["bulk", "list", "junk", "auto_reply"].includes(precedence)) return `Precedence: ${precedence}`;
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponder", "x-failed-recipients"]) {
    if (headers.has(name)) return `${name} header`;
  }
  const suppress = first(headers, "x-auto-response-suppress").toLowerCase();
  if (/\b(all|oof|autoreply)\b/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  if (headers.has("list-id") || headers.has("list-unsubscribe")) return "mailing list";
  if (MACHINE_SENDERS.test(fromAddress.split("@")[0] ?? "")) return `machine sender ${fromAddress}`;
  if (AUTO_SUBJECTS.test(subject.trim())) return `automatic subject "${subject.trim().slice(0, 80)}"`;
  return undefined;
}

// Lines that start the quoted history in the common mail clients, in English and Spanish.
const HISTORY_STARTS: RegExp[] = [
  /^On .{1,200}wrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^El .{1,200}escribi[oó]:\s*$/i,
  /^-{2,}\s*(Original Message|Mensaje original|Forwarded message|Mensaje reenviado)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above the previous mail's headers
];

const SIGNATURE_STARTS: RegExp[] = [
  /^--\s?$/, // RFC 3676 signature separator
  /^(Sent|Enviado) (from|desde) (my|mi) .{1,40}$/i,
  /^(Get|Obtener) Outlook (for|para) .{1,30}$/i,
];

/** Gmail breaks a long attribution over two lines: "On Tue, 2 Dec 2026 at 10:00, Ana <ana@x>" + "wrote:". */
function joinsAttribution(line: string, next: string | undefined): boolean {
  return (
    /^(On|El)\s.{5,200}$/i.test(line) && next !== undefined && /^.{0,80}(wrote|escribi[oó]):\s*$/i.test(next)
  );
}

function startsOutlookHeaders(lines: string[], i: number): boolean {
  if (!/^(From|De):\s/i.test(lines[i]!)) return false;
  const following = lines.slice(i + 1, i + 5).join("\n");
  return /^(Sent|Enviado|Date|Fecha|To|Para|Subject|Asunto):/im.test(following);
}

/**
 * What the sender wrote in this mail: the text before the quoted history and the signature. Falls back to
 * the whole text when cutting would leave nothing (a mail that is only a forward, say).
 */
export function newPartOfReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (joinsAttribution(trimmed, lines[i + 1]?.trim())) break;
    if (HISTORY_STARTS.some((re) => re.test(trimmed)) || startsOutlookHeaders(lines, i)) break;
    if (SIGNATURE_STARTS.some((re) => re.test(line.trimEnd()))) break;
    if (/^\s*>/.test(line)) continue; // interleaved quote lines
    kept.push(line.trimEnd());
  }
  const result = kept.join("\n").trim();
  return result || text.trim();
}

/** A ticket number named in a subject like "Re: [#123] New reply: …". */
export function ticketNumberInSubject(subject: string): number | undefined {
  const match = /\[#(\d{1,9})\]/.exec(subject);
  return match ? Number(match[1]) : undefined;
}

/** Every Message-ID named in In-Reply-To and References, most recent first. */
export function referencedMessageIds(headers: HeaderMap): string[] {
  const ids: string[] = [];
  for (const name of ["in-reply-to", "references"]) {
    for (const value of headers.get(name) ?? []) {
      const found = value.match(/<[^<>\s]+>/g) ?? [];
      ids.push(...(name === "references" ? found.reverse() : found));
    }
  }
  return [...new Set(ids)].slice(0, 50);
}
