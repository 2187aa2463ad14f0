// CPU and SQL statements per greeting on the reply path (webhook → stored → policy → send → wamid), a figure
// that holds on a busy machine where greetings/s does not. `npx tsx bench/reply-cost.ts [sqlite|postgres]`.
// Knobs: REPLY_COST_COUNT (new contacts, default 4000), REPLY_COST_RATE (offered/s, default 2500),
// REPLY_COST_WEB / REPLY_COST_WORKERS (PostgreSQL layout, default 2 + 1), BENCH_NODE_ARGS (e.g. --cpu-prof).
// Statements are counted by bench/count-statements.mjs, preloaded into every beedesk process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { percentile } from "./bars.js";
import { backendPids, cpuMs } from "./proc-cpu.js";
import { firstArrivals, offer, waitForReplies } from "./reply.js";
import {
  postgresUrl,
  RecordingGraph,
  signIn,
  sleep,
  startDeployment,
  updateSetting,
  WebhookClient,
  withFreshPostgres,
} from "./support.js";

const COUNT = Number(process.env.REPLY_COST_COUNT ?? 4000);
const RATE = Number(process.env.REPLY_COST_RATE ?? 2500);
const countDir = fs.mkdtempSync(path.join(os.tmpdir(), "reply-cost-"));
process.env.COUNT_STATEMENTS_DIR = countDir;
process.env.BENCH_NODE_ARGS = [
  process.env.BENCH_NODE_ARGS ?? "",
  "--import",
  path.resolve(import.meta.dirname, "count-statements.mjs"),
]
  .join(" ")
  .trim();

function statementTotals(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const f of fs.readdirSync(countDir).filter((name) => name.endsWith(".json"))) {
    const counts = JSON.parse(fs.readFileSync(path.join(countDir, f), "utf8")) as Record<string, number>;
    for (const [k, v] of Object.entries(counts)) totals.set(k, (totals.get(k) ?? 0) + v);
  }
  return totals;
}

async function run(databaseUrl?: string): Promise<void> {
  const web = Number(process.env.REPLY_COST_WEB ?? 2);
  const workers = Number(process.env.REPLY_COST_WORKERS ?? 1);
  const graph = await new RecordingGraph().start();
  const deployment = await startDeployment({
    graphUrl: graph.url,
    databaseUrl,
    web,
    workers,
    single: !databaseUrl || web === 0,
  });
  const clients = deployment.urls.map((u) => new WebhookClient(u));
  try {
    const cookie = await signIn(deployment.urls[0]!);
    await updateSetting(deployment.urls[0]!, cookie, "channels", { throughputPerSecond: 1000 });
    const warm = 300;
    await offer(clients, "3450", warm, 200, true);
    await waitForReplies(
      graph,
      Array.from({ length: warm }, (_, i) => `3450${String(i).padStart(6, "0")}`),
      60_000,
    );
    await sleep(1000);
    const pgPids = databaseUrl ? await backendPids(databaseUrl) : [];
    const nodePids = deployment.children.map((c) => c.pid!);
    const node0 = nodePids.map(cpuMs);
    const pg0 = pgPids.map(cpuMs);
    const statements0 = statementTotals();

    const prefix = "3490";
    const offered = await offer(clients, prefix, COUNT, RATE, true);
    const recipients = Array.from({ length: COUNT }, (_, i) => `${prefix}${String(i).padStart(6, "0")}`);
    await waitForReplies(graph, recipients, 60_000);
    await sleep(1000);
    const nodeMs = nodePids.map((p, i) => cpuMs(p) - node0[i]!);
    const pgMs = pgPids.map(cpuMs).reduce((s, v, i) => s + v - pg0[i]!, 0);
    const statements1 = statementTotals();

    const first = firstArrivals(graph);
    const arrivals = recipients
      .map((to) => first.get(to))
      .filter((a): a is number => a !== undefined)
      .sort((a, b) => a - b);
    const n = arrivals.length;
    const from = arrivals[Math.floor(n * 0.1)]!;
    const to = arrivals[Math.floor(n * 0.9)]!;
    const ackMs = offered.acked.map((a, i) => a - offered.sent[i]!).sort((a, b) => a - b);
    const latency = recipients
      .map((r, i) => (first.get(r) ?? Number.NaN) - offered.sent[i]!)
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    // The overload signal: greetings that went out while webhooks were still arriving, and the time from a
    // webhook's acknowledgement to its greeting (sends stuck behind the inbound backlog make both worse).
    const lastAck = Math.max(...offered.acked);
    const duringOffer = arrivals.filter((a) => a <= lastAck).length;
    const afterAck = recipients
      .map((r, i) => (first.get(r) ?? Number.NaN) - offered.acked[i]!)
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    const per = (v: number) => (v / Math.max(1, n)).toFixed(3);
    const layout = databaseUrl
      ? web
        ? `${web} web + ${workers} worker, PostgreSQL`
        : "one process, PostgreSQL"
      : "one process, SQLite";
    console.log(
      `\n${layout}: ${n} of ${COUNT} greeted (${graph.sends.length - warm} sends), offered at ${RATE}/s`,
    );
    console.log(
      `  greetings/s (10th–90th pct of arrivals) ${Math.round((n * 0.8) / ((to - from) / 1000))}; greeting latency p50 ${Math.round(percentile(latency, 50))} ms, p99 ${Math.round(percentile(latency, 99))} ms; webhook ack p99 ${Math.round(percentile(ackMs, 99))} ms`,
    );
    console.log(
      `  greeted while webhooks still arrived: ${duringOffer} of ${n}; webhook ack → greeting p50 ${Math.round(percentile(afterAck, 50))} ms, p90 ${Math.round(percentile(afterAck, 90))} ms`,
    );
    console.log(
      `  CPU ms per greeting: ${nodePids.map((_, i) => `node#${i} ${per(nodeMs[i]!)}`).join(", ")}, postgres ${per(pgMs)}; total ${per(nodeMs.reduce((s, v) => s + v, 0) + pgMs)}`,
    );
    const diff = [...statements1]
      .map(([k, v]) => [k, v - (statements0.get(k) ?? 0)] as const)
      .filter(([, v]) => v > 0);
    const total = diff.reduce((s, [, v]) => s + v, 0);
    console.log(`  SQL statements per greeting: ${per(total)}`);
    for (const [k, v] of diff.sort((a, b) => b[1] - a[1])) console.log(`    ${per(v).padStart(8)}  ${k}`);
  } finally {
    for (const c of clients) c.close();
    await deployment.stop();
    await graph.stop();
  }
}

const which = process.argv[2] ?? "sqlite";
if (which === "sqlite") await run();
else {
  const base = postgresUrl();
  if (!base) throw new Error("set TEST_DATABASE_URL");
  await withFreshPostgres(base, "replycost", (url) => run(url));
}
fs.rmSync(countDir, { recursive: true, force: true });
process.exit(0);
