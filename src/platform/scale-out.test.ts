import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../test/harness.js";
import { buildTextPayload, FIXTURE, wamid } from "../whatsapp/fixtures.js";
import { signBody } from "../whatsapp/signature.js";
import { ACCESS_TOKEN, APP_SECRET, FakeGraph, VERIFY_TOKEN } from "../whatsapp/test-support.js";
import { randomToken } from "./ids.js";
import { PROJECT_ROOT } from "./paths.js";

// Two real `beedesk serve` processes on one PostgreSQL database (a fresh schema) behave as one desk: webhooks sent
// to either — the same delivery to both at once included — are stored once, each greeting goes out once, and a
// session made on one process works on the other. Runs only with TEST_DATABASE_URL.
const BASE_URL = process.env.TEST_DATABASE_URL;
const CONTACTS = 30;
/** Of those, the first ones are delivered to both processes at the same moment (Meta retries, two load balancer paths). */
const TWICE = 10;

describe.skipIf(!BASE_URL)("two beedesk processes on one PostgreSQL database", () => {
  const schema = `scale_${randomToken(10)}`;
  const dataDir = tempDir("beedesk-scale-");
  const graph = new FakeGraph();
  const processes: ChildProcess[] = [];
  const urls: string[] = [];
  let admin: pg.Client;

  const databaseUrl = () => {
    const url = new URL(BASE_URL!);
    url.searchParams.set("options", `-c search_path=${schema}`);
    return url.toString();
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await graph.start();
    // One after the other, as a rolling deploy adds processes: the first migrates and creates the owner.
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          DATABASE_URL: databaseUrl(),
          // Shared storage for media and invoices: the same folder on every process.
          BEEDESK_DATA_DIR: dataDir,
          LOG_LEVEL: "error",
          NODE_ENV: "development",
          BEEDESK_SIMULATOR: "off",
          WHATSAPP_GRAPH_URL: graph.url,
          WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
          WHATSAPP_APP_SECRET: APP_SECRET,
          WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
          WHATSAPP_PRESALES_PHONE_NUMBER_ID: FIXTURE.presales.phoneNumberId,
          WHATSAPP_PRESALES_NUMBER: "+34 911 000 001",
          WHATSAPP_PREMIUM_PHONE_NUMBER_ID: FIXTURE.premium.phoneNumberId,
          WHATSAPP_PREMIUM_NUMBER: "+34 911 000 002",
          BEEDESK_ADMIN_EMAIL: "owner@example.com",
          BEEDESK_ADMIN_PASSWORD: "scale-out-password",
        },
      });
      processes.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, child);
      urls.push(url);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map(stop));
    await graph.stop();
    await admin?.query(`drop schema if exists ${schema} cascade`);
    await admin?.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const [a, b] = [() => urls[0]!, () => urls[1]!];
  const contact = (i: number) => String(34630000000 + i);

  it("accepts on one process a session made on the other", async () => {
    const signIn = await fetch(`${a()}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "owner@example.com", password: "scale-out-password" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("beedesk_session="))!
      .split(";")[0]!;
    const onB = await fetch(`${b()}/api/v1/conversations`, { headers: { cookie } });
    expect(onB.status).toBe(200);
    expect((await fetch(`${b()}/api/v1/conversations`)).status).toBe(401);
    const out = await fetch(`${b()}/api/v1/session`, {
      method: "DELETE",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${a()}/api/v1/conversations`, { headers: { cookie } })).status).toBe(401);
  });

  it("stores every inbound message once and sends every reply once, whichever process got the webhook", async () => {
    const post = (url: string, i: number) => {
      const body = JSON.stringify(
        buildTextPayload({
          from: contact(i),
          wamid: wamid(`scale${i}`),
          text: "Hola",
          timestamp: new Date(),
        }),
      );
      return fetch(`${url}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signBody(body, APP_SECRET) },
        body,
      }).then((r) => r.status);
    };
    const statuses = await Promise.all(
      Array.from({ length: CONTACTS }, (_, i) =>
        i < TWICE ? Promise.all([post(a(), i), post(b(), i)]) : post(i % 2 ? a() : b(), i),
      ),
    );
    expect(statuses.flat().every((s) => s === 200)).toBe(true);

    const ours = (to: unknown) => typeof to === "string" && to.startsWith("3463");
    const greeted = () =>
      new Set(
        graph
          .sends()
          .map((s) => (s.body as { to?: string }).to)
          .filter(ours),
      );
    const deadline = Date.now() + 60_000;
    while (greeted().size < CONTACTS && Date.now() < deadline) await sleep(200);
    // Let both workers settle: anything claimed twice would show up as a second send now.
    let open = 1;
    while (open > 0 && Date.now() < deadline) {
      await sleep(300);
      open = Number(
        (await admin.query(`select count(*) as n from ${schema}.jobs where status in ('pending', 'running')`))
          .rows[0].n,
      );
    }
    expect(open).toBe(0);

    const inbound = await admin.query<{ wamid: string; n: string }>(
      `select wamid, count(*) as n from ${schema}.messages where direction = 'in' and wamid like '%scale%' group by wamid`,
    );
    expect(inbound.rows).toHaveLength(CONTACTS);
    expect(inbound.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const conversations = await admin.query(
      `select count(*) as n from ${schema}.conversations v join ${schema}.contacts c on c.id = v.contact_id
       where c.wa_id like '3463%'`,
    );
    expect(Number(conversations.rows[0].n)).toBe(CONTACTS);

    const sends = graph.sends().filter((s) => ours((s.body as { to?: string }).to));
    const perContact = new Map<string, number>();
    for (const s of sends) {
      const to = (s.body as { to: string }).to;
      perContact.set(to, (perContact.get(to) ?? 0) + 1);
    }
    expect(perContact.size).toBe(CONTACTS);
    expect([...perContact.values()].every((n) => n === 1)).toBe(true);
    const outbound = await admin.query(
      `select count(*) as n from ${schema}.messages where direction = 'out' and wamid is not null and status = 'sent'`,
    );
    expect(Number(outbound.rows[0].n)).toBeGreaterThanOrEqual(CONTACTS);
    const dead = await admin.query(`select count(*) as n from ${schema}.jobs where status = 'dead'`);
    expect(Number(dead.rows[0].n)).toBe(0);
  }, 90_000);
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`beedesk exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${url} was not ready in 60 s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
