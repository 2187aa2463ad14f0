import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { WEB_DIST } from "../src/platform/paths.js";
import type { BarResult } from "./bars.js";

/** Gzipped size of the JavaScript the agent app's index.html loads on first visit. */
export function measureAppJs(): BarResult {
  const html = fs.readFileSync(path.join(WEB_DIST, "index.html"), "utf8");
  const scripts = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let bytes = 0;
  for (const file of new Set(scripts))
    bytes += gzipSync(fs.readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length;
  return {
    name: "app_js",
    label: "Agent app JS, first load (gzip)",
    value: bytes / 1024,
    unit: "KB",
    target: 250,
    direction: "max",
    note: `${scripts.length} file(s)`,
  };
}
