import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (where package.json is), whether running from src/ or dist/. */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the running code");
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const WEB_DIST = path.join(PROJECT_ROOT, "dist", "web");
