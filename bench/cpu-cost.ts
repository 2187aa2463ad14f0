// CPU cost per acknowledged webhook, beedesk's PostgreSQL receiver against the naive one (one INSERT per request
// on a pool of 10), measured as CPU time of the receiver process and of its PostgreSQL backends: a figure that
// holds on a busy machine where throughput does not. `npx tsx bench/cpu-cost.ts` (TEST_DATABASE_URL set).
// Knobs: BENCH_DURATION (s, default 10), CPU_COST_ONLY=hello|naive|beedesk, BENCH_NODE_ARGS (e.g. --cpu-prof).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import pg from "pg";
import { drive, toMeasure, WARMUP_S } from "./ingest.js";
import { spawnHelloReceiver, spawnNaiveReceiver } from "./receivers.js";
import {
  freePort,
  postgresUrl,
  startDeployment,
  stopProcess,
  waitReady,
  withFreshPostgres,
} from "./support.js";

const SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const TICK_MS = 1000 / 100; // USER_HZ

/** utime + stime of a process, in ms (0 if it is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = new URL(url).pathname.slice(1);
    const { rows } = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [db],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

interface Cost {
  label: string;
  msgPerSec: number;
  acked: number;
  nodeMsPerMsg: number;
  pgMsPerMsg: number;
  /** The load generator's own CPU (this process), per message. */
  genMsPerMsg: number;
  p99: number;
}

async function measure(
  label: string,
  url: string | undefined,
  target: string,
  child: ChildProcess,
): Promise<Cost> {
  const acked: string[] = [];
  await drive(target, Number(process.env.CPU_COST_WARMUP ?? WARMUP_S), acked);
  // PostgreSQL's own processes (WAL writer, checkpointer) are not counted: only the receiver's backends.
  const pids = url ? await backendPids(url) : [];
  // CPU_COST_NICE=-10 (root): the receiver's PostgreSQL backends share the load generator's priority, so
  // other work on the machine disturbs the comparison less.
  if (process.env.CPU_COST_NICE) {
    for (const pid of pids) os.setPriority(pid, Number(process.env.CPU_COST_NICE));
  }
  const node0 = cpuMs(child.pid!);
  const pg0 = pids.map(cpuMs);
  const gen0 = process.cpuUsage();
  const before = acked.length;
  // CPU_COST_PERF=file: `perf record` the receiver (and its backends) while measured; start the receiver with
  // BENCH_NODE_ARGS=--perf-basic-prof so JavaScript frames have names.
  const perf = process.env.CPU_COST_PERF
    ? spawn(
        "perf",
        ["record", "-F", "997", "-g", "-o", process.env.CPU_COST_PERF, "-p", [child.pid, ...pids].join(",")],
        {
          stdio: "ignore",
        },
      )
    : undefined;
  const result = await drive(target, SECONDS, acked);
  if (perf) {
    const done = new Promise((r) => perf.once("exit", r));
    perf.kill("SIGINT");
    await done;
  }
  const gen = process.cpuUsage(gen0);
  const n = acked.length - before;
  const nodeMs = cpuMs(child.pid!) - node0;
  const pgMs = pids.map(cpuMs).reduce((s, v, i) => s + v - pg0[i]!, 0);
  const m = toMeasure(label, result);
  const per = (ms: number) => Math.round((ms / Math.max(1, n)) * 1000) / 1000;
  return {
    label,
    msgPerSec: m.msgPerSec,
    acked: n,
    nodeMsPerMsg: per(nodeMs),
    pgMsPerMsg: per(pgMs),
    genMsPerMsg: per((gen.user + gen.system) / 1000),
    p99: m.p99,
  };
}

/** Waits for a yardstick receiver on `port`, measures it, stops it. */
async function measureReceiver(
  label: string,
  url: string | undefined,
  port: number,
  child: ChildProcess,
): Promise<Cost> {
  const target = `http://127.0.0.1:${port}`;
  try {
    await waitReady(target, child, 30_000, "/healthz");
    return await measure(label, url, target, child);
  } finally {
    await stopProcess(child);
  }
}

async function hello(): Promise<Cost> {
  const port = await freePort();
  return measureReceiver("bare Fastify hello", undefined, port, spawnHelloReceiver(port));
}

async function beedesk(base: string): Promise<Cost> {
  return withFreshPostgres(base, "cpucost", async (url) => {
    const deployment = await startDeployment({
      graphUrl: "http://127.0.0.1:9",
      databaseUrl: url,
      workers: 0,
    });
    try {
      return await measure("beedesk PostgreSQL, web", url, deployment.urls[0]!, deployment.children[0]!);
    } finally {
      await deployment.stop();
    }
  });
}

async function naive(base: string): Promise<Cost> {
  return withFreshPostgres(base, "cpunaive", async (url) => {
    const port = await freePort();
    return measureReceiver("naive PostgreSQL", url, port, await spawnNaiveReceiver(url, port));
  });
}

const base = postgresUrl();
if (!base) throw new Error("set TEST_DATABASE_URL");
const only = process.env.CPU_COST_ONLY;
const costs: Cost[] = [];
if (!only || only === "hello") costs.push(await hello());
if (!only || only === "naive") costs.push(await naive(base));
if (!only || only === "beedesk") costs.push(await beedesk(base));
for (const c of costs) {
  console.log(
    `${c.label.padEnd(26)} ${String(c.msgPerSec).padStart(6)} msg/s  CPU ms/msg: receiver ${c.nodeMsPerMsg}, postgres ${c.pgMsPerMsg}, load generator ${c.genMsPerMsg}; p99 ${c.p99} ms  (${c.acked} acked)`,
  );
}
process.exit(0);
