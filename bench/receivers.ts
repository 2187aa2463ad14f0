// The yardsticks beedesk's webhook receiver is measured against, as child processes on 127.0.0.1: a bare Fastify
// "hello" (the ceiling for a Node receiver) and the receiver anyone would write first for PostgreSQL (one INSERT,
// autocommit, per request on a pg pool of 10, then 200). Both answer GET /healthz with 200 once listening.
import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { PROJECT_ROOT } from "../src/platform/paths.js";

/** Runs `script` with this Node, from the project root (so `require` finds fastify and pg). */
function spawnScript(script: string): ChildProcess {
  return spawn(process.execPath, ["-e", script], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** A Fastify app on `port` that answers every webhook "hello" and stores nothing. */
export function spawnHelloReceiver(port: number): ChildProcess {
  return spawnScript(`
    const app = require("fastify")({ logger: false });
    app.post("/webhooks/whatsapp", async () => "hello");
    app.get("/healthz", async () => "ok");
    app.listen({ port: ${port}, host: "127.0.0.1" });`);
}

/** Creates the naive receiver's table in `databaseUrl` (an empty database) and starts it on `port`. */
export async function spawnNaiveReceiver(databaseUrl: string, port: number): Promise<ChildProcess> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(
      `create table naive_messages (wamid text primary key, wa_id text not null, body text not null,
         received_at timestamptz not null default now())`,
    );
  } finally {
    await admin.end();
  }
  return spawnScript(`
    const pool = new (require("pg").Pool)({ connectionString: ${JSON.stringify(databaseUrl)}, max: 10 });
    const app = require("fastify")({ logger: false });
    app.post("/webhooks/whatsapp", async (req) => {
      const m = req.body.entry[0].changes[0].value.messages[0];
      await pool.query(
        "insert into naive_messages (wamid, wa_id, body) values ($1, $2, $3) on conflict do nothing",
        [m.id, m.from, m.text.body],
      );
      return "ok";
    });
    app.get("/healthz", async () => "ok");
    app.listen({ port: ${port}, host: "127.0.0.1" });`);
}
