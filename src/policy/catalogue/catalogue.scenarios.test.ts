import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { createProduct, SYSTEM_ACTOR } from "../../licenses/licenses.service.js";
import { updateSettings } from "../../settings/settings.service.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../../test/harness.js";
import { testHttp } from "../../test/http.js";
import { FIXTURE } from "../../whatsapp/fixtures.js";
import { FakeGraph, whatsappEnv } from "../../whatsapp/test-support.js";
import { customerSays } from "../policy.test-support.js";
import { TEST_CATALOGUE } from "./catalogue.test-support.js";

// Pre-sales questions answered from the catalogue, driven through the signed webhook route and observed at
// the requests beedesk makes to the Cloud API; what is held back waits for an agent with a suggestion.

interface GraphSend {
  to: string;
  type: string;
  status?: string;
  text?: { body: string };
  interactive?: { body: { text: string } };
}
interface ThreadMessage {
  id: string;
  direction: "in" | "out";
  text: string | null;
  automatic: {
    kind: string;
    productId: string | null;
    fact: string | null;
    confidence: number | null;
    answered: boolean | null;
    whyNot: string | null;
    suggestion: string | null;
    correctedAt: string | null;
  } | null;
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describeEachDatabase("pre-sales questions answered from the catalogue", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  const clock = new TestClock(new Date("2026-11-25T06:30:00Z"));
  /** Test catalogue id → the product's id in this database. */
  let ids: Record<string, string>;
  let owner: string;
  const http = testHttp(() => t.server);

  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    clock.set("2026-11-25T06:30:00Z");
    graph.requests.length = 0;
    graph.handlers = [];
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url), clock });
    ids = {};
    for (const { id, ...facts } of TEST_CATALOGUE) {
      ids[id] = (await createProduct(t.server.ctx, facts, SYSTEM_ACTOR)).id;
    }
    owner = await signInCookie(t.server);
  });
  afterEach(async () => t.close());

  /** The texts sent to `to` so far (interactive bodies for the greeting), after the outbox ran. */
  async function sentTo(to: string): Promise<{ type: string; body: string }[]> {
    await t.server.worker!.drain();
    return graph
      .sends()
      .map((r) => r.body as GraphSend)
      .filter((b) => b.status !== "read" && b.to === to)
      .map((b) => ({ type: b.type, body: plain(b.text?.body ?? b.interactive?.body.text ?? "") }));
  }
  const answers = async (to: string) =>
    (await sentTo(to)).filter((m) => m.type === "text").map((m) => m.body);

  async function conversationOf(waId: string) {
    return t.server.ctx.db.kysely
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select(["conversations.id", "conversations.needs_reply"])
      .where("contacts.wa_id", "=", waId)
      .where("conversations.phone_number_id", "=", FIXTURE.presales.phoneNumberId)
      .executeTakeFirstOrThrow();
  }
  async function threadOf(
    waId: string,
  ): Promise<{ id: string; needsReply: boolean; messages: ThreadMessage[] }> {
    const c = await conversationOf(waId);
    const res = await http.get(`/api/v1/conversations/${c.id}/messages`, owner);
    expect(res.statusCode).toBe(200);
    return { id: c.id, needsReply: Number(c.needs_reply) === 1, messages: res.json().data };
  }

  it("says yes in Spanish to a listed version asked by alias, after the greeting, with the demo link, marked with its source", async () => {
    const from = "34611000001";
    await customerSays(t.server, "¿El módulo de facturas funciona con OpenCart 4.0.2.3?", { from });
    const sent = await sentTo(from);
    expect(sent.map((m) => m.type).sort()).toEqual(["interactive", "text"]);
    const [text] = await answers(from);
    expect(text).toContain("Sí: PDF Invoice Pro funciona con OpenCart 4.0.2.3.");
    expect(text).toContain("Prueba la demo: https://demo.example/invoice");
    expect(text).toContain("Respuesta automática de nuestro catálogo");

    const thread = await threadOf(from);
    expect(thread.needsReply).toBe(false);
    const answer = thread.messages.find((m) => m.direction === "out" && m.automatic?.kind === "catalogue");
    expect(answer?.automatic).toMatchObject({
      productId: ids.invoice,
      fact: "platformVersions: 3.0.3.8, 3.0.3.9, 4.0.2.1, 4.0.2.3",
      confidence: 1,
    });
    const greeting = thread.messages.find((m) => m.direction === "out" && m.automatic?.kind === "automatic");
    expect(greeting).toBeDefined();
    const question = thread.messages.find((m) => m.direction === "in");
    expect(question?.automatic).toMatchObject({ kind: "question", answered: true, productId: ids.invoice });
  });

  it("says no in English to an unlisted version and lists the supported ones; a follow-up keeps the product", async () => {
    const from = "447700000002";
    await customerSays(t.server, "Hi, is PDF Invoice Pro compatible with OpenCart 4.0.2.1?", { from });
    expect(await answers(from)).toHaveLength(1);
    // Within the cooldown: no second greeting, the answer stands alone.
    await customerSays(t.server, "Does it work with 1.5.6.4?", { from });
    const sent = await sentTo(from);
    expect(sent.filter((m) => m.type === "interactive")).toHaveLength(1);
    const last = (await answers(from)).at(-1)!;
    expect(last).toContain("OpenCart 1.5.6.4 is not among the versions PDF Invoice Pro is listed for");
    expect(last).toContain("Supported versions: 3.0.3.8, 3.0.3.9, 4.0.2.1 and 4.0.2.3.");
    expect(last).not.toMatch(/\bYes\b/);
  });

  it("keeps the conversation's product for a Spanish follow-up (¿y con la 3.0.3.9?)", async () => {
    const from = "34611000003";
    await customerSays(t.server, "Hola, una pregunta sobre el módulo de facturas", { from });
    expect(await answers(from)).toEqual([]);
    await customerSays(t.server, "¿y con la 3.0.3.9?", { from });
    expect((await answers(from)).at(-1)).toContain("Sí: PDF Invoice Pro funciona con OpenCart 3.0.3.9.");
  });

  it("lists which 4.x versions are supported for a broad 'OpenCart 4'", async () => {
    const from = "447700000004";
    await customerSays(t.server, "Is the invoice module compatible with OpenCart 4?", { from });
    expect((await answers(from))[0]).toContain("supports these OpenCart 4 versions: 4.0.2.1 and 4.0.2.3");
  });

  it("gives the price with the store link, forgiving a typo, and the demo link in English", async () => {
    await customerSays(t.server, "¿Cuánto cuesta el one page chekout?", { from: "34611000005" });
    const [price] = await answers("34611000005");
    expect(price).toMatch(/One Page Checkout cuesta 59,00 US\$/);
    expect(price).toContain("Puedes comprarlo aquí: https://shop.example/checkout");
    await customerSays(t.server, "Do you have a demo of the SEO suite?", { from: "447700000005" });
    expect((await answers("447700000005"))[0]).toContain("Try the demo: https://demo.example/seo");
  });

  it("answers with the owner's Q&A in the customer's language", async () => {
    await customerSays(t.server, "Hola, ¿el checkout rápido funciona con PayPal y Stripe?", {
      from: "34611000006",
    });
    expect((await answers("34611000006"))[0]).toContain("PayPal y Stripe incluidos");
  });

  it("leaves an unknown product to an agent, with a suggestion the agent sends in one click", async () => {
    const from = "447700000007";
    await customerSays(t.server, "Does your shipping module work with OpenCart 4?", { from });
    expect((await sentTo(from)).map((m) => m.type)).toEqual(["interactive"]);
    const thread = await threadOf(from);
    expect(thread.needsReply).toBe(true);
    const question = thread.messages.find((m) => m.direction === "in")!;
    expect(question.automatic).toMatchObject({ kind: "question", answered: false, whyNot: "no_product" });
    expect(question.automatic?.suggestion).toBe(
      "Which of our extensions do you mean: Advanced SEO Suite, One Page Checkout, PDF Invoice Pro or WhatsApp Order Notifications?",
    );

    const res = await http.post(
      `/api/v1/conversations/${thread.id}/messages/${question.id}/send-suggestion`,
      owner,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().automatic).toMatchObject({ kind: "suggestion" });
    expect((await answers(from)).at(-1)).toContain("Which of our extensions do you mean");
    expect((await threadOf(from)).needsReply).toBe(false);
    // Sent once.
    const again = await http.post(
      `/api/v1/conversations/${thread.id}/messages/${question.id}/send-suggestion`,
      owner,
    );
    expect(again.statusCode).toBe(409);
  });

  it("leaves two products in one message to an agent, asking which one", async () => {
    const from = "447700000008";
    await customerSays(t.server, "SEO suite or one page checkout, which works with OpenCart 4?", { from });
    expect(await answers(from)).toEqual([]);
    const thread = await threadOf(from);
    expect(thread.needsReply).toBe(true);
    const question = thread.messages.find((m) => m.direction === "in")!;
    expect(question.automatic).toMatchObject({ answered: false, whyNot: "several_products" });
    expect(question.automatic?.suggestion).toBe(
      "Which of our extensions do you mean: Advanced SEO Suite or One Page Checkout?",
    );
  });

  it("follows the settings: a kind turned off waits for an agent with the answer as a suggestion", async () => {
    await updateSettings(
      t.server.ctx,
      "presales",
      {
        autoReplyCooldownHours: 24,
        businessHours: { days: [1, 2, 3, 4, 5], open: "10:00", close: "19:00" },
        catalogue: { compatibility: true, price: false, link: true, qa: true },
      },
      null,
    );
    const from = "447700000009";
    await customerSays(t.server, "How much is the SEO suite?", { from });
    expect(await answers(from)).toEqual([]);
    const thread = await threadOf(from);
    expect(thread.needsReply).toBe(true);
    const question = thread.messages.find((m) => m.direction === "in")!;
    expect(question.automatic).toMatchObject({ whyNot: "turned_off", answered: false });
    expect(question.automatic?.suggestion).toMatch(/^Advanced SEO Suite costs \$49\.00\./);
  });

  it("lets the agent correct an automatic answer in one click: a retraction, and the conversation waits again", async () => {
    const from = "34611000010";
    await customerSays(t.server, "¿El módulo de facturas funciona con OpenCart 4.0.2.3?", { from });
    await sentTo(from);
    const thread = await threadOf(from);
    const answer = thread.messages.find((m) => m.automatic?.kind === "catalogue")!;
    const res = await http.post(`/api/v1/conversations/${thread.id}/messages/${answer.id}/correction`, owner);
    expect(res.statusCode).toBe(201);
    expect(res.json().automatic).toMatchObject({ kind: "correction", productId: ids.invoice });
    expect((await answers(from)).at(-1)).toContain(
      "Una corrección: por favor, no tengas en cuenta nuestra respuesta automática sobre PDF Invoice Pro",
    );
    const after = await threadOf(from);
    expect(after.needsReply).toBe(true);
    expect(after.messages.find((m) => m.id === answer.id)?.automatic?.correctedAt).not.toBeNull();
    const twice = await http.post(
      `/api/v1/conversations/${thread.id}/messages/${answer.id}/correction`,
      owner,
    );
    expect(twice.statusCode).toBe(409);
    const greeting = after.messages.find((m) => m.automatic?.kind === "automatic")!;
    const notCatalogue = await http.post(
      `/api/v1/conversations/${thread.id}/messages/${greeting.id}/correction`,
      owner,
    );
    expect(notCatalogue.statusCode).toBe(404);
  });

  it("reports questions answered automatically vs left to agents, per product and kind", async () => {
    await customerSays(t.server, "¿El módulo de facturas funciona con OpenCart 4.0.2.3?", {
      from: "34611000011",
    });
    await customerSays(t.server, "How much is the invoice module, and is installation included?", {
      from: "447700000011",
    });
    await customerSays(t.server, "Does your shipping module work with OpenCart 4?", { from: "447700000012" });
    await t.server.worker!.drain();
    const res = await http.get("/api/v1/reports?from=2026-11-25&to=2026-11-25", owner);
    expect(res.statusCode).toBe(200);
    expect(res.json().series.catalogue).toEqual([
      { productId: "", product: "", kind: "compatibility", automatic: 0, agents: 1 },
      { productId: ids.invoice, product: "PDF Invoice Pro", kind: "compatibility", automatic: 1, agents: 0 },
      { productId: ids.invoice, product: "PDF Invoice Pro", kind: "price", automatic: 0, agents: 1 },
    ]);
    const csv = await http.get("/api/v1/reports/catalogue.csv?from=2026-11-25&to=2026-11-25", owner);
    expect(csv.body).toContain("PDF Invoice Pro,compatibility,1,0");
  });
});
