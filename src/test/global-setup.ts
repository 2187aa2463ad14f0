import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, WEB_DIST } from "../platform/paths.js";

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Browser tests drive the built agent app: build it when its sources changed. */
export default async function setup(): Promise<void> {
  const index = path.join(WEB_DIST, "index.html");
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    ...[
      ["src", "web", "app"],
      ["src", "platform", "i18n"],
      ["src", "whatsapp", "simulator", "page"],
    ]
      .map((parts) => path.join(PROJECT_ROOT, ...parts))
      .filter((dir) => fs.existsSync(dir))
      .map(newest),
  );
  if (sources > built) {
    execFileSync(
      path.join(PROJECT_ROOT, "node_modules", ".bin", "vite"),
      ["build", "--config", "vite.config.ts", "--logLevel", "error"],
      // The production build, as shipped: under vitest NODE_ENV is "test", which would give React's
      // development build (StrictMode runs every effect twice) and leave it in dist/web for `npm start`.
      { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
    );
  }
}
