import { spawn } from "node:child_process";

// pg_dump and pg_restore, run as child processes. The password never goes on the command line (where `ps`
// shows it): it is taken out of the URL and passed in PGPASSWORD.

export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed`);
    this.name = "ToolMissingError";
  }
}

export function connectionArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** Runs a PostgreSQL client tool; resolves when it exits 0, rejects with its last stderr line otherwise. */
export function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new ToolMissingError(tool) : error),
    );
    child.on("close", (code) => {
      if (code === 0) resolve();
      else {
        const lines = stderr.trim().split("\n").filter(Boolean);
        reject(new Error(`${tool} failed (exit ${code}): ${lines.slice(-2).join(" ") || "no message"}`));
      }
    });
  });
}
