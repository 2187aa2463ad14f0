import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { DEMO_CUSTOMERS } from "../../licenses/demo-data.js";
import { browserSuite, describeBrowser, signInWithForm } from "../../test/browser.js";
import { signInCookie } from "../../test/harness.js";
import {
  personaSends,
  personaTaps,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../../whatsapp/simulator/simulator.testing.js";

const PHONE = { width: 390, height: 844 };
const LONG = `Hola, ${"necesito-ayuda-con-el-modulo-de-filtros-en-opencart-".repeat(3)} ¿podéis mirarlo? https://www.tiendalucia.es/index.php?route=product/category&path=20_27&filter=size_xl_red`;

// Issue 14, phone: every screen of the agent app fits a 390 px phone (no sideways scrolling), the navigation
// folds behind a menu button, the composer stays at the bottom, the customer panel opens as a drawer.
describeBrowser("the agent app on a 390 px phone", () => {
  const s = browserSuite(async () => {
    const t = await startSimulatorServer("sqlite", { demo: true });
    await personaSends(t.server, "carlos", LONG);
    await waitForBusinessMessage(t.server, "carlos", { timeoutMs: 15_000 });
    await personaSends(t.server, "john", "My checkout is broken, urgent please", { to: "premium" });
    await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => m.content.type === "list",
    });
    await personaTaps(t.server, "john", "service:urgent_critical", { to: "premium" });
    return t;
  });

  /** What sticks out past the right edge: the page's width, and the widest offenders by selector. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const width = window.innerWidth;
      const wide: string[] = [];
      for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= width + 1 || getComputedStyle(el).visibility === "hidden") continue;
        let clipped = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (
            (o === "auto" || o === "scroll" || o === "hidden") &&
            p.getBoundingClientRect().right <= width + 1
          ) {
            clipped = true;
            break;
          }
        }
        if (!clipped) wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
    });

  async function ids() {
    const { t } = s;
    const db = t.database.db.kysely;
    const customer = await db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", DEMO_CUSTOMERS.activeEs.email)
      .executeTakeFirstOrThrow();
    const license = await db
      .selectFrom("licenses")
      .select("id")
      .where("customer_id", "=", customer.id)
      .executeTakeFirstOrThrow();
    const product = await db.selectFrom("products").select("id").executeTakeFirstOrThrow();
    const cookie = await signInCookie(t.server);
    const made = await t.server.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: { cookie },
      payload: {
        customerId: customer.id,
        licenseId: license.id,
        category: "configuration",
        subject: `The size filter is missing ${"on-the-category-page-".repeat(4)}`,
        description: LONG,
      },
    });
    expect(made.statusCode).toBe(201);
    const conversation = await db.selectFrom("conversations").select("id").executeTakeFirstOrThrow();
    const engagement = await db.selectFrom("engagements").select("id").executeTakeFirstOrThrow();
    return {
      customer: customer.id,
      license: license.id,
      product: product.id,
      ticket: made.json().id as string,
      conversation: conversation.id,
      engagement: engagement.id,
    };
  }

  async function signedIn(viewport: { width: number; height: number }, path = "/app") {
    const page = await s.browser.newPage({ locale: "en-US", viewport });
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, `${s.t.url}${path}`);
    return page;
  }

  /** Waits until the screen has drawn its heading (a hidden list heading does not count). */
  const drawn = (page: Page) => page.locator("main h1:visible, main h2:visible").first().waitFor();

  it("fits every screen in 390 px without sideways scrolling", { timeout: 120_000 }, async () => {
    const id = await ids();
    const page = await signedIn(PHONE);
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();
    const routes = [
      "/app",
      "/app/inbox",
      `/app/inbox/${id.conversation}`,
      "/app/tickets",
      `/app/tickets/${id.ticket}`,
      "/app/premium",
      `/app/premium/${id.engagement}`,
      "/app/customers",
      `/app/customers/${id.customer}`,
      "/app/licenses",
      `/app/licenses/${encodeURIComponent(DEMO_CUSTOMERS.activeEs.licenses[0]!.key)}`,
      "/app/products",
      "/app/reports",
      "/app/mail",
      "/app/settings",
    ];
    const wide: Record<string, unknown> = {};
    for (const route of routes) {
      await page.goto(`${s.t.url}${route}`);
      await drawn(page);
      await page.locator("main").getByText("Loading…").first().waitFor({ state: "hidden" });
      const o = await overflow(page);
      if (o.scrollWidth > PHONE.width || o.wide.length > 0) wide[route] = o;
    }
    expect(wide).toEqual({});
  });

  /** The axis labels of every chart: none overlaps another, none leaves its chart, each is readable. */
  const chartLabels = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll("figure.chart svg")].map((svg) => {
        const box = svg.getBoundingClientRect();
        const labels = [...svg.querySelectorAll(".axes text")].map((e) => e.getBoundingClientRect());
        const overlaps = labels.filter((a, i) =>
          labels.some(
            (b, k) => k > i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom,
          ),
        ).length;
        const outside = labels.filter((l) => l.left < box.left - 1 || l.right > box.right + 1).length;
        const smallest = Math.min(...labels.map((l) => l.height));
        return { labels: labels.length, overlaps, outside, readable: smallest >= 10 };
      }),
    );

  for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
    it(`draws the reports' charts with readable labels that do not overlap (${viewport.width} px)`, async () => {
      const page = await signedIn(viewport, "/app/reports");
      await page.locator("figure.chart .axes text").first().waitFor();
      const charts = await chartLabels(page);
      expect(charts.length).toBeGreaterThan(2);
      for (const chart of charts) {
        expect(chart).toEqual({ labels: chart.labels, overlaps: 0, outside: 0, readable: true });
        expect(chart.labels).toBeGreaterThan(5);
      }
    });
  }

  it("folds the navigation behind a menu button that Escape and a chosen page close", async () => {
    const page = await signedIn(PHONE);
    await page.getByRole("heading", { name: "Welcome, Owner" }).waitFor();
    const menu = page.getByRole("button", { name: "Menu" });
    const customers = page.getByRole("navigation").getByRole("link", { name: "Customers" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await customers.isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await customers.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Home");
    await page.keyboard.press("Escape");
    await customers.waitFor({ state: "hidden" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Menu");

    await menu.click();
    await customers.click();
    await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await customers.isVisible()).toBe(false);
  });

  it("keeps the composer at the bottom and opens the customer and actions as a drawer", async () => {
    const page = await signedIn(PHONE, "/app/inbox");
    // The inbox filter's checkbox sits beside its words, not above them.
    const box = (await page.getByRole("checkbox", { name: "Needs a reply" }).boundingBox())!;
    const words = (await page.locator("label.check span").boundingBox())!;
    expect(words.x).toBeGreaterThan(box.x + box.width - 1);
    expect(Math.abs(words.y + words.height / 2 - (box.y + box.height / 2))).toBeLessThan(words.height / 2);
    await page.getByRole("link", { name: /Carlos Ruiz/ }).click();
    const conversation = page.getByRole("article", { name: "Carlos Ruiz" });
    const reply = conversation.getByRole("textbox", { name: /reply/i });
    await reply.waitFor();

    // Scrolled to the first message, then halfway: the composer stays whole on screen.
    for (const where of ["first", "middle"] as const) {
      await page.evaluate((w) => {
        if (w === "first") document.querySelector("ol.thread li")?.scrollIntoView({ block: "start" });
        else window.scrollTo(0, document.documentElement.scrollHeight / 2);
      }, where);
      const box = (await reply.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    }
    // The pinned composer leaves most of the screen to the thread: Emoji, Attach and Send share one row.
    const composer = (await conversation.locator("form.composer").boundingBox())!;
    expect(composer.height).toBeLessThan(PHONE.height / 3);
    const send = (await conversation.getByRole("button", { name: "Send", exact: true }).boundingBox())!;
    const attach = (await conversation.getByRole("button", { name: /Attach/ }).boundingBox())!;
    expect(Math.abs(send.y - attach.y)).toBeLessThan(attach.height);
    const first = (await conversation.locator("ol.thread li").first().boundingBox())!;
    expect(first.y).toBeLessThan((await reply.boundingBox())!.y);

    // The customer panel and the actions wait in a drawer.
    const assign = page.getByRole("button", { name: "Assign to me" });
    expect(await assign.isVisible()).toBe(false);
    const details = page.getByRole("button", { name: "Customer and actions", exact: true });
    await details.click();
    expect(await details.getAttribute("aria-expanded")).toBe("true");
    await assign.waitFor();
    const drawer = (await page.getByRole("complementary", { name: "Customer and actions" }).boundingBox())!;
    expect(drawer.x).toBeGreaterThanOrEqual(0);
    expect(drawer.x + drawer.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
      "Close customer and actions",
    );
    await page.getByRole("complementary").getByText("Customer", { exact: true }).waitFor();
    await page.keyboard.press("Escape");
    await assign.waitFor({ state: "hidden" });
    expect(await details.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Customer and actions");

    await details.click();
    await page.getByRole("button", { name: "Close customer and actions" }).click();
    await assign.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("keeps the navigation and the customer panel in view on a desktop, without menu or drawer buttons", async () => {
    const page = await signedIn({ width: 1280, height: 800 }, "/app/inbox");
    await page.getByRole("navigation").getByRole("link", { name: "Customers" }).waitFor();
    expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    await page.getByRole("link", { name: /Carlos Ruiz/ }).click();
    const conversation = page.getByRole("article", { name: "Carlos Ruiz" });
    const assign = conversation.getByRole("button", { name: "Assign to me" });
    await assign.waitFor();
    expect(
      await conversation.getByRole("button", { name: "Customer and actions", exact: true }).isVisible(),
    ).toBe(false);
    expect(await conversation.getByRole("button", { name: "Close customer and actions" }).isVisible()).toBe(
      false,
    );
    // Beside the thread, not over it.
    const thread = (await conversation.locator("ol.thread").boundingBox())!;
    const side = (await conversation.getByRole("complementary").boundingBox())!;
    expect(side.x).toBeGreaterThanOrEqual(thread.x + thread.width);
  });
});
