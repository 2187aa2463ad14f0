import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../src/platform/paths.js";
import { type BarResult, percentile } from "./bars.js";

/** Time from process spawn until /readyz answers 200, on a database that already exists. */
async function startOnce(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/server/cli.js"), "serve"], {
    env: {
      ...process.env,
      PORT: String(port),
      BEEDESK_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 30_000) throw new Error("beedesk did not become ready in 30 s");
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

export async function measureStartup(runs = 5): Promise<BarResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "beedesk-bench-startup-"));
  const port = 3900 + Math.floor(Math.random() * 50);
  try {
    await startOnce(dataDir, port); // creates, migrates and seeds the database
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await startOnce(dataDir, port));
    times.sort((a, b) => a - b);
    return {
      name: "startup",
      label: "Start-up on an existing database (median)",
      value: percentile(times, 50),
      unit: "ms",
      target: 1500,
      direction: "max",
      note: `${runs} runs, max ${Math.round(times.at(-1)!)} ms`,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
