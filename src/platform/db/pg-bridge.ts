import pg from "pg";
import type { AppContext } from "../context.js";
import type { LiveEvent } from "../events.js";
import { randomToken } from "../ids.js";

// NOTIFY payloads are limited to 8000 bytes; live events carry ids, not documents.
const MAX_PAYLOAD = 7900;

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
    this.ctx.events.onForward((event) => this.notify(this.eventsChannel, { origin: this.origin, event }));
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

  private notify(channel: string, body: { origin: string; event?: LiveEvent }): void {
    let payload = JSON.stringify(body);
    if (payload.length > MAX_PAYLOAD && body.event) {
      payload = JSON.stringify({ origin: body.origin, event: { ...body.event, data: { truncated: true } } });
    }
    const pool = this.ctx.db.pool;
    if (!pool) return;
    pool.query("select pg_notify($1, $2)", [channel, payload]).catch((error: unknown) => {
      this.ctx.log.warn({ err: error, channel }, "NOTIFY failed");
    });
  }

  private receive(channel: string, payload: string | undefined): void {
    if (!payload) return;
    let body: { origin?: string; event?: LiveEvent };
    try {
      body = JSON.parse(payload) as typeof body;
    } catch {
      return;
    }
    if (body.origin === this.origin) return;
    if (channel === this.eventsChannel && body.event) this.ctx.events.deliver(body.event);
    if (channel === this.jobsChannel) this.onJobs();
  }
}
