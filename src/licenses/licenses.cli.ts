import fs from "node:fs";
import { parseArgs } from "node:util";
import type { Config } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import { createContext } from "../platform/context-factory.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { isAppError } from "../platform/errors.js";
import { seedSettings } from "../settings/settings.service.js";
import type { Actor } from "./licenses.actor.js";
import { type ImportProgress, type ImportResult, importLicensesCsv } from "./licenses-import.service.js";
import { importRowText, importText } from "./licenses-import.text.js";

const USAGE = `Usage: beedesk licenses import <file.csv> [--dry-run] [--report report.csv]
  --dry-run          check the file and say per row what would happen; change nothing
  --report <file>    write the full per-row report (line, outcome, reason, email, product, key) as CSV`;

const CLI_ACTOR: Actor = { type: "system", id: "cli" };

export interface CliIo {
  out: (text: string) => void;
  err: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** `beedesk licenses import <file.csv> [--dry-run]` */
export async function licensesCommand(args: string[], config: Config): Promise<number> {
  const ctx = createContext(config);
  try {
    await migrateToLatest(ctx.db);
    await seedSettings(ctx);
    return await runLicensesCli(ctx, args, { out: (t) => process.stdout.write(t), err: process.stderr });
  } finally {
    await ctx.db.close();
  }
}

export async function runLicensesCli(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(rest);
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : error}\n${USAGE}\n`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (sub !== "import" || !file || parsed.positionals.length > 1) {
    io.err.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    io.err.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const dryRun = parsed.values["dry-run"] === true;
  const bar = progressBar(io.err, dryRun ? "Checking" : "Importing");
  let result: ImportResult;
  try {
    result = await importLicensesCsv(ctx, text, { dryRun, actor: CLI_ACTOR, onProgress: bar.update });
  } catch (error) {
    bar.end();
    io.err.write(`Import stopped: ${isAppError(error) || error instanceof Error ? error.message : error}\n`);
    return 1;
  }
  bar.end();
  if (result.fileError) {
    io.err.write(`${file}: ${importText("en", result.fileError)}\n`);
    return 1;
  }
  io.out(formatSummary(file, result));
  const reportFile = parsed.values.report;
  if (typeof reportFile === "string") {
    fs.writeFileSync(reportFile, reportCsv(result));
    io.out(`Full report written to ${reportFile}\n`);
  }
  return 0;
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { "dry-run": { type: "boolean", default: false }, report: { type: "string" } },
  });
}

function formatSummary(file: string, result: ImportResult): string {
  const s = result.summary;
  const n = (v: number) => v.toLocaleString("en-US");
  const lines = [
    `${result.dryRun ? "Dry run of" : "Imported"} ${file} (${n(s.total)} rows, delimiter ${JSON.stringify(result.delimiter)})`,
    `  ${result.dryRun ? "would create" : "created"}: ${n(s.create)}`,
    `  ${result.dryRun ? "would update" : "updated"}: ${n(s.update)}`,
    `  unchanged:   ${n(s.unchanged)}`,
    `  rejected:    ${n(s.rejected)}`,
  ];
  if (result.ignoredColumns.length) lines.push(`  ignored columns: ${result.ignoredColumns.join(", ")}`);
  const rows = result.rows.map((r) => importRowText("en", r));
  const rejected = rows.filter((r) => r.outcome === "rejected");
  const shown = rejected.slice(0, 50);
  if (shown.length) lines.push("", "Rejected rows:");
  for (const r of shown) lines.push(`  line ${r.line}: ${r.reason}`);
  if (rejected.length > shown.length)
    lines.push(`  … and ${n(rejected.length - shown.length)} more (use --report)`);
  const updates = rows.filter((r) => r.outcome === "update").slice(0, 20);
  if (updates.length) lines.push("", result.dryRun ? "Would update:" : "Updated:");
  for (const r of updates) lines.push(`  line ${r.line} (${r.key}): ${(r.changes ?? []).join("; ")}`);
  return `${lines.join("\n")}\n`;
}

function reportCsv(result: ImportResult): string {
  const quote = (v: string | number | undefined) => {
    const s = String(v ?? "");
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = result.rows
    .map((report) => importRowText("en", report))
    .map((r) =>
      [r.line, r.outcome, r.reason ?? (r.changes ?? []).join("; "), r.email, r.product, r.key]
        .map(quote)
        .join(","),
    );
  return `line,outcome,reason,email,product,key\n${rows.join("\n")}\n`;
}

/** A bar redrawn in place on a terminal; on a pipe or log file, a line every 10 %. */
function progressBar(stream: CliIo["err"], label: string) {
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  return {
    update: (p: ImportProgress) => {
      if (p.total === 0) return;
      const fraction = Math.min(1, p.processed / p.total);
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 80 && p.processed < p.total) return;
        lastDraw = now;
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
        const filled = Math.round(fraction * width);
        stream.write(
          `\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${p.processed.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")}`,
        );
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${tenth * 10}% (${p.processed}/${p.total} rows)\n`);
      }
    },
    end: () => {
      if (drawn) stream.write("\n");
    },
  };
}
