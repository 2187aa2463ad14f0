import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LiveEvent } from "../../platform/events.js";
import { describeBrowser, launchBrowser } from "../../test/browser.js";
import { OWNER, signInCookie, type TestServer } from "../../test/harness.js";
import {
  personaSends,
  personaTaps,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../../whatsapp/simulator/simulator.testing.js";

// How many API requests each screen of the agent app makes: a handful when it opens, none while nothing
// changes, and one reload per live event that concerns it. A screen whose data hook re-creates itself on
// every render (issue 19: /app/premium asked for the engagement list hundreds of times a second) fails here.

/** API requests a screen may make until it is quiet, counting the session, the nav probes and live updates. */
const OPEN_BUDGET = 20;
/** How long a screen must stay without API requests to count as settled, and how long it is then watched. */
const QUIET_MS = 1000;
const SETTLE_LIMIT_MS = 8000;
const IDLE_MS = 1500;

const AGENT = { email: "ana@example.com", name: "Ana", password: "agent-password-1" };

interface Counted {
  screen: string;
  opening: number;
  idle: number;
}

interface Recorded {
  /** Every API request of the page, as "METHOD /path?query", in the order Chromium sent them. */
  seen: string[];
  /** Requests not answered yet (the live event stream, which never ends, aside). */
  pending: Set<unknown>;
}

function recordApiRequests(page: Page): Recorded {
  const recorded: Recorded = { seen: [], pending: new Set() };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith("/api/")) return;
    recorded.seen.push(`${request.method()} ${url.pathname}${url.search}`);
    if (url.pathname !== "/api/v1/events") recorded.pending.add(request);
  });
  page.on("requestfinished", (request) => recorded.pending.delete(request));
  page.on("requestfailed", (request) => recorded.pending.delete(request));
  return recorded;
}

