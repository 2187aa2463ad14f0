import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { randomToken } from "../../platform/ids.js";
import type { BeedeskServer } from "../../server.js";

// A local stand-in for Stripe's API that the real `stripe` client talks to (STRIPE_API_BASE): it creates
// Checkout Sessions from the client's form-encoded requests, and builds the events Stripe would send,
// signed as Stripe documents (t=…,v1=HMAC-SHA256 of "t.payload" with the endpoint secret).

export const STRIPE_SECRET = "sk_test_beedesk_standin";
export const STRIPE_WEBHOOK_SECRET = "whsec_beedesk_standin";

export interface StandinSession {
  id: string;
  object: "checkout.session";
  url: string;
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  payment_intent: string | null;
  expires_at: number;
  success_url: string;
  cancel_url: string;
}

export interface StandinRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  form: Record<string, string>;
}

export class StripeStandin {
  readonly requests: StandinRequest[] = [];
  readonly sessions = new Map<string, StandinSession>();
  /** Refunds made, by Idempotency-Key (as Stripe does, a repeated key answers the first refund again). */
  readonly refunds = new Map<
    string,
    { id: string; payment_intent: string; amount: number; status: string }
  >();
  private server: http.Server | undefined;
  private readonly signer = new Stripe("sk_test_signer");
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
        const header = (name: string) => {
          const v = req.headers[name];
          return typeof v === "string" ? v : undefined;
        };
        this.requests.push({
          method: req.method ?? "",
          path: req.url ?? "",
          authorization: header("authorization"),
          idempotencyKey: header("idempotency-key"),
          form,
        });
        res.setHeader("content-type", "application/json");
        if (req.method === "POST" && req.url === "/v1/refunds") {
          res.end(JSON.stringify(this.refund(form, header("idempotency-key"))));
          return;
        }
        if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
          const session = this.create(form);
          res.end(JSON.stringify(session));
          return;
        }
        res.statusCode = 404;
        res.end(
          JSON.stringify({ error: { type: "invalid_request_error", message: "Unrecognized request URL" } }),
        );
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The environment that points beedesk's Stripe client here. */
  env(): Record<string, string> {
    return { STRIPE_SECRET_KEY: STRIPE_SECRET, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: this.url };
  }

  private create(form: Record<string, string>): StandinSession {
    const id = `cs_test_${randomToken(24)}`;
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      const m = /^metadata\[(\w+)\]$/.exec(k);
      if (m?.[1]) metadata[m[1]] = v;
    }
    const session: StandinSession = {
      id,
      object: "checkout.session",
      url: `https://checkout.stripe.test/c/pay/${id}`,
      amount_total: Number(form["line_items[0][price_data][unit_amount]"] ?? 0),
      currency: form["line_items[0][price_data][currency]"] ?? "usd",
      metadata,
      client_reference_id: form.client_reference_id ?? null,
      payment_status: "unpaid",
      status: "open",
      payment_intent: null,
      expires_at: Math.floor(Date.now() / 1000) + 86_400,
      success_url: form.success_url ?? "",
      cancel_url: form.cancel_url ?? "",
    };
    this.sessions.set(id, session);
    return session;
  }

  private refund(form: Record<string, string>, key = randomToken(12)) {
    const done = this.refunds.get(key);
    if (done) return { object: "refund", ...done };
    const refund = {
      id: `re_test_${randomToken(24)}`,
      payment_intent: form.payment_intent ?? "",
      amount: Number(form.amount ?? 0),
      status: "succeeded",
    };
    this.refunds.set(key, refund);
    return { object: "refund", ...refund };
  }

  session(id: string): StandinSession {
    const found = this.sessions.get(id);
    if (!found) throw new Error(`no stand-in session ${id}`);
    return found;
  }

  /** The customer paid: the checkout.session.completed event Stripe sends. */
  completed(sessionId: string): Stripe.Event {
    const session = this.session(sessionId);
    session.payment_status = "paid";
    session.status = "complete";
    session.payment_intent ??= `pi_test_${randomToken(24)}`;
    return this.event("checkout.session.completed", { ...session });
  }

  expired(sessionId: string): Stripe.Event {
    const session = this.session(sessionId);
    if (session.status === "open") session.status = "expired";
    return this.event("checkout.session.expired", { ...session });
  }

  /** A refund of the session's charge: charge.refunded carries the running total refunded. */
  refunded(sessionId: string, amountRefunded: number): Stripe.Event {
    const session = this.session(sessionId);
    return this.event("charge.refunded", {
      id: `ch_test_${sessionId.slice(-12)}`,
      object: "charge",
      amount: session.amount_total,
      amount_refunded: amountRefunded,
      currency: session.currency,
      payment_intent: session.payment_intent,
      refunded: amountRefunded >= session.amount_total,
    });
  }

  private event(type: string, object: unknown): Stripe.Event {
    return {
      id: `evt_test_${randomToken(24)}`,
      object: "event",
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      api_version: "2025-01-01",
      data: { object },
    } as unknown as Stripe.Event;
  }

  /** The body and Stripe-Signature header of an event, signed with the endpoint secret. */
  sign(event: Stripe.Event, secret = STRIPE_WEBHOOK_SECRET): { payload: string; signature: string } {
    const payload = JSON.stringify(event);
    return { payload, signature: this.signer.webhooks.generateTestHeaderString({ payload, secret }) };
  }

  /** Delivers an event to beedesk's POST /webhooks/stripe, as Stripe does. */
  async deliver(server: BeedeskServer, event: Stripe.Event, secret?: string) {
    const { payload, signature } = this.sign(event, secret);
    const res = await server.app.inject({
      method: "POST",
      url: "/webhooks/stripe",
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature },
      payload,
    });
    return { status: res.statusCode, body: res.json() as { received?: boolean; outcome?: string } };
  }
}
