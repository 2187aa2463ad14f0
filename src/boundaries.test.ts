import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./platform/paths.js";

// A domain is used through its front door (x.service.ts, or x.public.ts where it only lists what others may
// read); its *.repository.ts files are its own. This walks every import in src/ and fails on one that reaches
// into another top-level folder's repository (platform/ counts as a folder like any other).

const SRC = path.join(PROJECT_ROOT, "src");

/** src/billing/x.ts → "billing"; src/server.ts → "" (the composition root belongs to no domain). */
function domainOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? (parts[0] ?? "") : "";
}

/** Every module specifier in a source text: import, import type, export … from, import(), require(). */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** "importer → target" for each import of another domain's repository among `files` (path → source). */
function crossDomainRepositoryImports(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    for (const spec of specifiers(source)) {
      if (!spec.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!/\.repository(\.js)?$/.test(target)) continue;
      if (domainOf(target) !== domainOf(file)) {
        found.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
  }
  return found;
}

function sourceFiles(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, into);
    else if (/\.tsx?$/.test(entry.name)) into.set(full, fs.readFileSync(full, "utf8"));
  }
  return into;
}

describe("domain boundaries", () => {
  it("no module imports another domain's *.repository", () => {
    const files = sourceFiles(SRC);
    expect(files.size).toBeGreaterThan(300);
    expect(crossDomainRepositoryImports(files)).toEqual([]);
  });

  it("catches every form of import, at any depth, and allows a domain its own repositories", () => {
    const at = (relative: string) => path.join(SRC, relative);
    const files = new Map([
      [at("billing/a.service.ts"), 'import { findConversation } from "../inbox/inbox.repository.js";'],
      [at("billing/b.ts"), 'import type { User } from "../users/users.repository.js";'],
      [at("billing/c.ts"), 'export { findJob } from "../platform/outbox/outbox.repository.js";'],
      [at("tickets/portal/d.tsx"), 'const m = await import("../../licenses/licenses.repository.js");'],
      [at("server.ts"), 'import {\n  countUsers,\n} from "./users/users.repository.js";'],
      [at("tickets/portal/e.tsx"), 'import { listCustomerTickets } from "../tickets.repository.js";'],
      [at("inbox/f.ts"), 'import { findContact } from "./inbox.repository.js";'],
      [at("inbox/g.ts"), 'import { findContact } from "./inbox.public.js";'],
      [at("platform/http/h.ts"), 'import { recordAudit } from "../audit/audit.repository.js";'],
    ]);
    expect(crossDomainRepositoryImports(files)).toEqual([
      "billing/a.service.ts → inbox/inbox.repository.js",
      "billing/b.ts → users/users.repository.js",
      "billing/c.ts → platform/outbox/outbox.repository.js",
      "tickets/portal/d.tsx → licenses/licenses.repository.js",
      "server.ts → users/users.repository.js",
    ]);
  });
});
