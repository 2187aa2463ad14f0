// Webhook → auto-reply latency: new contacts write to the pre-sales number at a steady offered rate (open loop:
// a message is sent when its time comes, whether or not earlier ones were answered); the policy greets each one,
// and the Graph API stand-in timestamps the greeting's arrival. Latency = arrival − webhook send time.
import fs from "node:fs";
import { type BarResult, percentile } from "./bars.js";
import {
  beedeskCommand,
  beedeskEnv,
  freePort,
  PREMIUM_ID,
  RecordingGraph,
  signIn,
  sleep,
  spawnBeedesk,
  startDeployment,
  stopProcess,
  tempDataDir,
  textWebhook,
  updateSetting,
  WebhookClient,
  waitReady,
} from "./support.js";

const GREETINGS = [
  "Hola, ¿el módulo funciona con OpenCart 4.0.2.3?",
  "Hi, does the filter work with OpenCart 4?",
];

interface Offered {
  sent: number[];
  acked: number[];
  statuses: number[];
}

/**
 * Sends `count` first messages from new contacts at `rate` per second; contact i is `${prefix}${i}`. With several
 * clients (web processes) the messages go round-robin; with `bothNumbers` odd contacts write to the premium line.
 */
export async function offer(
  client: WebhookClient | WebhookClient[],
  prefix: string,
  count: number,
  rate: number,
  bothNumbers = false,
): Promise<Offered> {
  const clients = [client].flat();
  const sent: number[] = new Array(count);
  const acked: number[] = new Array(count);
  const statuses: number[] = new Array(count);
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let i = 0;
  while (i < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; i < due; i++) {
      const n = i;
      const webhook = textWebhook({
        from: `${prefix}${String(n).padStart(6, "0")}`,
        wamid: `wamid.REPLY${prefix}${String(n).padStart(6, "0")}`,
        text: GREETINGS[n % GREETINGS.length]!,
        ...(bothNumbers && n % 2 === 1 ? { phoneNumberId: PREMIUM_ID } : {}),
      });
      sent[n] = performance.now();
      inFlight.push(
        clients[n % clients.length]!.post(webhook).then((status) => {
          statuses[n] = status;
          acked[n] = performance.now();
        }),
      );
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return { sent, acked, statuses };
}

/** Arrival time of the first send to each recipient. */
export function firstArrivals(graph: RecordingGraph): Map<string, number> {
  const first = new Map<string, number>();
  for (const s of graph.sends) if (!first.has(s.to)) first.set(s.to, s.at);
  return first;
}

export async function waitForReplies(
  graph: RecordingGraph,
  expected: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const first = firstArrivals(graph);
    if (expected.every((to) => first.has(to))) return;
    await sleep(100);
  }
}

