// Shared by the benchmarks and the crash test: beedesk as a real child process on 127.0.0.1, signed webhooks,
// and a Graph API stand-in that timestamps every request it accepts.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureBuilt } from "../scripts/ensure-built.mjs";
import { PROJECT_ROOT } from "../src/platform/paths.js";

export const APP_SECRET = "bench-app-secret";
export const PRESALES_ID = "100000000000001";
export const PREMIUM_ID = "100000000000002";
export const OWNER = { email: "owner@example.com", password: "bench-password-1" };

/** `node dist/server/cli.js` (built when sources changed), or the TypeScript sources with BENCH_FROM_SOURCE=1. */
export function beedeskCommand(): string[] {
  // BENCH_NODE_ARGS: extra node flags for beedesk (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  if (process.env.BENCH_FROM_SOURCE === "1")
    return [...nodeArgs, "--import", "tsx", path.join(PROJECT_ROOT, "src/cli.ts")];
  ensureBuilt({ quiet: true });
  return [...nodeArgs, path.join(PROJECT_ROOT, "dist/server/cli.js")];
}

export interface BeedeskEnvOptions {
  port: number;
  dataDir: string;
  graphUrl: string;
  /** PostgreSQL; unset = SQLite in the data folder. */
  databaseUrl?: string;
  logLevel?: string;
}

/** Production-like settings: simulator off, Graph API calls to `graphUrl`. */
export function beedeskEnv(o: BeedeskEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(o.port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    BEEDESK_DATA_DIR: o.dataDir,
    LOG_LEVEL: o.logLevel ?? "warn",
    NODE_ENV: "development",
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: "bench-verify-token",
    WHATSAPP_ACCESS_TOKEN: "bench-access-token",
    WHATSAPP_GRAPH_URL: o.graphUrl,
    BEEDESK_SIMULATOR: "off",
    WHATSAPP_PRESALES_PHONE_NUMBER_ID: PRESALES_ID,
    WHATSAPP_PRESALES_NUMBER: "+34 600 111 222",
    WHATSAPP_PREMIUM_PHONE_NUMBER_ID: PREMIUM_ID,
    WHATSAPP_PREMIUM_NUMBER: "+34 600 333 444",
    BEEDESK_ADMIN_EMAIL: OWNER.email,
    BEEDESK_ADMIN_PASSWORD: OWNER.password,
  };
  delete env.DATABASE_URL;
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  return env;
}

export function spawnBeedesk(
  command: string[],
  env: NodeJS.ProcessEnv,
  args: string[] = ["serve"],
  stdio: "inherit" | "ignore" = "inherit",
): ChildProcess {
  return spawn(process.execPath, [...command, ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", stdio, stdio],
  });
}

/** Resolves once GET `path` answers 200; throws if the process exits first or after `timeoutMs`. */
export async function waitReady(
  url: string,
  child: ChildProcess,
  timeoutMs = 60_000,
  probe = "/readyz",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`beedesk exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const res = await fetch(`${url}${probe}`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`beedesk was not ready in ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export function tempDataDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `beedesk-${name}-`));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A signed one-message text webhook, serialised like Meta (ASCII only). */
export function textWebhook(o: {
  from: string;
  wamid: string;
  text: string;
  name?: string;
  phoneNumberId?: string;
  timestamp?: number;
}): { body: string; signature: string } {
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "34600111222", phone_number_id: o.phoneNumberId ?? PRESALES_ID },
    contacts: [{ profile: { name: o.name ?? `Customer ${o.from.slice(-4)}` }, wa_id: o.from }],
    messages: [
      {
        from: o.from,
        id: o.wamid,
        timestamp: String(o.timestamp ?? Math.floor(Date.now() / 1000)),
        type: "text",
        text: { body: o.text },
      },
    ],
  };
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ field: "messages", value }] }],
  }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return { body, signature: `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}` };
}

