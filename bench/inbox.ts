// Inbox list and message search with 1,000,000 stored messages, and the server's memory while serving them.
// The messages are generated once per run into a temp data folder (bulk insert, see seed-messages.ts); beedesk
// then runs on that folder as a real child process and is asked what an agent's screen asks.
import fs from "node:fs";
import path from "node:path";
import { ftsQuery } from "../src/inbox/search.repository.js";
import { openPostgres, openSqlite } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { type BarResult, percentile } from "./bars.js";
import { seedMessagesPostgres, seedMessagesSqlite } from "./seed-messages.js";
import {
  beedeskCommand,
  beedeskEnv,
  freePort,
  RecordingGraph,
  residentMb,
  signIn,
  spawnBeedesk,
  stopProcess,
  tempDataDir,
  waitReady,
  withFreshPostgres,
} from "./support.js";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const CONVERSATIONS = Math.max(1, Math.round(MESSAGES / 50));
const REQUESTS = 150;

/** What agents type into the search box: rare words, names, order numbers, error text, common words. */
const SEARCHES = [
  "factura",
  "Lucía",
  "checkout",
  "OpenCart 4.0.2.3",
  "Undefined index",
  "refund",
  "multi-idioma",
  "Stripe",
  "licencia dominios",
  "#48213",
  "Sarah Johnson",
  "página en blanco",
];

