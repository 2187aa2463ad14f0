import { Fragment, type ReactNode } from "react";

// WhatsApp's text formatting: *bold*, _italic_, ~strike~, ```monospace``` and `code`, links made clickable,
// line breaks kept. Everything is rendered as React text nodes: message text is never HTML.

const INLINE =
  /(```[\s\S]+?```)|(`[^`\n]+`)|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])|(?<![\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}~])~(?=\S)([^~\n]*?\S)~(?![\p{L}\p{N}~])/gu;

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const k = `${key}.${n++}`;
    const [whole, mono, code, url, bold, italic, strike] = match;
    if (mono !== undefined) out.push(<code key={k}>{mono.slice(3, -3)}</code>);
    else if (code !== undefined) out.push(<code key={k}>{code.slice(1, -1)}</code>);
    else if (url !== undefined) {
      out.push(
        <a key={k} href={url} target="_blank" rel="noopener noreferrer nofollow">
          {url}
        </a>,
      );
    } else if (bold !== undefined) out.push(<strong key={k}>{inline(bold, k)}</strong>);
    else if (italic !== undefined) out.push(<em key={k}>{inline(italic, k)}</em>);
    else if (strike !== undefined) out.push(<s key={k}>{inline(strike, k)}</s>);
    else out.push(whole);
    last = index + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function withBreaks(nodes: ReactNode[], key: string): ReactNode[] {
  return nodes.map((node, i) => {
    if (typeof node !== "string" || !node.includes("\n")) return node;
    const lines = node.split("\n");
    return (
      // biome-ignore lint/suspicious/noArrayIndexKey: segments of one immutable text
      <Fragment key={`${key}.br${i}`}>
        {lines.map((line, j) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of one immutable text
          <Fragment key={j}>
            {j > 0 && <br />}
            {line}
          </Fragment>
        ))}
      </Fragment>
    );
  });
}

/** A message text as WhatsApp shows it. */
export function WhatsAppText({ text }: { text: string }) {
  return <>{withBreaks(inline(text, "t"), "t")}</>;
}
