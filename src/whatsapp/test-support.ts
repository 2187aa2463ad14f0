import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BeedeskServer } from "../server.js";
import { FIXTURE } from "./fixtures.js";
import { signBody } from "./signature.js";

// Shared by the WhatsApp tests: environment for a server on the fixture numbers, a signed webhook post,
// and a fake Graph API (the outside world is the only thing faked).

export const APP_SECRET = "test-app-secret";
export const VERIFY_TOKEN = "test-verify-token";
export const ACCESS_TOKEN = "test-access-token";

export function whatsappEnv(graphUrl?: string): Record<string, string> {
  return {
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_PRESALES_PHONE_NUMBER_ID: FIXTURE.presales.phoneNumberId,
    WHATSAPP_PREMIUM_PHONE_NUMBER_ID: FIXTURE.premium.phoneNumberId,
    ...(graphUrl ? { WHATSAPP_GRAPH_URL: graphUrl } : {}),
  };
}

export async function postWebhook(
  server: BeedeskServer,
  body: unknown,
  options: { signature?: string | null; raw?: string } = {},
) {
  const text = options.raw ?? (typeof body === "string" ? body : JSON.stringify(body));
  const signature = options.signature === undefined ? signBody(text, APP_SECRET) : options.signature;
  return server.app.inject({
    method: "POST",
    url: "/webhooks/whatsapp",
    headers: {
      "content-type": "application/json",
      ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    },
    payload: text,
  });
}

export interface GraphRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface GraphAnswer {
  status: number;
  body?: unknown;
  raw?: Buffer;
}

export type GraphHandler = (req: GraphRequest) => GraphAnswer | undefined | Promise<GraphAnswer | undefined>;

/** A stand-in for graph.facebook.com: records every request and answers like the Cloud API. */
export class FakeGraph {
  readonly requests: GraphRequest[] = [];
  /** Answers tried before the default (first match wins); push to script failures. */
  handlers: GraphHandler[] = [];
  private server: http.Server | undefined;
  private sent = 0;
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {}
        const record: GraphRequest = {
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body,
          at: Date.now(),
        };
        this.requests.push(record);
        let answer: GraphAnswer | undefined;
        for (const handler of this.handlers) {
          answer = await handler(record);
          if (answer) break;
        }
        answer ??= this.answer(record);
        if (answer.raw) {
          res.writeHead(answer.status, { "content-type": "application/octet-stream" });
          res.end(answer.raw);
          return;
        }
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests to POST …/messages, in arrival order. */
  sends(): GraphRequest[] {
    return this.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
  }

  private answer(req: GraphRequest): GraphAnswer {
    if (req.method === "POST" && req.path.endsWith("/messages")) {
      const body = req.body as { status?: string; to?: string; recipient?: string };
      if (body?.status === "read") return { status: 200, body: { success: true } };
      this.sent++;
      return {
        status: 200,
        body: {
          messaging_product: "whatsapp",
          contacts: [{ input: body?.to ?? body?.recipient, wa_id: body?.to }],
          messages: [{ id: `wamid.FAKE${String(this.sent).padStart(6, "0")}`, message_status: "accepted" }],
        },
      };
    }
    return { status: 404, body: { error: { message: "Unknown path", code: 100 } } };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export function graphError(status: number, code: number, message = "error"): GraphAnswer {
  return { status, body: { error: { message, type: "OAuthException", code, fbtrace_id: "AbC" } } };
}
