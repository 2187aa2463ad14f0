import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../platform/paths.js";

// Two rules of the agent app, checked on its sources (docs/ARCHITECTURE.md, "The agent app"): the API's shapes
// come from the server's schemas through api-types.ts alone, and a failure is shown through api.ts's
// errorMessage() / isApiError(), not a hand-written `instanceof ApiError` in each screen.

const APP = path.join(PROJECT_ROOT, "src", "web", "app");

function appSources(dir = APP, into = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) appSources(full, into);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.includes(".test.")) {
      into.set(path.relative(APP, full).split(path.sep).join("/"), fs.readFileSync(full, "utf8"));
    }
  }
  return into;
}

/** "file → module" for each import of a server schema module (`*.schema.js`), with whether it is type-only. */
function schemaImports(files: Map<string, string>): { file: string; module: string; typeOnly: boolean }[] {
  const found: { file: string; module: string; typeOnly: boolean }[] = [];
  for (const [file, source] of files) {
    const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
    for (const statement of parsed.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !/\.schema(\.js)?$/.test(specifier.text)) continue;
      const typeOnly = ts.isImportDeclaration(statement)
        ? (statement.importClause?.isTypeOnly ?? false)
        : statement.isTypeOnly;
      found.push({ file, module: specifier.text, typeOnly });
    }
  }
  return found;
}

describe("agent app rules", () => {
  const files = appSources();

  it("takes the API's shapes from the server's schemas in api-types.ts only, as types", () => {
    expect(files.size).toBeGreaterThan(50);
    const imports = schemaImports(files);
    expect(imports.length).toBeGreaterThan(5);
    expect(imports.filter((i) => i.file !== "api-types.ts" || !i.typeOnly)).toEqual([]);
  });

  it("shows failures through errorMessage() and isApiError(), written once in api.ts", () => {
    const handWritten = [...files]
      .filter(([file, source]) => file !== "api.ts" && /instanceof\s+ApiError\b/.test(source))
      .map(([file]) => file);
    expect(handWritten).toEqual([]);
  });

  it("catches a screen that imports a schema or tests ApiError itself", () => {
    const bad = new Map([
      ["screens/A.tsx", 'import type { ticketView } from "../../../tickets/tickets.schema.js";'],
      ["screens/B.tsx", 'import { mailView } from "../../../mail/mail.schema.js";'],
      ["api-types.ts", 'import { sessionView } from "../../users/users.schema.js";'],
    ]);
    expect(schemaImports(bad).map((i) => `${i.file}:${i.typeOnly}`)).toEqual([
      "screens/A.tsx:true",
      "screens/B.tsx:false",
      "api-types.ts:false",
    ]);
  });
});
