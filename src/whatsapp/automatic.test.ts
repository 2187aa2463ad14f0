import { afterEach, beforeEach, expect, it, vi } from "vitest";
import {
  agreedEngagement,
  type BillingTest,
  call,
  customerWrites,
  QUOTE,
  requestedEngagement,
  settle,
  startBillingServer,
} from "../billing/billing.test-support.js";
import { describeEachDatabase, signInCookie, TestClock } from "../test/harness.js";
import { buildStatusPayload, FIXTURE } from "./fixtures.js";
import { STARTER_TEMPLATES } from "./starter-templates.js";
import { type GraphRequest, graphError, postWebhook } from "./test-support.js";

// Every automatic message checks the 24-hour window when it is sent: outside it the matching approved
// template goes instead, or the message waits (status "held", the reason in the thread) until the customer
// writes again. Driven through the real routes against a Graph API stand-in.

const DAY_AND_A_BIT = 26 * 3600_000;

interface TemplateSent {
  name: string;
  language: string;
  parameters: string[];
}

function templatesSent(requests: GraphRequest[]): TemplateSent[] {
  return requests
    .filter((r) => r.method === "POST" && r.path.endsWith("/messages"))
    .map((r) => r.body as { type?: string; template?: Record<string, unknown> })
    .filter((b) => b.type === "template")
    .map((b) => {
      const t = b.template as {
        name: string;
        language: { code: string };
        components?: { parameters: { text: string }[] }[];
      };
      return {
        name: t.name,
        language: t.language.code,
        parameters: t.components?.[0]?.parameters.map((p) => p.text) ?? [],
      };
    });
}

function textsSent(requests: GraphRequest[]): string[] {
  return requests
    .filter((r) => r.method === "POST" && r.path.endsWith("/messages"))
    .map(
      (r) => r.body as { type?: string; text?: { body: string }; interactive?: { body: { text: string } } },
    )
    .map((b) => b.text?.body ?? b.interactive?.body.text ?? "")
    .filter((text) => text !== "");
}

