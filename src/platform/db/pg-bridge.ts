import pg from "pg";
import type { AppContext } from "../context.js";
import type { LiveEvent } from "../events.js";
import { randomToken } from "../ids.js";

// NOTIFY payloads are limited to 8000 bytes; live events carry ids, not documents.
const MAX_PAYLOAD = 7900;

/**
 * NOTIFY statement for any number of notifications: one round trip, one tiny transaction that commits without
 * waiting for its WAL flush (a notification needs a transaction id, hence a commit record; losing one in a crash
 * loses nothing stored: workers poll, agents' pages reload).
 */
const NOTIFY_ALL = `select pg_notify(u.channel, u.payload)
  from (select set_config('synchronous_commit', 'off', true)) as async,
    unnest($1::text[], $2::text[]) as u(channel, payload)`;

/** The NOTIFY payloads carrying `events`: as many per payload as fit (an oversized one goes truncated). */
export function eventPayloads(
  origin: string,
  events: LiveEvent[],
  first: number,
  max = MAX_PAYLOAD,
): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 0;
  const close = () => {
    if (parts.length === 0) return;
    // The sequence number keeps two identical payloads in one transaction from being folded into one.
    payloads.push(
      `{"origin":${JSON.stringify(origin)},"seq":${first + payloads.length},"events":[${parts.join(",")}]}`,
    );
    parts = [];
    size = 0;
  };
  for (const event of events) {
    let json = JSON.stringify(event);
    let bytes = Buffer.byteLength(json);
    if (bytes > max - 100) {
      json = JSON.stringify({ ...event, data: { truncated: true } });
      bytes = Buffer.byteLength(json);
    }
    if (size + bytes + 1 > max - 100) close();
    parts.push(json);
    size += bytes + 1;
  }
  close();
  return payloads;
}

/**
 * Makes several beedesk processes on one PostgreSQL database act as one desk: live events published in
 * one process reach agents connected to any other (LISTEN/NOTIFY), and enqueued jobs wake the workers of
 * every process instead of waiting for their next poll. What one turn of the event loop publishes goes out
 * together in one statement: a webhook batch's hundred new messages cost one round trip, not a hundred
 * autocommit transactions.
 */
export class PgBridge {
  private readonly origin = randomToken(10);
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private jobsNotifyPending = false;
  private pendingEvents: LiveEvent[] = [];
  private flushScheduled = false;
  private sequence = 0;
  private readonly eventsChannel: string;
  private readonly jobsChannel: string;

  /** `namespace` keeps databases that share a server (test schemas) from hearing each other. */
  constructor(
    private readonly ctx: AppContext,
    private readonly connectionString: string,
    private readonly onJobs: () => void,
    namespace = "",
  ) {
    const suffix = namespace.replace(/[^a-z0-9_]/gi, "").toLowerCase();
    this.eventsChannel = `beedesk_events${suffix ? `_${suffix}` : ""}`;
    this.jobsChannel = `beedesk_jobs${suffix ? `_${suffix}` : ""}`;
  }

  async start(): Promise<void> {
    this.ctx.events.onForward((event) => {
      this.pendingEvents.push(event);
      this.scheduleFlush();
    });
    // Coalesce: a burst of enqueues sends one NOTIFY, not one per job.
    this.ctx.outbox.onWake(() => {
      this.jobsNotifyPending = true;
      this.scheduleFlush();
    });
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on("notification", (msg) => this.receive(msg.channel, msg.payload));
    client.on("error", (error) => {
      this.ctx.log.warn({ err: error }, "LISTEN connection lost; reconnecting");
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${this.eventsChannel}`);
    await client.query(`LISTEN ${this.jobsChannel}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.client?.end().catch(() => undefined);
    this.client = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().catch(() => this.scheduleReconnect());
    }, 1000);
    this.retry.unref();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Everything published since the last flush, in one statement. */
  private flush(): void {
    this.flushScheduled = false;
    const payloads = eventPayloads(this.origin, this.pendingEvents, this.sequence);
    this.sequence += payloads.length;
    this.pendingEvents = [];
    const channels = payloads.map(() => this.eventsChannel);
    if (this.jobsNotifyPending) {
      this.jobsNotifyPending = false;
      channels.push(this.jobsChannel);
      payloads.push(JSON.stringify({ origin: this.origin }));
    }
    const pool = this.ctx.db.pool;
    if (!pool || payloads.length === 0) return;
    pool.query(NOTIFY_ALL, [channels, payloads]).catch((error: unknown) => {
      this.ctx.log.warn({ err: error, notifications: payloads.length }, "NOTIFY failed");
    });
  }

  private receive(channel: string, payload: string | undefined): void {
    if (!payload) return;
    let body: { origin?: string; event?: LiveEvent; events?: LiveEvent[] };
    try {
      body = JSON.parse(payload) as typeof body;
    } catch {
      return;
    }
    if (body.origin === this.origin) return;
    if (channel === this.eventsChannel) {
      // `event`: one event per NOTIFY, as processes of earlier versions send them.
      for (const event of body.events ?? (body.event ? [body.event] : [])) this.ctx.events.deliver(event);
    }
    if (channel === this.jobsChannel) this.onJobs();
  }
}
