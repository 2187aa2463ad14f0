import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { buildTextPayload, wamid } from "./fixtures.js";
import { agentReadableReason } from "./graph-response.js";
import { postWebhook, whatsappEnv } from "./test-support.js";

// A soak run of the Graph API failing in every way the Cloud API fails — HTTP 5xx, requests that hang and drop,
// throughput (130429) and pair (131056) rate limits — while a backlog of greetings builds up, then recovering.
// Two recipients' errors are permanent (131047 window closed, 131026 undeliverable). Retries are driven by a test
// clock (Meta's backoffs run to minutes), the Graph API stand-in is a real HTTP server.

type Mode = "ok" | "http500" | "hang" | "throughput" | "pair" | "window" | "undeliverable";

class FlakyGraph {
  /** recipient → what the next send to them gets; "ok" once recovered. */
  mode: (to: string, attempt: number) => Mode = () => "ok";
  readonly attempts = new Map<string, number>();
  /** Sends the stand-in accepted (200 with a wamid), per recipient. */
  readonly accepted = new Map<string, string[]>();
  private server: http.Server | undefined;
  private n = 0;
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { to?: string; status?: string };
        if (body.status === "read") return json(res, 200, { success: true });
        const to = body.to ?? "";
        const attempt = (this.attempts.get(to) ?? 0) + 1;
        this.attempts.set(to, attempt);
        const graphError = (status: number, code: number) =>
          json(res, status, {
            error: { message: `(#${code}) error`, type: "OAuthException", code, fbtrace_id: "A" },
          });
        switch (this.mode(to, attempt)) {
          case "http500":
            return json(res, 500, {
              error: { message: "An unexpected error has occurred.", type: "OAuthException" },
            });
          case "hang":
            // No answer, then the connection drops: the request was not accepted.
            setTimeout(() => req.socket.destroy(), 200);
            return;
          case "throughput":
            return graphError(400, 130429);
          case "pair":
            return graphError(400, 131056);
          case "window":
            return graphError(400, 131047);
          case "undeliverable":
            return graphError(400, 131026);
          default: {
            const id = `wamid.SOAK${String(++this.n).padStart(6, "0")}`;
            this.accepted.set(to, [...(this.accepted.get(to) ?? []), id]);
            return json(res, 200, {
              messaging_product: "whatsapp",
              contacts: [{ input: to, wa_id: to }],
              messages: [{ id }],
            });
          }
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const TRANSIENT: Mode[] = ["http500", "hang", "throughput", "pair"];
const CONTACTS = 24;

describeEachDatabase("sending through a failing Graph API (soak)", (dialect) => {
  let graph: FlakyGraph;
  let t: TestServer;
  let clock: TestClock;

  beforeAll(async () => {
    graph = await new FlakyGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url), clock });
  });
  afterEach(async () => t.close());

  const contact = (i: number) => String(34620000000 + i);
  const windowClosed = contact(0);
  const undeliverable = contact(1);

  it("drains the backlog once the Graph API recovers, sends nothing twice, and shows permanent failures to agents", async () => {
    graph.mode = (to, attempt) => {
      if (to === windowClosed) return "window";
      if (to === undeliverable) return "undeliverable";
      return TRANSIENT[(Number(to.slice(-2)) + attempt) % TRANSIENT.length]!;
    };
    for (let i = 0; i < CONTACTS; i++) {
      const res = await postWebhook(
        t.server,
        buildTextPayload({
          from: contact(i),
          wamid: wamid(`soak${i}`),
          text: "Hola",
          timestamp: clock.now(),
        }),
      );
      expect(res.statusCode).toBe(200);
    }
    const worker = t.server.worker!;

    // The outage: every due retry fails again, for ten minutes of (test) time.
    for (let round = 0; round < 5; round++) {
      await worker.drain();
      clock.advance(2 * 60_000);
    }
    const during = await outbound();
    expect(during).toHaveLength(CONTACTS);
    expect(during.filter((m) => m.status === "queued").length).toBe(CONTACTS - 2);
    expect([...graph.accepted.values()].flat()).toEqual([]);
    for (let i = 2; i < CONTACTS; i++) expect(graph.attempts.get(contact(i))).toBeGreaterThanOrEqual(3);

    // Recovery: the longest backoff so far is the pair limit's 4^5 s; an hour later everything is due.
    graph.mode = () => "ok";
    for (let round = 0; round < 3; round++) {
      clock.advance(30 * 60_000);
      await worker.drain();
    }

    const after = await outbound();
    for (const m of after.filter((x) => x.to !== windowClosed && x.to !== undeliverable)) {
      const accepted = graph.accepted.get(m.to) ?? [];
      expect(accepted, `sends to ${m.to}`).toHaveLength(1);
      expect(m.status).toBe("sent");
      expect(m.wamid).toBe(accepted[0]);
    }
    const jobs = await t.server.ctx.db.kysely
      .selectFrom("jobs")
      .select(["type", "status"])
      .where("status", "in", ["pending", "running", "dead"])
      .execute();
    expect(jobs).toEqual([]);

    // Permanent failures: marked failed after one try, with a reason an agent can act on, in the API.
    const cookie = await signInCookie(t.server);
    for (const [to, code] of [
      [windowClosed, 131047],
      [undeliverable, 131026],
    ] as const) {
      expect(graph.attempts.get(to)).toBe(1);
      const m = after.find((x) => x.to === to)!;
      expect(m).toMatchObject({ status: "failed", errorCode: code });
      const res = await t.server.app.inject({
        method: "GET",
        url: `/api/v1/conversations/${m.conversationId}/messages`,
        headers: { cookie },
      });
      const shown = (res.json() as { data: Array<Record<string, unknown>> }).data.find((x) => x.id === m.id);
      expect(shown).toMatchObject({
        status: "failed",
        errorCode: code,
        errorReason: agentReadableReason(code, "en"),
      });
    }
    expect(agentReadableReason(131047, "en")).toMatch(/24-hour window/);
    expect(agentReadableReason(131026, "en")).toMatch(/could not be delivered/);
  });

  async function outbound() {
    const rows = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .innerJoin("conversations", "conversations.id", "messages.conversation_id")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select([
        "messages.id",
        "messages.conversation_id",
        "messages.status",
        "messages.wamid",
        "messages.error_code",
        "contacts.wa_id",
      ])
      .where("messages.direction", "=", "out")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      status: r.status,
      wamid: r.wamid,
      errorCode: r.error_code === null ? null : Number(r.error_code),
      to: r.wa_id ?? "",
    }));
  }
});