describeEachDatabase("automatic messages outside the 24-hour window", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  /** The starter templates as Meta lists them once approved, read through the real sync route. */
  async function approveStarters() {
    t.graph.handlers.push((req) =>
      req.method === "GET" && req.path.includes("/message_templates")
        ? {
            status: 200,
            body: {
              data: STARTER_TEMPLATES.flatMap((s) =>
                (["es", "en"] as const).map((language, i) => ({
                  id: `${s.name.length}${i}`,
                  name: s.name,
                  language,
                  status: "APPROVED",
                  category: "UTILITY",
                  components: [{ type: "BODY", text: s.body[language] }],
                })),
              ),
              paging: { cursors: { before: "a", after: "b" } },
            },
          }
        : undefined,
    );
    const synced = await call(t, "POST", "/api/v1/whatsapp/templates/sync", {});
    expect(synced.status).toBe(200);
    expect(synced.body.data).toHaveLength(STARTER_TEMPLATES.length * 2);
  }

  async function thread(conversationId: string) {
    const res = await call(t, "GET", `/api/v1/conversations/${conversationId}/messages`);
    return res.body.data as {
      id: string;
      status: string;
      wamid: string | null;
      text: string | null;
      errorReason: string | null;
    }[];
  }

  /** An agreed engagement with 30 minutes of work, then the customer goes quiet for more than a day. */
  async function quietCustomer() {
    const made = await agreedEngagement(t, { ...QUOTE, capHours: 10 });
    const entry = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
      minutes: 30,
      note: "Fixed the checkout",
    });
    expect(entry.status).toBe(201);
    t.clock.advance(DAY_AND_A_BIT);
    t.cookie = await signInCookie(t.server);
    t.graph.requests.length = 0;
    return made;
  }

  it("holds the summary and the invoice when no template is approved, says why, and sends them when the customer writes", async () => {
    const made = await quietCustomer();
    expect((await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {})).status).toBe(200);
    expect((await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {})).status).toBe(201);
    await settle(t);
    expect(textsSent(t.graph.requests)).toEqual([]);
    const held = (await thread(made.conversationId)).filter((m) => m.status === "held");
    expect(held).toHaveLength(2);
    for (const m of held) expect(m.errorReason).toMatch(/no approved template/);
    expect(held[1]?.text).toContain("INV-2026-0001");

    await customerWrites(t, made.customer, "Hola, ¿ya está?");
    await settle(t);
    const sent = textsSent(t.graph.requests);
    expect(sent.some((text) => text.includes("INV-2026-0001"))).toBe(true);
    const after = await thread(made.conversationId);
    expect(after.filter((m) => m.status === "held")).toEqual([]);
    for (const id of held.map((m) => m.id)) {
      expect(after.find((m) => m.id === id)?.status).toBe("sent");
    }
  });

  it("sends the invoice as its approved template in the customer's language instead", async () => {
    await approveStarters();
    const made = await quietCustomer();
    await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {});
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(invoice.status).toBe(201);
    await settle(t);
    const templates = templatesSent(t.graph.requests);
    const sentInvoice = templates.find((s) => s.name === "beedesk_invoice");
    const conversation = await call(t, "GET", `/api/v1/conversations/${made.conversationId}`);
    expect(sentInvoice?.language).toBe(conversation.body.contact.language === "es" ? "es" : "en");
    expect(sentInvoice?.parameters[0]).toBe("Lucía");
    expect(sentInvoice?.parameters[1]).toBe("INV-2026-0001");
    expect(sentInvoice?.parameters[2]).toMatch(/\d/);
    expect(sentInvoice?.parameters[3]).toMatch(/^https:\/\//);
    const events = (await call(t, "GET", `/api/v1/engagements/${made.engagement.id}`)).body.events;
    expect(events.find((e: { action: string }) => e.action === "invoice").details).toMatchObject({
      invoiceSent: true,
    });
    // The summary's template announced it; the detail waits for the customer's answer.
    expect(templates.map((s) => s.name)).toContain("beedesk_work_summary");
    const held = (await thread(made.conversationId)).filter((m) => m.status === "held");
    expect(held).toHaveLength(1);
    expect(held[0]?.errorReason).toMatch(/template told the customer/);
    const thanks = await thread(made.conversationId);
    expect(thanks.some((m) => m.text?.includes("INV-2026-0001") && m.status === "sent")).toBe(true);
  });

  it("announces a quote with its template and sends the Accept/Decline message once the customer answers", async () => {
    await approveStarters();
    const made = await requestedEngagement(t);
    t.clock.advance(DAY_AND_A_BIT);
    t.cookie = await signInCookie(t.server);
    t.graph.requests.length = 0;
    const quote = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/quotes`, QUOTE);
    expect(quote.status).toBe(201);
    await settle(t);
    expect(templatesSent(t.graph.requests).map((s) => s.name)).toEqual(["beedesk_quote"]);
    expect(textsSent(t.graph.requests)).toEqual([]);
    await customerWrites(t, made.customer, "Vale, enséñamelo");
    await settle(t);
    const buttons = t.graph.requests
      .map((r) => r.body as { type?: string })
      .filter((b) => b?.type === "interactive");
    expect(buttons).toHaveLength(1);
  });

  it("holds an automatic message WhatsApp refuses with 131047 at send time instead of failing it", async () => {
    const made = await agreedEngagement(t, { ...QUOTE, capHours: 10 });
    await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
      minutes: 15,
      note: "x",
    });
    t.graph.handlers.push((req) =>
      req.method === "POST" && req.path.endsWith("/messages")
        ? graphError(400, 131047, "Re-engagement message")
        : undefined,
    );
    expect((await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {})).status).toBe(200);
    await settle(t);
    const held = (await thread(made.conversationId)).filter((m) => m.status === "held");
    expect(held).toHaveLength(1);
    expect(held[0]?.errorReason).toMatch(/131047/);
    t.graph.handlers.length = 0;
    await customerWrites(t, made.customer, "¿Hola?");
    await settle(t);
    expect((await thread(made.conversationId)).find((m) => m.id === held[0]?.id)?.status).toBe("sent");
  });

  it("holds an automatic message Meta fails with 131047 in a status webhook, and sends it afresh when the customer writes", async () => {
    const made = await agreedEngagement(t, { ...QUOTE, capHours: 10 });
    await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
      minutes: 15,
      note: "x",
    });
    expect((await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/close`, {})).status).toBe(200);
    await settle(t);
    const summary = (await thread(made.conversationId)).find((m) => m.text?.includes("15 min") && m.wamid);
    expect(summary?.status).toBe("sent");
    const failed = buildStatusPayload({
      ...FIXTURE.premium,
      wamid: summary!.wamid!,
      status: "failed",
      recipientId: made.customer.waId,
      timestamp: t.clock.now(),
      errors: [{ code: 131047, title: "Re-engagement message" }],
    });
    expect((await postWebhook(t.server, failed)).statusCode).toBe(200);
    await vi.waitFor(async () => {
      const now = (await thread(made.conversationId)).find((m) => m.id === summary!.id);
      expect(now).toMatchObject({ status: "held", wamid: null });
      expect(now?.errorReason).toMatch(/131047/);
    });
    // A redelivery of the same failed status changes nothing.
    expect((await postWebhook(t.server, failed)).statusCode).toBe(200);
    await settle(t);
    expect((await thread(made.conversationId)).find((m) => m.id === summary!.id)?.status).toBe("held");

    t.graph.requests.length = 0;
    await customerWrites(t, made.customer, "Ya estoy aquí");
    await settle(t);
    const resent = (await thread(made.conversationId)).find((m) => m.id === summary!.id);
    expect(resent?.status).toBe("sent");
    expect(resent?.wamid).not.toBe(summary!.wamid);
    expect(textsSent(t.graph.requests).filter((text) => text.includes("15 min"))).toHaveLength(1);
  });
});
