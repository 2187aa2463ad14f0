/**
 * Search results' snippets, highlighted on the server as ranges (never HTML): the words of the query found in
 * a message's text, case- and accent-insensitively, the last word also as a prefix (as the search matches).
 */

const MAX = 160;

function fold(text: string): string {
  // One code unit per code unit: NFD would lengthen "é", so fold letter by letter and keep the offsets.
  return Array.from(text, (ch) => (ch.length === 1 ? ch.normalize("NFD").charAt(0).toLowerCase() : ch)).join(
    "",
  );
}

export interface Snippet {
  text: string;
  /** [start, end) offsets into `text` of each match, in order, never overlapping. */
  ranges: [number, number][];
}

export function snippetFor(text: string, query: string): Snippet {
  const words = query
    .split(/\s+/)
    .map((w) => fold(w.replace(/["*]/g, "")))
    .filter((w) => w !== "");
  const folded = fold(text);
  const found: [number, number][] = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      found.push([at, at + word.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const ranges: [number, number][] = [];
  for (const r of found) {
    const last = ranges.at(-1);
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else ranges.push([r[0], r[1]]);
  }
  if (text.length <= MAX) return { text, ranges };
  // A window around the first match, cut at spaces, with an ellipsis where text was left out.
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - 40);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < first) start = space + 1;
  }
  let end = Math.min(text.length, start + MAX);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > first) end = space;
  }
  const head = start > 0 ? "…" : "";
  const shift = head.length - start;
  return {
    text: `${head}${text.slice(start, end)}${end < text.length ? "…" : ""}`,
    ranges: ranges
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]) => [s + shift, e + shift] as [number, number]),
  };
}
