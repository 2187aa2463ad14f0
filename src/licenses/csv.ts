/**
 * A small RFC 4180 reader for the files shops and marketplaces export: a UTF-8 byte-order mark is
 * dropped, the delimiter (`,` `;` or tab) is detected from the header line, quoted fields may hold
 * delimiters, doubled quotes and line breaks, and lines may end in CRLF, LF or CR.
 */

export type CsvDelimiter = "," | ";" | "\t";

export interface CsvRecord {
  /** 1-based line in the file where the record starts (what a person sees in an editor). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  header: string[];
  records: CsvRecord[];
  /** Structural problems (an unclosed quote); the records before it are still returned. */
  problems: CsvProblem[];
}

const CANDIDATES: CsvDelimiter[] = [",", ";", "\t"];

/** The delimiter that splits the header line into the most fields (quotes respected); "," on a tie. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c as CsvDelimiter))
      counts.set(c as CsvDelimiter, counts.get(c as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ",";
  for (const d of CANDIDATES) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export function parseCsv(input: string, delimiter?: CsvDelimiter): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = delimiter ?? detectDelimiter(text);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let inQuotes = false;
  let quoteLine = 0;
  // Whether the current field began with a quote, so `a"b` stays literal (lenient, like spreadsheets).
  let fieldStart = true;
  const n = text.length;

  const endRecord = () => {
    fields.push(field);
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStart = true;
  };

  while (i < n) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === "\r") {
        // CRLF or a lone CR inside quotes is one line break, kept as \n.
        field += "\n";
        line++;
        i += text[i + 1] === "\n" ? 2 : 1;
        continue;
      }
      if (c === "\n") line++;
      // Copy a run of ordinary characters at once: most of a quoted field.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 34 || d === 13 || d === 10) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      quoteLine = line;
      fieldStart = false;
      i++;
      continue;
    }
    if (c === sep) {
      fields.push(field);
      field = "";
      fieldStart = true;
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    fieldStart = false;
    let j = i + 1;
    while (j < n) {
      const ch = text[j]!;
      if (ch === sep || ch === "\r" || ch === "\n" || ch === '"') break;
      j++;
    }
    field += text.slice(i, j);
    i = j;
  }
  if (inQuotes) {
    problems.push({ line: quoteLine, message: "a quoted field is never closed" });
  } else if (field !== "" || fields.length > 0) {
    endRecord();
  }
  const [first, ...rest] = records;
  return { delimiter: sep, header: first ? first.fields.map((h) => h.trim()) : [], records: rest, problems };
}
