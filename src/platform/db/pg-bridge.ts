import pg from "pg";
import type { AppContext } from "../context.js";
import type { LiveEvent } from "../events.js";
import { randomToken } from "../ids.js";

// NOTIFY payloads are limited to 8000 bytes; live events carry ids, not documents.
const MAX_PAYLOAD = 7900;
/** NOTIFYs sent in one statement at most. */
const MAX_PER_STATEMENT = 50;

/**
 * Makes several beedesk processes on one PostgreSQL database act as one desk: live events published in
 * one process reach agents connected to any other (LISTEN/NOTIFY), and enqueued jobs wake the workers of
 * every process instead of waiting for their next poll.
 */
export class PgBridge {
  private readonly origin = randomToken(10);
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private jobsNotifyPending = false;
  /** Live events of this turn of the event loop, sent together (one NOTIFY round trip, not one per event). */
  private pendingEvents: LiveEvent[] = [];
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
      if (this.pendingEvents.length === 1) setImmediate(() => this.flushEvents());
    });
    // Coalesce: a burst of enqueues sends one NOTIFY, not one per job.
    this.ctx.outbox.onWake(() => {
      if (this.jobsNotifyPending) return;
      this.jobsNotifyPending = true;
      setImmediate(() => {
        this.jobsNotifyPending = false;
        this.notify(this.jobsChannel, { origin: this.origin });
      });
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

  /**
   * The events of one turn in as few NOTIFYs as their size allows, all in ONE statement: under load the policy
   * publishes several events per message, and a round trip (and a commit on the notify queue) for each cost
   * more than the work they describe.
   */
  private flushEvents(): void {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    const payloads: string[] = [];
    let batch: string[] = [];
    let size = 0;
    const close = () => {
      if (batch.length > 0)
        payloads.push(`{"origin":${JSON.stringify(this.origin)},"events":[${batch.join(",")}]}`);
      batch = [];
      size = 0;
    };
    for (const event of events) {
      let json = JSON.stringify(event);
      if (json.length > MAX_PAYLOAD - 100) json = JSON.stringify({ ...event, data: { truncated: true } });
      if (size + json.length + 1 > MAX_PAYLOAD - 100) close();
      batch.push(json);
      size += json.length + 1;
    }
    close();
    for (let i = 0; i < payloads.length; i += MAX_PER_STATEMENT) {
      this.send(this.eventsChannel, payloads.slice(i, i + MAX_PER_STATEMENT));
    }
  }

  private notify(channel: string, body: { origin: string }): void {
    this.send(channel, [JSON.stringify(body)]);
  }

  private send(channel: string, payloads: string[]): void {
    const pool = this.ctx.db.pool;
    if (!pool || payloads.length === 0) return;
    const calls = payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(", ");
    pool.query(`select ${calls}`, [channel, ...payloads]).catch((error: unknown) => {
      this.ctx.log.warn({ err: error, channel }, "NOTIFY failed");
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
      if (body.event) this.ctx.events.deliver(body.event);
      for (const event of body.events ?? []) this.ctx.events.deliver(event);
    }
    if (channel === this.jobsChannel) this.onJobs();
  }
}
