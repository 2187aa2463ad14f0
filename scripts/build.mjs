// Builds the server (tsc → dist/server) and the agent app (Vite → dist/web), then stamps the build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function build({ quiet = false } = {}) {
  const stdio = quiet ? ["ignore", "ignore", "inherit"] : "inherit";
  fs.rmSync(path.join(root, "dist"), { recursive: true, force: true });
  execFileSync(bin("tsc"), ["-p", "tsconfig.build.json"], { cwd: root, stdio });
  execFileSync(bin("vite"), ["build", "--config", "vite.config.ts", "--logLevel", quiet ? "error" : "info"], {
    cwd: root,
    stdio,
  });
  fs.writeFileSync(path.join(root, "dist", ".build-stamp"), new Date().toISOString());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
