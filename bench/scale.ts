// PostgreSQL figures for `npm run bench`, measured in the same run as the SQLite ones: a naive receiver (Fastify,
// one INSERT per request on a pg pool of 10) as the yardstick for beedesk's PostgreSQL receiver, and beedesk
// deployed as two web processes and one worker on one database (webhooks spread over both web processes).
import pg from "pg";
import {
  CONNECTIONS,
  DURATION_S,
  drive,
  freePort,
  type Measure,
  stop,
  storedWamidsPostgres,
  toMeasure,
  WARMUP_S,
  waitForHealth,
} from "./ingest.js";
import { spawnNaiveReceiver } from "./receivers.js";
import { RecordingGraph, startDeployment, withFreshPostgres } from "./support.js";

/** A receiver anyone would write first: no batching, one INSERT (autocommit) per request, then 200. */
export async function benchNaivePostgres(baseUrl: string): Promise<Measure> {
  return withFreshPostgres(baseUrl, "naive", async (url) => {
    const port = freePort(3);
    const child = await spawnNaiveReceiver(url, port);
    const target = `http://127.0.0.1:${port}`;
    const acked: string[] = [];
    let measure: Measure;
    try {
      await waitForHealth(target, child);
      await drive(target, WARMUP_S, acked);
      measure = toMeasure("naive PostgreSQL", await drive(target, DURATION_S, acked));
    } finally {
      await stop(child);
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ wamid: string }>("select wamid from naive_messages");
    await client.end();
    const stored = new Set(rows.map((r) => r.wamid));
    measure.stored = stored.size;
    measure.missing = acked.filter((w) => !stored.has(w)).length;
    return measure;
  });
}

export interface ScaleOutMeasure extends Measure {
  /** Replies the worker process sent meanwhile (the policy greeting the first message of each contact). */
  replies: number;
}

/** Two web processes and one worker on one fresh database; half of the connections on each web process. */
export async function benchPostgresScaleOut(baseUrl: string): Promise<ScaleOutMeasure> {
  return withFreshPostgres(baseUrl, "scale", async (url) => {
    const graph = await new RecordingGraph("wamid.SCALE").start();
    const deployment = await startDeployment({ graphUrl: graph.url, databaseUrl: url, web: 2, workers: 1 });
    const acked: string[] = [];
    let measure: ScaleOutMeasure;
    try {
      const share = Math.max(1, Math.floor(CONNECTIONS / deployment.urls.length));
      await Promise.all(deployment.urls.map((u) => drive(u, WARMUP_S, acked, share)));
      const results = await Promise.all(deployment.urls.map((u) => drive(u, DURATION_S, acked, share)));
      const parts = results.map((r) => toMeasure("part", r));
      measure = {
        label: "beedesk PG, 2 web+worker",
        msgPerSec: parts.reduce((n, p) => n + p.msgPerSec, 0),
        p50: Math.max(...parts.map((p) => p.p50)),
        p90: Math.max(...parts.map((p) => p.p90)),
        p99: Math.max(...parts.map((p) => p.p99)),
        ok: parts.reduce((n, p) => n + p.ok, 0),
        non2xx: parts.reduce((n, p) => n + p.non2xx, 0),
        errors: parts.reduce((n, p) => n + p.errors, 0),
        replies: 0,
      };
    } finally {
      await deployment.stop();
      await graph.stop();
    }
    measure.replies = graph.sends.length;
    const stored = await storedWamidsPostgres(url);
    measure.stored = stored.size;
    measure.missing = acked.filter((w) => !stored.has(w)).length;
    return measure;
  });
}
