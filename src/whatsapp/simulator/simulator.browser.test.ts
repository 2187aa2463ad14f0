import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../platform/paths.js";
import { describeBrowser, launchBrowser } from "../../test/browser.js";
import { signInCookie, type TestServer } from "../../test/harness.js";
import { buttonsMessage, listMessage } from "../outbound.js";
import { verifySignature } from "../signature.js";
import { SIMULATOR_DIST } from "./simulator.routes.js";
import { simulatorOf, startCaptureServer, startSimulatorServer } from "./simulator.testing.js";

// The simulator page in Chromium: a person picks or creates a customer, writes, and taps what the business sent.

function newest(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((entry) => newest(path.join(target, entry))));
}

/** The page is built with the agent app (vite.config.ts); rebuild just the page when its sources changed. */
function ensurePageBuilt(): void {
  const index = path.join(SIMULATOR_DIST, "index.html");
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newest(path.join(PROJECT_ROOT, "src", "whatsapp", "simulator", "page")),
    newest(path.join(PROJECT_ROOT, "src", "whatsapp", "simulator", "simulator.types.ts")),
    newest(path.join(PROJECT_ROOT, "src", "platform", "i18n")),
    newest(path.join(PROJECT_ROOT, "vite.simulator.config.ts")),
  );
  if (sources > built) {
    execFileSync(
      path.join(PROJECT_ROOT, "node_modules", ".bin", "vite"),
      ["build", "--config", "vite.simulator.config.ts", "--logLevel", "error"],
      { cwd: PROJECT_ROOT, stdio: "inherit" },
    );
  }
}

const TOKEN = "simulator-access-token";
const PRESALES_ID = "100000000000001";