/** Waits until every request is answered and no new one started for QUIET_MS (or SETTLE_LIMIT_MS passed). */
async function settled({ seen, pending }: Recorded): Promise<void> {
  const started = Date.now();
  let count = -1;
  let since = Date.now();
  while (Date.now() - started < SETTLE_LIMIT_MS) {
    if (seen.length !== count || pending.size > 0) {
      count = seen.length;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeBrowser("API requests of the agent app's screens in Chromium", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  const ids = { presales: "", premium: "", ticket: "", customer: "", license: "", engagement: "", mail: "" };

  async function getJson<T>(cookie: string, url: string): Promise<T> {
    const res = await t.server.app.inject({ method: "GET", url, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }

  beforeAll(async () => {
    t = await startSimulatorServer("sqlite", { demo: true });
    browser = await launchBrowser();
    const owner = await signInCookie(t.server);
    const created = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { cookie: owner },
      payload: { ...AGENT, role: "agent" },
    });
    const agentId = (created.json() as { id: string }).id;
    // The owner opens premium work to the agent, so the agent's app has every screen too.
    const opened = await t.server.app.inject({
      method: "PUT",
      url: "/api/v1/settings/premium",
      headers: { cookie: owner },
      payload: {
        ...(await getJson<{ premium: object }>(owner, "/api/v1/settings")).premium,
        openToAgentIds: [agentId],
      },
    });
    expect(opened.statusCode).toBe(200);

    // A pre-sales conversation and a premium one with a requested engagement.
    await personaSends(t.server, "carlos", "Hola, ¿el módulo de filtros funciona con OpenCart 4?");
    await waitForBusinessMessage(t.server, "carlos");
    await personaSends(t.server, "john", "Hi, my checkout is broken and I need urgent help", {
      to: "premium",
    });
    await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => m.content.type === "list",
    });
    await personaTaps(t.server, "john", "service:urgent_critical", { to: "premium" });
    for (let i = 0; i < 100 && !ids.engagement; i++) {
      const engagements = await getJson<{ data: { id: string }[] }>(owner, "/api/v1/engagements");
      ids.engagement = engagements.data[0]?.id ?? "";
      if (!ids.engagement) await new Promise((r) => setTimeout(r, 100));
    }

    const conversations = await getJson<{ data: { id: string; role: string }[] }>(
      owner,
      "/api/v1/conversations",
    );
    ids.presales = conversations.data.find((c) => c.role === "presales")?.id ?? "";
    ids.premium = conversations.data.find((c) => c.role === "premium")?.id ?? "";
    ids.ticket = (await getJson<{ data: { id: string }[] }>(owner, "/api/v1/tickets")).data[0]?.id ?? "";
    ids.customer = (await getJson<{ data: { id: string }[] }>(owner, "/api/v1/customers")).data[0]?.id ?? "";
    ids.license = (await getJson<{ data: { key: string }[] }>(owner, "/api/v1/licenses")).data[0]?.key ?? "";
    ids.mail = (await getJson<{ data: { id: string }[] }>(owner, "/api/v1/dev-mail")).data[0]?.id ?? "";
    for (const [name, id] of Object.entries(ids)) if (!id) throw new Error(`no demo ${name}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  function screens(role: "owner" | "agent"): string[] {
    return [
      "/app",
      "/app/inbox",
      `/app/inbox/${ids.presales}`,
      `/app/inbox/${ids.premium}`,
      "/app/tickets",
      "/app/tickets/new",
      `/app/tickets/${ids.ticket}`,
      "/app/premium",
      `/app/premium/${ids.engagement}`,
      `/app/premium?conversation=${ids.premium}`,
      "/app/customers",
      "/app/customers/new",
      `/app/customers/${ids.customer}`,
      "/app/licenses",
      `/app/licenses/${encodeURIComponent(ids.license)}`,
      "/app/products",
      "/app/reports",
      "/app/mail",
      `/app/mail/${ids.mail}`,
      ...(role === "owner" ? ["/app/settings"] : []),
    ];
  }

  /** Opens a screen in a fresh signed-in browser context and counts its API requests: opening, then idle. */
  async function count(cookie: string, screen: string): Promise<Counted> {
    const context = await browser.newContext({ locale: "en-US" });
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: t.url }]);
    const page = await context.newPage();
    const recorded = recordApiRequests(page);
    const { seen } = recorded;
    await page.goto(`${t.url}${screen}`);
    await page.locator("main h1, main h2").first().waitFor();
    await settled(recorded);
    const opening = seen.length;
    await page.waitForTimeout(IDLE_MS);
    const idle = seen.length - opening;
    if (process.env.BEEDESK_REQUEST_LOG) console.info(screen, seen);
    await context.close();
    return { screen, opening, idle };
  }

  /** Every screen, a few at a time (each in its own context, so open event streams do not queue the rest). */
  async function countAll(role: "owner" | "agent", cookie: string): Promise<Counted[]> {
    const queue = screens(role);
    const counted: Counted[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let screen = queue.shift(); screen; screen = queue.shift())
          counted.push(await count(cookie, screen));
      }),
    );
    counted.sort((a, b) => screens(role).indexOf(a.screen) - screens(role).indexOf(b.screen));
    console.info(
      `API requests per screen (${role}):\n${counted.map((c) => `  ${c.screen}: ${c.opening} opening, ${c.idle} idle`).join("\n")}`,
    );
    return counted;
  }

  for (const [role, email, password] of [
    ["owner", OWNER.email, OWNER.password],
    ["agent", AGENT.email, AGENT.password],
  ] as const) {
    it(`as the ${role}: every screen makes a few requests when it opens and none while idle`, {
      timeout: 120_000,
    }, async () => {
      const counted = await countAll(role, await signInCookie(t.server, email, password));
      const over = counted.filter((c) => c.opening > OPEN_BUDGET || c.idle > 0);
      expect(over, `budget ${OPEN_BUDGET} while opening, 0 while idle`).toEqual([]);
    });
  }

  /** Opens a screen, waits until it is quiet, publishes one live event and returns what the screen asked then. */
  async function afterEvent(screen: string, event: LiveEvent): Promise<string[]> {
    const context = await browser.newContext({ locale: "en-US" });
    const [name, value] = (await signInCookie(t.server)).split("=") as [string, string];
    await context.addCookies([{ name, value, url: t.url }]);
    const page = await context.newPage();
    const recorded = recordApiRequests(page);
    const { seen } = recorded;
    // The server subscribes the stream before it answers, so after the response the event reaches the tab.
    const stream = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/events");
    await page.goto(`${t.url}${screen}`);
    await stream;
    await settled(recorded);
    const before = seen.length;
    t.server.ctx.events.publish(event);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(before);
    await settled(recorded);
    await context.close();
    return seen.slice(before);
  }

  it("reloads the premium list once per engagement event", async () => {
    const asked = await afterEvent("/app/premium", {
      type: "engagement.updated",
      audience: "premium",
      data: { id: ids.engagement, state: "requested" },
    });
    expect(asked).toEqual(["GET /api/v1/engagements"]);
  });

  it("reloads an open engagement once per event about it", async () => {
    const asked = await afterEvent(`/app/premium/${ids.engagement}`, {
      type: "engagement.updated",
      audience: "premium",
      data: { id: ids.engagement, state: "requested" },
    });
    expect(asked).toEqual([`GET /api/v1/engagements/${ids.engagement}`]);
  });

  it("reloads the inbox list and the open conversation once per new message", async () => {
    const id = ids.presales;
    const asked = await afterEvent(`/app/inbox/${id}`, {
      type: "message.created",
      audience: "agents",
      data: { conversationId: id, direction: "in" },
    });
    expect(asked.sort()).toEqual(
      [
        "GET /api/v1/conversations",
        "GET /api/v1/conversations/counts",
        `GET /api/v1/conversations/${id}`,
        `GET /api/v1/conversations/${id}/customer`,
        `GET /api/v1/conversations/${id}/messages`,
        `GET /api/v1/conversations/${id}/notes`,
      ].sort(),
    );
  });
});
