import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { findOpenEngagementForConversation } from "../billing/engagements.service.js";
import type { LiveEvent } from "../platform/events.js";
import { updateSettings } from "../settings/settings.service.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { buildTextPayload, FIXTURE } from "../whatsapp/fixtures.js";
import { FakeGraph, postWebhook, whatsappEnv } from "../whatsapp/test-support.js";
import {
  customerPicks,
  customerSays,
  customerTaps,
  customerWithLicenses,
  freshWamid,
} from "./policy.test-support.js";

// Every clause of SPEC §1 on the WhatsApp side, driven through the signed webhook route and observed where
// it matters: the requests beedesk makes to the Cloud API.

interface GraphSend {
  to: string;
  type: string;
  text?: { body: string };
  interactive?: {
    type: "button" | "list";
    body: { text: string };
    action: {
      buttons?: { reply: { id: string; title: string } }[];
      button?: string;
      sections?: { rows: { id: string; title: string; description?: string }[] }[];
    };
  };
}

/** Intl puts no-break spaces in amounts; compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
const bodyOf = (m: GraphSend) => plain(m.text?.body ?? m.interactive?.body.text ?? "");

describeEachDatabase("the support policy on WhatsApp", (dialect) => {
  let graph: FakeGraph;
  let t: TestServer;
  // Wednesday 2026-11-25 12:00 in Kolkata (vendor time zone): inside business hours.
  const clock = new TestClock(new Date("2026-11-25T06:30:00Z"));
  let events: LiveEvent[] = [];

  beforeAll(async () => {
    graph = await new FakeGraph().start();
  });
  afterAll(async () => graph.stop());
  beforeEach(async () => {
    clock.set("2026-11-25T06:30:00Z");
    graph.requests.length = 0;
    graph.handlers = [];
    t = await startTestServer(dialect, { env: whatsappEnv(graph.url), clock });
    events = [];
    t.server.ctx.events.subscribe((e) => events.push(e));
  });
  afterEach(async () => t.close());

  /** Runs the outbox until idle, then returns the messages sent to `to` (not mark-as-read calls). */
  async function sentTo(to: string): Promise<GraphSend[]> {
    await t.server.worker!.drain();
    return graph
      .sends()
      .map((r) => r.body as GraphSend & { status?: string })
      .filter((b) => b.status !== "read" && b.to === to);
  }

  async function conversationState(waId: string, line: "presales" | "premium" = "presales") {
    const row = await t.server.ctx.db.kysely
      .selectFrom("conversations")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select(["conversations.id", "conversations.state", "contacts.language"])
      .where("contacts.wa_id", "=", waId)
      .where("conversations.phone_number_id", "=", FIXTURE[line].phoneNumberId)
      .executeTakeFirstOrThrow();
    return row;
  }

  it("greets a new Spanish-speaking contact in Spanish: premium click-to-chat, three rates, portal, three buttons", async () => {
    await customerSays(t.server, "Hola, ¿la extensión funciona con OpenCart 4?", { from: "34611222333" });
    const [greeting, ...rest] = await sentTo("34611222333");
    expect(rest).toEqual([]);
    expect(greeting?.type).toBe("interactive");
    expect(greeting?.interactive?.type).toBe("button");
    const body = bodyOf(greeting!);
    expect(body).toContain("consultas previas a la venta");
    expect(body).toContain("https://wa.me/34600333444");
    expect(body).toContain("• Consulta: 15,00 US$ por hora");
    expect(body).toContain("• Soporte técnico: 20,00 US$ por hora");
    expect(body).toContain("• Trabajo crítico urgente: 30,00 US$ por hora");
    expect(body).toContain(`${t.config.publicUrl}/support?lang=es`);
    expect(greeting?.interactive?.action.buttons?.map((b) => b.reply)).toEqual([
      { id: "route:presales", title: "Pregunta de preventa" },
      { id: "route:purchase", title: "Ayuda con mi compra" },
      { id: "route:premium", title: "Soporte premium" },
    ]);
    const c = await conversationState("34611222333");
    expect(c.state).toBe("waiting");
    expect(c.language).toBe("es");
  });

  it("greets an English-speaking contact in English", async () => {
    await customerSays(t.server, "Hi, does your filter module support OpenCart 4.0.2?", {
      from: "447700900111",
    });
    const [greeting] = await sentTo("447700900111");
    expect(bodyOf(greeting!)).toContain("official WhatsApp number");
    expect(bodyOf(greeting!)).toContain("• Consultation: $15.00 per hour");
    expect(greeting?.interactive?.action.buttons?.map((b) => b.reply.title)).toEqual([
      "Pre-sales question",
      "Help with a purchase",
      "Premium support",
    ]);
  });

  it("greets once per cooldown however many messages arrive, and again after a silence longer than it", async () => {
    const from = "34611222334";
    const greetings = async () => (await sentTo(from)).filter((m) => m.type === "interactive").length;
    await customerSays(t.server, "Hola", { from });
    await customerSays(t.server, "Una pregunta sobre el módulo de SEO", { from });
    expect(await greetings()).toBe(1);
    clock.advance(20 * 3600_000);
    await customerSays(t.server, "¿Sigue disponible?", { from });
    clock.advance(20 * 3600_000);
    // The greeting is 40 h old, but the customer never went quiet for 24 h: no second greeting.
    await customerSays(t.server, "¿Y tiene demo?", { from });
    expect(await greetings()).toBe(1);
    clock.advance(25 * 3600_000);
    await customerSays(t.server, "Hola de nuevo", { from });
    expect(await greetings()).toBe(2);
  });

  it("follows the cooldown setting", async () => {
    await updateSettings(
      t.server.ctx,
      "presales",
      { autoReplyCooldownHours: 1, businessHours: { days: [1, 2, 3, 4, 5], open: "10:00", close: "19:00" } },
      null,
    );
    const from = "34611222335";
    await customerSays(t.server, "Hola", { from });
    await t.server.worker!.drain();
    clock.advance(90 * 60_000);
    await customerSays(t.server, "¿Hola?", { from });
    expect((await sentTo(from)).filter((m) => m.type === "interactive")).toHaveLength(2);
  });

  it("greets once for a duplicated webhook and for messages that arrive together", async () => {
    const from = "34611222336";
    const wamid = freshWamid();
    const payload = buildTextPayload({
      from,
      wamid,
      text: "Hola, ¿tienen descuento por volumen?",
      timestamp: clock.now(),
      phoneNumberId: FIXTURE.presales.phoneNumberId,
      displayPhoneNumber: FIXTURE.presales.displayPhoneNumber,
    });
    await Promise.all([
      postWebhook(t.server, payload),
      postWebhook(t.server, payload),
      postWebhook(t.server, payload),
    ]);
    await Promise.all([
      customerSays(t.server, "¿Y funciona con OC 3?", { from }),
      customerSays(t.server, "¿Y con OC 4?", { from }),
    ]);
    expect(await sentTo(from)).toHaveLength(1);
  });

  it("redirects post-purchase support from an unknown contact and marks the conversation redirected", async () => {
    const from = "447700900222";
    await customerSays(t.server, "I purchased your extension and after installing it throws an error", {
      from,
    });
    const [reply, ...rest] = await sentTo(from);
    expect(rest).toEqual([]);
    expect(reply?.type).toBe("text");
    expect(bodyOf(reply!)).toContain("only for pre-sales questions");
    expect(bodyOf(reply!)).toContain(`${t.config.publicUrl}/support?lang=en`);
    expect(bodyOf(reply!)).toContain("https://wa.me/34600333444");
    expect((await conversationState(from)).state).toBe("redirected");

    // Still support within the cooldown: no second redirect, still redirected.
    await customerSays(t.server, "It still does not work", { from });
    expect(await sentTo(from)).toHaveLength(1);
    expect((await conversationState(from)).state).toBe("redirected");
  });

  it("names the product and its active support for a customer linked by phone", async () => {
    await customerWithLicenses(t.server.ctx, {
      email: "ann@example.com",
      name: "Ann Smith",
      phone: "+44 7700 900333",
      licenses: [{ product: "Product Filter", supportUntil: "2027-03-01" }],
    });
    await customerSays(t.server, "I bought Product Filter and it is not working after the update", {
      from: "447700900333",
    });
    const [reply] = await sentTo("447700900333");
    expect(bodyOf(reply!)).toContain("Hi Ann!");
    expect(bodyOf(reply!)).toContain(
      `Your license for Product Filter has support until March 1, 2027: open a free ticket here: ${t.config.publicUrl}/support?lang=en`,
    );
    const panel = await t.server.ctx.db.kysely
      .selectFrom("contacts")
      .select("customer_id")
      .where("wa_id", "=", "447700900333")
      .executeTakeFirstOrThrow();
    expect(panel.customer_id).not.toBeNull();
  });

  it("says when support ended, with the renewal link and premium, in Spanish", async () => {
    await customerWithLicenses(t.server.ctx, {
      email: "luis@example.com",
      name: "Luis Pérez",
      phone: "+34 611 222 444",
      licenses: [{ product: "One Page Checkout", supportUntil: "2026-06-30" }],
    });
    await customerSays(t.server, "Compré el One Page Checkout y me sale un error al pagar", {
      from: "34611222444",
    });
    const [reply] = await sentTo("34611222444");
    expect(bodyOf(reply!)).toContain(
      "El soporte de One Page Checkout terminó el 30 de junio de 2026: renuévalo aquí: https://www.huntbee.com/renew",
    );
    expect(bodyOf(reply!)).toContain("https://wa.me/34600333444");
  });

  it("answers the three buttons: acknowledgement, redirect, premium line information", async () => {
    const from = "447700900444";
    await customerSays(t.server, "Hello", { from });
    expect(await sentTo(from)).toHaveLength(1);
    const tap = async (id: string, title: string) => {
      await customerTaps(t.server, { id, title }, { from });
      return (await sentTo(from)).at(-1)!;
    };
    expect(bodyOf(await tap("route:presales", "Pre-sales question"))).toContain(
      "we will answer you here shortly",
    );
    expect((await conversationState(from)).state).toBe("waiting");
    expect(bodyOf(await tap("route:purchase", "Help with a purchase"))).toContain(
      "only for pre-sales questions",
    );
    expect((await conversationState(from)).state).toBe("redirected");
    const premium = bodyOf(await tap("route:premium", "Premium support"));
    expect(premium).toContain("billed by the time spent");
    expect(premium).toContain("https://wa.me/34600333444");
    expect(await sentTo(from)).toHaveLength(4);
  });

  it("gives the next opening when the pre-sales button is tapped out of business hours", async () => {
    clock.set("2026-11-28T06:30:00Z"); // Saturday
    const from = "34611222555";
    await customerTaps(t.server, { id: "route:presales", title: "Pregunta de preventa" }, { from });
    const [ack] = await sentTo(from);
    expect(bodyOf(ack!)).toContain("cuando abramos: el lunes a las 10:00 (hora estándar de la India).");
    expect((await conversationState(from)).state).toBe("waiting");

    // Sunday afternoon in Madrid: Monday's opening is tomorrow for this customer.
    clock.set("2026-11-29T12:00:00Z");
    const sunday = "34611222556";
    await customerTaps(t.server, { id: "route:presales", title: "Pregunta de preventa" }, { from: sunday });
    const [tomorrow] = await sentTo(sunday);
    expect(bodyOf(tomorrow!)).toContain("cuando abramos: mañana a las 10:00 (hora estándar de la India).");
  });

  it("sends the premium rate card, and turns the chosen service into a requested engagement for the owner", async () => {
    const from = "447700900555";
    await customerSays(t.server, "Hi, I need help with my store", { from, line: "premium" });
    const [card, ...rest] = await sentTo(from);
    expect(rest).toEqual([]);
    expect(card?.interactive?.type).toBe("list");
    const body = bodyOf(card!);
    expect(body).toContain("• Consultation: $15.00 per hour");
    expect(body).toContain("• Technical support: $20.00 per hour");
    expect(body).toContain("• Urgent critical work: $30.00 per hour");
    expect(body).toContain("only after you accept a quote");
    expect(body).toContain("even when your license includes support");
    expect(body).toContain(`${t.config.publicUrl}/support?lang=en`);
    expect(card?.interactive?.action.sections?.[0]?.rows.map((r) => r.id)).toEqual([
      "service:consultation",
      "service:technical_support",
      "service:urgent_critical",
    ]);

    await customerPicks(t.server, { id: "service:technical_support", title: "Technical support" }, { from });
    const sends = await sentTo(from);
    expect(bodyOf(sends[1]!)).toContain("technical support ($20.00 per hour)");
    const { id } = await conversationState(from, "premium");
    const engagement = await findOpenEngagementForConversation(t.server.ctx.db.kysely, id);
    expect(engagement).toMatchObject({ state: "requested", serviceType: "technical_support" });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "engagement.requested",
        audience: "premium",
        data: expect.objectContaining({ conversationId: id, serviceType: "technical_support" }),
      }),
    );
    const owner = await signInCookie(t.server);
    const list = await t.server.app.inject({
      method: "GET",
      url: "/api/v1/engagements?state=requested",
      headers: { cookie: owner },
    });
    expect(list.statusCode).toBe(200);
    expect(JSON.stringify(list.json())).toContain(engagement!.id);

    // With an engagement open, more messages wait for the owner without another rate card.
    await customerSays(t.server, "Thanks, waiting for the quote", { from, line: "premium" });
    expect(await sentTo(from)).toHaveLength(2);
  });

  it("answers in the language of the text, else the phone's country, and in the one an agent chose", async () => {
    // A Spanish text from a UK number: Spanish.
    await customerSays(t.server, "Hola, ¿tienen una demo del módulo?", { from: "447700900666" });
    expect(bodyOf((await sentTo("447700900666"))[0]!)).toContain("¡Hola!");
    // No words to go by from a Mexican number: Spanish from the country code.
    await customerSays(t.server, "👍", { from: "5215512345678" });
    expect(bodyOf((await sentTo("5215512345678"))[0]!)).toContain("¡Hola!");

    // An agent switches the first contact to English: the next automatic reply is in English even for Spanish text.
    const { id } = await conversationState("447700900666");
    const owner = await signInCookie(t.server);
    const res = await t.server.app.inject({
      method: "PATCH",
      url: `/api/v1/conversations/${id}/contact`,
      headers: { cookie: owner, "content-type": "application/json" },
      payload: JSON.stringify({ language: "en" }),
    });
    expect(res.statusCode).toBe(200);
    await customerTaps(t.server, { id: "route:premium", title: "Soporte premium" }, { from: "447700900666" });
    expect(bodyOf((await sentTo("447700900666"))[1]!)).toContain("Premium OpenCart support is direct help");
    await customerSays(t.server, "Compré el módulo y no funciona", { from: "447700900666" });
    expect(bodyOf((await sentTo("447700900666"))[2]!)).toContain("only for pre-sales questions");
  });
});