describeBrowser("simulator page in Chromium", () => {
  let t: TestServer & { url: string };
  let browser: Browser;
  let capture: Awaited<ReturnType<typeof startCaptureServer>>;

  beforeAll(async () => {
    ensurePageBuilt();
    t = await startSimulatorServer("sqlite");
    capture = await startCaptureServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await capture?.close();
  });

  /** What beedesk's sender does: POST to the fake Graph API. */
  const businessSends = async (body: unknown) => {
    const res = await fetch(`${t.url}/simulator/graph/v23.0/${PRESALES_ID}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: { id: string }[] }).messages[0]!.id;
  };

  type Json = Record<string, unknown>;
  const values = () =>
    capture.requests.flatMap((r) =>
      (r.json as { entry: { changes: { value: Json }[] }[] }).entry.flatMap((e) =>
        e.changes.map((c) => c.value),
      ),
    );
  const inbound = () => values().flatMap((v) => (v.messages as Json[] | undefined) ?? []);
  const statuses = () => values().flatMap((v) => (v.statuses as Json[] | undefined) ?? []);

  const createPersona = async (page: Page, name: string, phone: string) => {
    await page.getByText("New customer").click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Phone (international)").fill(phone);
    await page.getByLabel("Language", { exact: true }).selectOption("en");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { level: 2, name: /Official \(pre-sales\)/ }).waitFor();
  };

  const write = async (page: Page, text: string) => {
    await page.getByLabel("Message", { exact: true }).fill(text);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    return page.locator(".bubble-row.mine").filter({ hasText: text });
  };

  it("picks a demo persona, writes to the pre-sales number and shows the message with its ticks", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    page.setDefaultTimeout(8000);
    await page.goto(`${t.url}/simulator?lang=en`);
    await page.getByRole("heading", { level: 1, name: "WhatsApp simulator" }).waitFor();
    await expect
      .poll(() => page.getByRole("radio", { name: /Official \(pre-sales\)/ }).isChecked())
      .toBe(true);
    await page.getByRole("button", { name: "Chat as John Carter" }).click();
    await page.getByRole("heading", { level: 2, name: /Official \(pre-sales\)/ }).waitFor();

    const bubble = await write(page, "Is installation included?");
    await bubble.waitFor();
    // ✓ once the simulator has it; ✓✓ once beedesk's webhook answered 200 (the real route, over HTTP).
    await bubble.getByRole("img", { name: /^(Sent|Delivered|Read)$/ }).waitFor();
    await bubble.getByRole("img", { name: /^(Delivered|Read)$/ }).waitFor();
    expect(
      simulatorOf(t.server)
        .chat("john", "presales")
        .some((m) => m.direction === "customer"),
    ).toBe(true);

    // A reload finds the conversation again.
    await page.reload();
    await page.locator(".bubble-row.mine").filter({ hasText: "Is installation included?" }).waitFor();
    await page.close();
  });

  it("plays Meta's side: reviews beedesk's templates, flags a number, and closes a customer's window", async () => {
    const owner = await signInCookie(t.server);
    const beedesk = async (method: "GET" | "POST", url: string) => {
      const res = await t.server.app.inject({
        method,
        url,
        headers: { cookie: owner, ...(method === "POST" ? { "content-type": "application/json" } : {}) },
        ...(method === "POST" ? { payload: "{}" } : {}),
      });
      return res.json();
    };
    const page = await browser.newPage({ locale: "en-US" });
    page.setDefaultTimeout(8000);
    await page.goto(`${t.url}/simulator?lang=en`);
    await page.getByText("Meta account (WhatsApp Manager)").click();
    await page.getByText("No templates yet.").waitFor();

    await beedesk("POST", "/api/v1/whatsapp/templates/starters");
    const quoteEn = page.locator('[data-template="beedesk_quote:en"]');
    await quoteEn.waitFor();
    await quoteEn.getByRole("button", { name: "Reject" }).click();
    await quoteEn.locator('[data-status="REJECTED"]').waitFor();
    await expect
      .poll(async () => {
        const list = (await beedesk("GET", "/api/v1/whatsapp/templates")).data as {
          name: string;
          language: string;
          status: string;
        }[];
        return list.find((x) => x.name === "beedesk_quote" && x.language === "en")?.status;
      })
      .toBe("REJECTED");

    const presales = page.locator('[data-number="presales"]');
    await presales.getByRole("combobox").selectOption("FLAGGED");
    await presales.getByRole("button", { name: "Send the quality webhook" }).click();
    await presales.getByText(/: RED · limit/).waitFor();
    await expect
      .poll(async () => {
        const status = await beedesk("GET", "/api/v1/whatsapp/status");
        return (status.numbers as { role: string; qualityRating: string | null }[]).find(
          (n) => n.role === "presales",
        )?.qualityRating;
      })
      .toBe("RED");

    await page.getByRole("button", { name: "Chat as John Carter" }).click();
    await (await write(page, "Are you there?")).getByRole("img", { name: /^(Delivered|Read)$/ }).waitFor();
    await page.getByRole("button", { name: "Customer quiet for a day" }).click();
    await page
      .getByTestId("sim-notice")
      .getByText(/John Carter has been quiet for 25 hours/)
      .waitFor();
    const conversations = (await beedesk("GET", "/api/v1/conversations")).data as {
      contact: { name: string | null };
      window: { open: boolean };
    }[];
    expect(conversations.find((c) => c.contact.name === "John Carter")?.window.open).toBe(false);
    await page.close();
  });

  it("creates a persona, then taps a reply button and a list row the business sent", async () => {
    simulatorOf(t.server).setWebhookUrl(capture.url);
    const page = await browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(8000);
    await page.goto(`${t.url}/simulator?lang=en`);
    await createPersona(page, "Zoe Tester", "+44 7700 900777");
    const first = await write(page, "Hello, a question before buying");
    await first.getByRole("img", { name: /^(Sent|Delivered|Read)$/ }).waitFor();
    await expect.poll(() => capture.requests.length).toBeGreaterThan(0);

    const businessId = await businessSends(
      buttonsMessage("447700900777", {
        body: "What do you need?",
        buttons: [
          { id: "route:presales", title: "Pre-sales question" },
          { id: "route:premium", title: "Premium support" },
        ],
      }),
    );
    await page.getByRole("button", { name: "Premium support" }).click();
    await expect.poll(() => inbound().some((m) => m.type === "interactive")).toBe(true);
    const reply = capture.requests.find((r) => r.raw.includes("button_reply"))!;
    expect(
      verifySignature(reply.raw, reply.headers["x-hub-signature-256"] as string, "simulator-app-secret"),
    ).toBe(true);
    expect(inbound().find((m) => m.type === "interactive")).toMatchObject({
      from: "447700900777",
      type: "interactive",
      context: { id: businessId },
      interactive: { type: "button_reply", button_reply: { id: "route:premium", title: "Premium support" } },
    });
    await page.getByText("You chose: Premium support").waitFor();

    // The chat is on screen, so the business's message was read: a signed "read" status went out.
    await expect.poll(() => statuses().some((s) => s.id === businessId && s.status === "read")).toBe(true);

    await businessSends(
      listMessage("447700900777", {
        body: "Choose the service",
        button: "Services",
        sections: [
          {
            title: "Premium",
            rows: [
              { id: "service:consultation", title: "Consultation", description: "15 USD/h" },
              { id: "service:support", title: "Technical support", description: "20 USD/h" },
            ],
          },
        ],
      }),
    );
    await page.getByRole("button", { name: "Services" }).click();
    await page.getByRole("radio", { name: /Technical support/ }).check();
    await page.getByRole("dialog").getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() =>
        inbound().find((m) => (m.interactive as { type?: string } | undefined)?.type === "list_reply"),
      )
      .toMatchObject({ interactive: { list_reply: { id: "service:support", title: "Technical support" } } });
    await page.close();
  });
});
