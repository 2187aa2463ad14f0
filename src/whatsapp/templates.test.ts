import { afterEach, beforeEach, expect, it } from "vitest";
import { checkedJson } from "../test/api-shape.js";
import { describeEachDatabase, signInCookie, TestClock, type TestServer } from "../test/harness.js";
import {
  personaSends,
  startSimulatorServer,
  waitForBusinessMessage,
  webhooksSettled,
} from "./simulator/simulator.testing.js";
import { STARTER_TEMPLATES } from "./starter-templates.js";
import type { TemplateView } from "./whatsapp.schema.js";

// Templates against the simulator's Graph API: submitted PENDING, approved (or rejected on demand) by a
// message_template_status_update webhook, synced from the WABA, and sent to a customer outside the window.

describeEachDatabase("WhatsApp templates against the simulator", (dialect) => {
  let t: TestServer & { url: string };
  let owner: string;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(new Date("2026-11-25T10:00:00Z"));
    t = await startSimulatorServer(dialect, { clock });
    owner = await signInCookie(t.server);
  });
  afterEach(async () => {
    // Nothing in flight when the server closes (a webhook answered during close keeps its connection open).
    await t.server.worker?.drain();
    await webhooksSettled(t.server);
    await t.close();
  });

  const call = (method: "GET" | "POST", url: string, body?: unknown) =>
    t.server.app.inject({
      method,
      url,
      headers: { cookie: owner, ...(method === "POST" ? { "content-type": "application/json" } : {}) },
      ...(method === "POST" ? { payload: JSON.stringify(body ?? {}) } : {}),
    });
  const simulatorApi = (url: string, body: unknown) =>
    t.server.app.inject({
      method: "POST",
      url: `/simulator/api/account${url}`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
  const templates = async () =>
    checkedJson<{ data: TemplateView[] }>(t.server, await call("GET", "/api/v1/whatsapp/templates")).data;

  /** Waits for Meta's review (a webhook) to reach every template. */
  async function reviewed(): Promise<TemplateView[]> {
    for (let i = 0; i < 200; i++) {
      const list = await templates();
      if (list.length > 0 && list.every((x) => x.status !== "PENDING")) return list;
      await new Promise((resolve) => setTimeout(resolve, 25));
      await webhooksSettled(t.server);
    }
    throw new Error("templates were never reviewed");
  }

  it("submits the starter set in es and en with one click; the review webhooks approve them; sync agrees", async () => {
    const res = await call("POST", "/api/v1/whatsapp/templates/starters");
    const submitted = checkedJson(t.server, res);
    expect(submitted.errors).toEqual([]);
    expect(submitted.data).toHaveLength(STARTER_TEMPLATES.length * 2);
    for (const x of submitted.data as TemplateView[]) expect(["PENDING", "APPROVED"]).toContain(x.status);
    const approved = await reviewed();
    expect(approved.every((x) => x.status === "APPROVED")).toBe(true);
    const invoice = approved.find((x) => x.name === "beedesk_invoice" && x.language === "es");
    expect(invoice?.body).toContain("{{4}}");
    expect(invoice?.variableCount).toBe(4);
    expect(invoice?.starter).toBe(true);

    const synced = checkedJson(t.server, await call("POST", "/api/v1/whatsapp/templates/sync"));
    expect(synced.data.map((x: TemplateView) => `${x.name}:${x.language}:${x.status}`).sort()).toEqual(
      approved.map((x) => `${x.name}:${x.language}:${x.status}`).sort(),
    );
    // A second click submits nothing new.
    expect(
      checkedJson(t.server, await call("POST", "/api/v1/whatsapp/templates/starters")).data,
    ).toHaveLength(STARTER_TEMPLATES.length * 2);
  });

  it("shows a template rejected on demand with Meta's reason, and a paused one", async () => {
    expect(
      (await simulatorApi("/templates/next-review", { status: "REJECTED", reason: "INVALID_FORMAT" }))
        .statusCode,
    ).toBe(204);
    const created = await call("POST", "/api/v1/whatsapp/templates", {
      name: "shipping_note",
      language: "en",
      body: "Hello {{1}}, your update is ready. Thanks!",
      examples: ["Ana"],
    });
    expect(created.statusCode).toBe(201);
    expect(checkedJson(t.server, created)).toMatchObject({ status: "PENDING", category: "UTILITY" });
    const [rejected] = await reviewed();
    expect(rejected).toMatchObject({
      name: "shipping_note",
      status: "REJECTED",
      rejectedReason: "INVALID_FORMAT",
    });

    await simulatorApi("/templates/review", { name: "shipping_note", language: "en", status: "PAUSED" });
    await webhooksSettled(t.server);
    expect((await templates())[0]).toMatchObject({ status: "PAUSED", rejectedReason: null });
  });

  it("refuses templates WhatsApp would refuse, before or with Meta's answer", async () => {
    const create = (body: Record<string, unknown>) =>
      call("POST", "/api/v1/whatsapp/templates", { name: "note", language: "es", ...body });
    expect((await create({ body: "{{1}} hola", examples: ["Ana"] })).statusCode).toBe(400);
    expect((await create({ body: "Hola {{1}} y {{2}}, gracias.", examples: ["Ana"] })).statusCode).toBe(400);
    expect((await create({ body: "Hola {{2}}, gracias.", examples: ["Ana", "B"] })).statusCode).toBe(400);
    expect((await create({ body: "Hola, gracias.", name: "Not Valid" })).statusCode).toBe(400);
    expect((await create({ body: "Hola, gracias." })).statusCode).toBe(201);
    const again = await create({ body: "Hola otra vez." });
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toMatchObject({
      code: "whatsapp_rejected",
      message: expect.stringMatching(/Meta 100/),
    });
    expect(await templates()).toHaveLength(1);
  });

  it("sends an approved template to a customer outside the 24-hour window; plain text stays refused", async () => {
    await call("POST", "/api/v1/whatsapp/templates/starters");
    await reviewed();
    await personaSends(t.server, "carlos", "Hi, does it work with OpenCart 4?");
    const conversation = (await call("GET", "/api/v1/conversations")).json().data[0] as { id: string };
    clock.advance(26 * 3600_000);
    owner = await signInCookie(t.server);
    const url = `/api/v1/conversations/${conversation.id}/messages`;

    const text = await call("POST", url, { text: "Are you still there?" });
    expect(text.statusCode).toBe(409);
    expect(text.json().error.code).toBe("window_closed");

    expect(
      (
        await call("POST", url, {
          template: { name: "beedesk_reply_waiting", language: "en", parameters: ["Carlos"] },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await call("POST", url, { template: { name: "unknown_one", language: "en", parameters: [] } })).json()
        .error.code,
    ).toBe("template_not_approved");

    const sent = await call("POST", url, {
      template: {
        name: "beedesk_reply_waiting",
        language: "en",
        parameters: ["Carlos", "your compatibility question"],
      },
    });
    expect(sent.statusCode).toBe(201);
    const message = checkedJson(t.server, sent);
    expect(message.text).toBe(
      "Hello Carlos, we have a reply for you about your compatibility question. Reply to this message to read it.",
    );
    const received = await waitForBusinessMessage(t.server, "carlos", {
      match: (m) => m.content.type === "template",
    });
    expect(received.content).toMatchObject({
      type: "template",
      template: {
        name: "beedesk_reply_waiting",
        language: "en",
        body: ["Carlos", "your compatibility question"],
      },
    });
  });
});