/** Posts webhooks over keep-alive connections; resolves with the status, or 0 when the connection failed. */
export class WebhookClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly url: string,
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  post(webhook: { body: string; signature: string }, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolve) => {
      const req = http.request(
        `${this.url}/webhooks/whatsapp`,
        {
          method: "POST",
          agent: this.agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(webhook.body),
            "x-hub-signature-256": webhook.signature,
          },
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", () => resolve(0));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => resolve(0));
      req.end(webhook.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface GraphSend {
  /** performance.now() when the request's body had fully arrived. */
  at: number;
  phoneNumberId: string;
  to: string;
  body: Record<string, unknown>;
  /** The wamid this stand-in answered with. */
  wamid: string;
}

/**
 * The Graph API stand-in: answers POST /{version}/{phone-number-id}/messages like the Cloud API, with its own
 * wamids, and records every send it accepted (mark-as-read calls are counted apart).
 */
export class RecordingGraph {
  readonly sends: GraphSend[] = [];
  reads = 0;
  private server: http.Server | undefined;
  private n = 0;
  url = "";

  constructor(private readonly prefix = "wamid.GRAPH") {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const at = performance.now();
        const match = /^\/v[\d.]+\/([^/]+)\/messages$/.exec(req.url ?? "");
        let body: Record<string, unknown> | undefined;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        } catch {}
        if (req.method !== "POST" || !match || !body) {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "Unknown path", code: 100 } }));
          return;
        }
        if (body.status === "read") {
          this.reads++;
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"success":true}');
          return;
        }
        const wamid = `${this.prefix}${String(++this.n).padStart(8, "0")}`;
        const to = String(body.to ?? body.recipient ?? "");
        this.sends.push({ at, phoneNumberId: decodeURIComponent(match[1]!), to, body, wamid });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            messaging_product: "whatsapp",
            contacts: [{ input: to, wa_id: to }],
            messages: [{ id: wamid, message_status: "accepted" }],
          }),
        );
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Signs in through the real route; returns the Cookie header value. */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(OWNER),
  });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("beedesk_session="));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return cookie.split(";")[0]!;
}

/** Sets one field of a settings section through the owner's API. */
export async function updateSetting(
  url: string,
  cookie: string,
  section: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(`${url}/api/v1/settings`, { headers: { cookie } });
  const all = (await res.json()) as Record<string, Record<string, unknown>>;
  const put = await fetch(`${url}/api/v1/settings/${section}`, {
    method: "PUT",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ ...all[section], ...patch }),
  });
  if (put.status !== 200) throw new Error(`settings update failed: HTTP ${put.status} ${await put.text()}`);
  await put.arrayBuffer().catch(() => undefined);
}

/** A fresh PostgreSQL database next to the one `baseUrl` names, dropped afterwards. */
export async function withFreshPostgres<T>(
  baseUrl: string,
  name: string,
  run: (url: string) => Promise<T>,
): Promise<T> {
  const db = `beedesk_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.query(`create database ${db}`);
  const url = new URL(baseUrl);
  url.pathname = `/${db}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
}

/** PostgreSQL URL for the benchmarks, if one is configured. */
export function postgresUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** Resident memory of a process in MB (VmRSS), and its peak (VmHWM). */
export function residentMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

export interface Deployment {
  /** The web processes' base URLs. */
  urls: string[];
  children: ChildProcess[];
  stop(): Promise<void>;
}

/**
 * beedesk as deployed: "single" = one process (web + worker, the default), or `web` web processes
 * (`serve --role web`) and `workers` worker processes (`serve --role worker`) on one PostgreSQL database.
 */
export async function startDeployment(o: {
  graphUrl: string;
  databaseUrl?: string;
  web?: number;
  workers?: number;
  single?: boolean;
}): Promise<Deployment> {
  const command = beedeskCommand();
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const urls: string[] = [];
  const start = async (args: string[], wait: boolean) => {
    const port = await freePort();
    const dataDir = tempDataDir("deploy");
    dirs.push(dataDir);
    const env = beedeskEnv({ port, dataDir, graphUrl: o.graphUrl, databaseUrl: o.databaseUrl });
    const child = spawnBeedesk(command, env, args);
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    if (wait) {
      await waitReady(url, child);
      urls.push(url);
    }
  };
  const stop = async () => {
    await Promise.all(children.map((c) => stopProcess(c)));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  };
  try {
    if (o.single || !o.databaseUrl) await start(["serve"], true);
    else {
      // The first web process migrates and seeds; the others start on the migrated database.
      for (let i = 0; i < (o.web ?? 1); i++) await start(["serve", "--role", "web"], true);
      for (let i = 0; i < (o.workers ?? 1); i++) await start(["serve", "--role", "worker"], false);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, children, stop };
}
