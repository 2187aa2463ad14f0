import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { newId } from "../../platform/ids.js";
import { signBody } from "../signature.js";
import type { DeliveryLogEntry } from "./simulator.types.js";

/**
 * Serialises a webhook payload the way Meta does: every non-ASCII character as a \uXXXX escape (UTF-16, so an
 * emoji is a surrogate pair) and "/" as "\/". The signature covers exactly these bytes, so a receiver that
 * re-serialises the parsed JSON before checking it fails here just as it would in production.
 */
export function encodeLikeMeta(payload: unknown): Buffer {
  const json = JSON.stringify(payload)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\//g, "\\/");
  return Buffer.from(json, "utf8");
}

export function webhookHeaders(body: Buffer, appSecret: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "facebookexternalua",
    "x-hub-signature-256": signBody(body, appSecret),
    "x-hub-signature": `sha1=${createHmac("sha1", appSecret).update(body).digest("hex")}`,
  };
}

/**
 * This server's own webhook URL from the address it is bound to, or undefined before it listens. Preferred to
 * PUBLIC_URL, which may be a tunnel or (in tests on port 0) a port nothing listens on.
 */
export function boundAddressTarget(server: Server): WebhookTarget | undefined {
  const address = server.listening ? server.address() : null;
  if (!address || typeof address !== "object") return undefined;
  const host =
    address.address === "0.0.0.0" || address.address === "::"
      ? "127.0.0.1"
      : address.family === "IPv6"
        ? `[${address.address}]`
        : address.address;
  return { kind: "url", url: `http://${host}:${address.port}/webhooks/whatsapp` };
}

/** Where a webhook goes: an absolute URL (fetch), or straight into this process's Fastify app. */
export type WebhookTarget = { kind: "url"; url: string } | { kind: "inject" };

export type InjectWebhook = (
  body: Buffer,
  headers: Record<string, string>,
) => Promise<{ status: number; body: string }>;

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  httpStatus?: number;
  error?: string;
}

export interface DeliveryRequest {
  payload: unknown;
  kind: DeliveryLogEntry["kind"];
  summary: string;
  at: string;
}

export interface DelivererOptions {
  appSecret: string;
  target: () => WebhookTarget;
  inject: InjectWebhook;
  /** Waits between attempts; Meta retries for days, a development tool gives up sooner. */
  retryDelaysMs: number[];
  timeoutMs: number;
  onLog: (entry: DeliveryLogEntry) => void;
}

const RESPONSE_EXCERPT = 300;

/**
 * Posts signed webhooks like Meta: each attempt must get a 200 within the timeout, otherwise it is retried.
 * Deliveries with the same key (one chat) go out one after another, so a message's statuses arrive in order.
 */
export class WebhookDeliverer {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: DelivererOptions) {}

  /**
   * Queues one webhook. `build` runs when the delivery's turn comes (after `delayMs`), so its timestamp is the
   * moment it leaves, as with Meta.
   */
  deliver(key: string, build: () => DeliveryRequest, delayMs = 0): Promise<DeliveryOutcome> {
    const previous = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined);
    const run = previous.then(async () => {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.stopping.signal }).catch(() => {});
      return this.attemptAll(build());
    });
    this.queues.set(key, run);
    const forget = () => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  /** Resolves once every queued delivery has finished (tests use it to wait for quiet). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  stop(): void {
    this.stopping.abort();
  }

  private async attemptAll({ payload, ...meta }: DeliveryRequest): Promise<DeliveryOutcome> {
    const body = encodeLikeMeta(payload);
    const headers = webhookHeaders(body, this.options.appSecret);
    let outcome: DeliveryOutcome = { ok: false, attempts: 0, error: "not attempted" };
    let targetLabel = "";
    for (let attempt = 0; attempt <= this.options.retryDelaysMs.length; attempt++) {
      if (this.stopping.signal.aborted) {
        outcome = { ...outcome, ok: false, error: "simulator stopped" };
        break;
      }
      if (attempt > 0) {
        try {
          await sleep(this.options.retryDelaysMs[attempt - 1], undefined, { signal: this.stopping.signal });
        } catch {
          outcome = { ...outcome, ok: false, error: "simulator stopped" };
          break;
        }
      }
      const target = this.options.target();
      targetLabel = target.kind === "url" ? target.url : "in-process";
      const result = await this.post(target, body, headers);
      outcome = { ...result, attempts: attempt + 1 };
      if (outcome.ok) break;
    }
    this.options.onLog({
      id: newId(),
      at: meta.at,
      kind: meta.kind,
      summary: meta.summary,
      target: targetLabel,
      attempts: outcome.attempts,
      ok: outcome.ok,
      ...(outcome.httpStatus !== undefined && { httpStatus: outcome.httpStatus }),
      ...(outcome.error !== undefined && { error: outcome.error }),
    });
    return outcome;
  }

  private async post(
    target: WebhookTarget,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<Omit<DeliveryOutcome, "attempts">> {
    try {
      const response =
        target.kind === "inject"
          ? await this.options.inject(body, headers)
          : await fetch(target.url, {
              method: "POST",
              headers,
              body: new Uint8Array(body),
              redirect: "manual",
              signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopping.signal]),
            }).then(async (r) => ({ status: r.status, body: await r.text() }));
      if (response.status === 200) return { ok: true, httpStatus: 200 };
      return {
        ok: false,
        httpStatus: response.status,
        error: `HTTP ${response.status}: ${response.body.slice(0, RESPONSE_EXCERPT)}`,
      };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return { ok: false, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  }
}