async function timed(url: string, cookie: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.json();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

/** One agent at a time: each figure is a request's own time, not time spent queued behind another. */
async function load(
  paths: string[],
  base: string,
  cookie: string,
): Promise<Array<{ path: string; ms: number }>> {
  const times: Array<{ path: string; ms: number }> = [];
  for (const p of paths) times.push({ path: p, ms: (await timed(`${base}${p}`, cookie)).ms });
  return times;
}

const sorted = (times: Array<{ ms: number }>) => times.map((t) => t.ms).sort((a, b) => a - b);

export interface SeededFolder {
  dataDir: string;
  seconds: number;
  bytes: number;
  /** Messages each search term matches. */
  matches: Map<string, number>;
}

/** Migrates a fresh SQLite database in a temp folder and fills it. */
export async function seedSqliteFolder(messages = MESSAGES): Promise<SeededFolder> {
  const dataDir = tempDataDir("bench-inbox");
  const started = performance.now();
  const matches = new Map<string, number>();
  const db = openSqlite(path.join(dataDir, "beedesk.sqlite"));
  try {
    await migrateToLatest(db);
    seedMessagesSqlite(db.sqlite!, { messages, conversations: Math.max(1, Math.round(messages / 50)) });
    const count = db.sqlite!.prepare("select count(*) from messages_fts where messages_fts match ?").pluck();
    for (const q of SEARCHES) matches.set(q, count.get(ftsQuery(q)) as number);
  } finally {
    await db.close();
  }
  const bytes = fs.statSync(path.join(dataDir, "beedesk.sqlite")).size;
  return { dataDir, seconds: (performance.now() - started) / 1000, bytes, matches };
}

export async function measureInbox(): Promise<BarResult[]> {
  process.stderr.write(`bench: generating ${MESSAGES.toLocaleString("en")} messages…\n`);
  const seeded = await seedSqliteFolder();
  try {
    const served = await serve(seeded.dataDir, undefined, seeded.matches);
    const size = `${(seeded.bytes / 1e6).toFixed(0)} MB file generated in ${seeded.seconds.toFixed(0)} s`;
    return [
      { ...served.search, note: `${served.search.note}, ${size}` },
      {
        name: "rss",
        label: "Server RSS serving 1M messages",
        value: served.memory.rss,
        unit: "MB",
        target: 250,
        direction: "max",
        note: `VmRSS of the beedesk process after the list and search load; peak (VmHWM) ${served.memory.peak.toFixed(0)} MB`,
      },
    ];
  } finally {
    fs.rmSync(seeded.dataDir, { recursive: true, force: true });
  }
}

/** The same list and search load on PostgreSQL (tsvector search), on a fresh database next to `baseUrl`. */
export async function measureInboxPostgres(baseUrl: string): Promise<BarResult> {
  return withFreshPostgres(baseUrl, "inbox", async (url) => {
    process.stderr.write(`bench: generating ${MESSAGES.toLocaleString("en")} messages on PostgreSQL…\n`);
    const started = performance.now();
    const db = openPostgres(url);
    try {
      await migrateToLatest(db);
    } finally {
      await db.close();
    }
    await seedMessagesPostgres(url, { messages: MESSAGES, conversations: CONVERSATIONS });
    const seconds = (performance.now() - started) / 1000;
    const dataDir = tempDataDir("bench-inbox-pg");
    try {
      const served = await serve(dataDir, url);
      return {
        ...served.search,
        name: "search_p95_postgres",
        label: "Inbox list and search p95, PostgreSQL (1M)",
        note: `${served.search.note}, generated in ${seconds.toFixed(0)} s; RSS ${served.memory.rss.toFixed(0)} MB`,
      };
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

/** Starts beedesk on seeded data and times what an agent's screen asks, one request at a time. */
async function serve(
  dataDir: string,
  databaseUrl: string | undefined,
  matches?: Map<string, number>,
): Promise<{ search: BarResult; memory: { rss: number; peak: number } }> {
  const graph = await new RecordingGraph().start();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnBeedesk(
    beedeskCommand(),
    beedeskEnv({ port, dataDir, graphUrl: graph.url, databaseUrl }),
  );
  try {
    await waitReady(url, child, 120_000);
    const cookie = await signIn(url);
    const first = (await timed(`${url}/api/v1/conversations`, cookie)).body as { nextBefore: string | null };
    const page2 = first.nextBefore ? `?before=${encodeURIComponent(first.nextBefore)}` : "";
    const lists = ["", "?role=presales", "?role=premium", "?state=waiting", page2, "?limit=100"];
    const listPaths = Array.from(
      { length: REQUESTS },
      (_, i) => `/api/v1/conversations${lists[i % lists.length]}`,
    );
    const searchPaths = Array.from(
      { length: REQUESTS },
      (_, i) => `/api/v1/conversations?q=${encodeURIComponent(SEARCHES[i % SEARCHES.length]!)}`,
    );
    // Warm the page cache the way a running desk would have it.
    await load([...listPaths.slice(0, 12), ...searchPaths.slice(0, SEARCHES.length)], url, cookie);
    const listTimes = sorted(await load(listPaths, url, cookie));
    const searches = await load(searchPaths, url, cookie);
    const searchTimes = sorted(searches);
    const perQuery = slowestSearch(searches, matches);
    const memory = residentMb(child.pid!);
    const listP95 = percentile(listTimes, 95);
    const searchP95 = percentile(searchTimes, 95);
    const size = `${(MESSAGES / 1e6).toLocaleString("en")}M messages in ${CONVERSATIONS.toLocaleString("en")} conversations`;
    return {
      memory,
      search: {
        name: "search_p95",
        label: "Inbox list and search p95 (1M messages)",
        value: Math.max(listP95, searchP95),
        unit: "ms",
        target: 50,
        direction: "max",
        note:
          `list p95 ${listP95.toFixed(1)} ms, search p95 ${searchP95.toFixed(1)} ms (${REQUESTS} each, one ` +
          `at a time); slowest term "${perQuery.query}" (median ${perQuery.ms.toFixed(0)} ms${perQuery.matches}); ${size}`,
      },
    };
  } finally {
    await stopProcess(child);
    await graph.stop();
  }
}

/** The search term with the highest median time. */
function slowestSearch(
  times: Array<{ path: string; ms: number }>,
  matches?: Map<string, number>,
): { query: string; ms: number; matches: string } {
  let worst = { query: "", ms: 0, matches: "" };
  for (const query of SEARCHES) {
    const path = `/api/v1/conversations?q=${encodeURIComponent(query)}`;
    const median = percentile(sorted(times.filter((t) => t.path === path)), 50);
    const n = matches?.get(query);
    if (median > worst.ms)
      worst = {
        query,
        ms: median,
        matches: n === undefined ? "" : `, ${n.toLocaleString("en")} matching messages`,
      };
  }
  return worst;
}
