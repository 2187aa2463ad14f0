import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./platform/paths.js";

// Split a file before it grows past MAX_LINES (STYLE.md: Outline's 2,300-line route file is the cautionary
// tale). Data files are the exception, each named here: a list of examples or fixtures reads better whole.

const SRC = path.join(PROJECT_ROOT, "src");
const MAX_LINES = 450;

/** Files that are data rather than code, allowed to be longer (paths from src/). */
const DATA_FILES = new Set([
  "policy/intent.examples.ts", // the intent classifier's labelled examples, es and en
  "whatsapp/fixtures.ts", // Cloud API webhook bodies as Meta sends them
]);

/** Code under `dir`: TypeScript, TSX and JavaScript (stylesheets are not counted). */
function sourceFiles(dir: string, into: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, into);
    else if (/\.(tsx?|m?js)$/.test(entry.name)) into.push(full);
  }
  return into;
}

/** src/a/b.ts → "a/b.ts", on any platform. */
function relative(file: string): string {
  return path.relative(SRC, file).split(path.sep).join("/");
}

function lineCount(text: string): number {
  return text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
}

describe("file length", () => {
  const files = sourceFiles(SRC);

  it(`keeps every source file under src/ to ${MAX_LINES} lines, data files aside`, () => {
    expect(files.length).toBeGreaterThan(300);
    const long = files
      .filter((file) => !DATA_FILES.has(relative(file)))
      .map((file) => ({ file: relative(file), lines: lineCount(fs.readFileSync(file, "utf8")) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it("names only data files that exist", () => {
    const present = new Set(files.map(relative));
    expect([...DATA_FILES].filter((file) => !present.has(file))).toEqual([]);
  });

  it("counts lines as an editor shows them", () => {
    expect(lineCount("a\nb\n")).toBe(2);
    expect(lineCount("a\nb")).toBe(2);
    expect(lineCount("")).toBe(1);
  });
});
