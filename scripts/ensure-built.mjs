// Rebuilds dist/ when any source is newer than the last build (so `npm start` always runs current code).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "./build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBuilt({ quiet = false } = {}) {
  const stamp = path.join(root, "dist", ".build-stamp");
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(root, "src")),
    ...[
      "package.json",
      "vite.config.ts",
      "vite.simulator.config.ts",
      "tsconfig.json",
      "tsconfig.build.json",
    ].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  if (sources > built) {
    if (!quiet) console.error("beedesk: building (sources changed since the last build)…");
    build({ quiet });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuilt();