export async function measureReplyLatency(rate = 1000, seconds = 10): Promise<BarResult> {
  const graph = await new RecordingGraph().start();
  const dataDir = tempDataDir("bench-reply");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnBeedesk(beedeskCommand(), beedeskEnv({ port, dataDir, graphUrl: graph.url }));
  const client = new WebhookClient(url);
  try {
    await waitReady(url, child);
    // The Cloud API's top per-number rate; the default (80/s) would throttle the replies on purpose.
    await updateSetting(url, await signIn(url), "channels", { throughputPerSecond: 1000 });

    const warm = 300;
    await offer(client, "3460", warm, 300);
    await waitForReplies(
      graph,
      Array.from({ length: warm }, (_, i) => `3460${String(i).padStart(6, "0")}`),
      20_000,
    );

    const count = rate * seconds;
    const prefix = "3470";
    const offered = await offer(client, prefix, count, rate);
    const recipients = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, "0")}`);
    await waitForReplies(graph, recipients, 30_000);
    const waitedUntil = performance.now();

    const first = firstArrivals(graph);
    // A greeting that never came counts as "at least until we stopped waiting": the p99 is then a lower bound.
    const arrivals = recipients.map((to) => first.get(to));
    const latencies = arrivals.map((at, i) => (at ?? waitedUntil) - offered.sent[i]!).sort((a, b) => a - b);
    const replied = arrivals.filter((a) => a !== undefined) as number[];
    const rejected = offered.statuses.filter((s) => s !== 200).length;
    const ackMs = offered.acked.map((a, i) => a - offered.sent[i]!).sort((a, b) => a - b);
    const offeredSeconds = (offered.sent.at(-1)! - offered.sent[0]!) / 1000;
    const replySeconds = replied.length > 1 ? (Math.max(...replied) - offered.sent[0]!) / 1000 : Number.NaN;
    const missing = count - replied.length;
    return {
      name: "reply_p99",
      label: `Webhook → auto-reply at ${rate}/s (p99)`,
      value: percentile(latencies, 99),
      unit: "ms",
      target: 100,
      direction: "max",
      note:
        (missing > 0
          ? `LOWER BOUND: ${missing} of ${count} greetings had not arrived 30 s after the load; `
          : "") +
        `${count} new contacts offered in ${offeredSeconds.toFixed(1)} s, greetings left at ` +
        `${(replied.length / replySeconds).toFixed(0)}/s; p50 ${Math.round(percentile(latencies, 50))} ms; ` +
        `webhook ack p99 ${Math.round(percentile(ackMs, 99))} ms` +
        (rejected ? `; ${rejected} webhooks not answered 200` : ""),
    };
  } finally {
    client.close();
    await stopProcess(child);
    await graph.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface ReplyCapacity {
  layout: string;
  /** Greetings a second at the Graph API stand-in while a backlog of new contacts waited. */
  perSecond: number;
  offered: number;
  replied: number;
  ackP99: number;
}

/**
 * How many new contacts a second the reply path greets when offered more than it can take: `count` new contacts
 * at `rate` a second over both business numbers (each number's send rate set to Meta's top, 1,000/s), then the
 * rate at which first replies reached the Graph API between the 10th and the 90th percentile of their arrivals.
 */
export async function measureReplyCapacity(o: {
  databaseUrl?: string;
  web?: number;
  workers?: number;
  count?: number;
  rate?: number;
}): Promise<ReplyCapacity> {
  const graph = await new RecordingGraph().start();
  const single = !o.databaseUrl || !o.web;
  const deployment = await startDeployment({ graphUrl: graph.url, ...o, single });
  const clients = deployment.urls.map((u) => new WebhookClient(u));
  const layout = single
    ? `one process, ${o.databaseUrl ? "PostgreSQL" : "SQLite"}`
    : `${o.web} web + ${o.workers ?? 1} worker, PostgreSQL`;
  try {
    const cookie = await signIn(deployment.urls[0]!);
    await updateSetting(deployment.urls[0]!, cookie, "channels", { throughputPerSecond: 1000 });
    const warm = 200;
    await offer(clients, "3450", warm, 200, true);
    // Also waits for a worker process to be up (it has no port to ask).
    await waitForReplies(
      graph,
      Array.from({ length: warm }, (_, i) => `3450${String(i).padStart(6, "0")}`),
      60_000,
    );
    const count = o.count ?? 8000;
    const prefix = "3490";
    const offered = await offer(clients, prefix, count, o.rate ?? 2500, true);
    const recipients = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, "0")}`);
    await waitForReplies(graph, recipients, 40_000);
    const first = firstArrivals(graph);
    const arrivals = recipients
      .map((to) => first.get(to))
      .filter((a): a is number => a !== undefined)
      .sort((a, b) => a - b);
    const from = arrivals[Math.floor(arrivals.length * 0.1)]!;
    const to = arrivals[Math.floor(arrivals.length * 0.9)]!;
    const perSecond = arrivals.length > 10 ? (arrivals.length * 0.8) / ((to - from) / 1000) : Number.NaN;
    const ackMs = offered.acked.map((a, i) => a - offered.sent[i]!).sort((a, b) => a - b);
    return {
      layout,
      perSecond: Math.round(perSecond),
      offered: count,
      replied: arrivals.length,
      ackP99: Math.round(percentile(ackMs, 99)),
    };
  } finally {
    for (const c of clients) c.close();
    await deployment.stop();
    await graph.stop();
  }
}
