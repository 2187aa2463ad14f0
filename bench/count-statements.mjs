// Preload for profiling (`BENCH_NODE_ARGS="--import ./bench/count-statements.mjs"`, COUNT_STATEMENTS_DIR=dir):
// counts the SQL statements this process runs (better-sqlite3 statements and pg queries, by their first words)
// and writes the running totals to dir/<pid>.json every 250 ms, so a bench can difference two readings.
import fs from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";

const dir = process.env.COUNT_STATEMENTS_DIR;
const counts = new Map();
const kind = (text) => {
  const t = String(text).trim().replace(/\s+/g, " ");
  if (/^with\b/i.test(t)) return `with ${/^with\s+(\w+)/i.exec(t)?.[1] ?? ""}`;
  const m = /^(\w+)/i.exec(t);
  if (!m) return t.slice(0, 30);
  const verb = m[1].toLowerCase();
  if (verb === "select") {
    const from = /\bfrom\s+"?(\w+)"?/i.exec(t);
    return from ? `select ${from[1]}` : t.slice(0, 30);
  }
  if (verb === "update" || verb === "insert" || verb === "delete") {
    const table = /(?:update|into|from)\s+"?(\w+)"?/i.exec(t);
    return `${verb} ${table ? table[1] : ""}`.trim();
  }
  return verb;
};
const count = (text) => {
  const k = kind(text);
  counts.set(k, (counts.get(k) ?? 0) + 1);
};

const probe = new SqliteDatabase(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("select 1"));
probe.close();
for (const method of ["run", "get", "all", "iterate"]) {
  const original = Statement[method];
  Statement[method] = function (...args) {
    count(this.source);
    return original.apply(this, args);
  };
}
const execOriginal = SqliteDatabase.prototype.exec;
SqliteDatabase.prototype.exec = function (text) {
  count(text);
  return execOriginal.call(this, text);
};
const queryOriginal = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  count(typeof config === "string" ? config : config?.text);
  return queryOriginal.call(this, config, ...rest);
};

if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${threadId}.json`);
  // Written aside and renamed: a reader never sees a half-written file.
  setInterval(() => {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(counts)));
    fs.renameSync(`${file}.tmp`, file);
  }, 250).unref();
}
