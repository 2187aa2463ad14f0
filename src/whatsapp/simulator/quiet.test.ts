import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, TestClock, type TestServer } from "../../test/harness.js";
import { STARTER_TEMPLATES } from "../starter-templates.js";
import {
  personaSends,
  personaTaps,
  simulatorOf,
  startSimulatorServer,
  textOf,
  waitForBusinessMessage,
  webhooksSettled,
} from "./simulator.testing.js";

// The newcomer's demonstration in simulator mode, with no Meta account: submit the starter templates, watch
// Meta approve them, let a premium customer who approved the work go quiet for a day (the simulator's button),
// and see the invoice reach them as the approved template instead of being refused by WhatsApp.

describeEachDatabase("a customer quiet for a day, in the simulator", (dialect) => {
  let t: TestServer & { url: string };
  let owner: string;
  beforeEach(async () => {
    t = await startSimulatorServer(dialect, { clock: new TestClock(new Date("2026-11-25T10:00:00Z")) });
    owner = await signInCookie(t.server);
  });
  afterEach(async () => {
    await t.server.worker?.drain();
    await webhooksSettled(t.server);
    await t.close();
  });

  const call = async (method: "GET" | "POST", url: string, body?: unknown) => {
    const res = await t.server.app.inject({
      method,
      url,
      headers: { cookie: owner, ...(method === "POST" ? { "content-type": "application/json" } : {}) },
      ...(method === "POST" ? { payload: JSON.stringify(body ?? {}) } : {}),
    });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };

  async function startersApproved(): Promise<void> {
    expect((await call("POST", "/api/v1/whatsapp/templates/starters")).status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const list = (await call("GET", "/api/v1/whatsapp/templates")).body.data as { status: string }[];
      if (list.length === STARTER_TEMPLATES.length * 2 && list.every((x) => x.status === "APPROVED")) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
      await webhooksSettled(t.server);
    }
    throw new Error("the starter templates were never approved");
  }

  it("sends the invoice as the approved template once the quiet button closed the window", async () => {
    await startersApproved();
    await personaSends(t.server, "john", "Hi, my checkout is broken and I need urgent help", {
      to: "premium",
    });
    await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => m.content.type === "list",
    });
    await personaTaps(t.server, "john", "service:urgent_critical", { to: "premium" });
    let engagement: { id: string } | undefined;
    for (let i = 0; i < 200 && !engagement; i++) {
      await webhooksSettled(t.server);
      await t.server.worker?.drain();
      engagement = ((await call("GET", "/api/v1/engagements")).body.data as { id: string }[])[0];
    }
    if (!engagement) throw new Error("the customer's choice never made an engagement");
    const quoted = await call("POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      serviceType: "urgent_critical",
      estimateHours: 1,
      capHours: 2,
    });
    expect(quoted.status).toBe(201);
    await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => m.content.type === "buttons" && textOf(m).includes("quote"),
    });
    await personaTaps(t.server, "john", "Accept", { to: "premium" });
    await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => textOf(m).includes("is accepted"),
    });
    const entry = await call("POST", `/api/v1/engagements/${engagement.id}/time-entries`, {
      minutes: 40,
      note: "Fixed the payment hook",
    });
    expect(entry.status).toBe(201);

    // The work is done and the customer approves the time on the review page the summary links to.
    expect((await call("POST", `/api/v1/engagements/${engagement.id}/close`)).status).toBe(200);
    const summary = await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => /\/billing\/review\/[0-9a-z]{40}/.test(textOf(m)),
    });
    // 40 minutes in blocks of 15 are 45 minutes at $30.00 an hour.
    expect(textOf(summary)).toContain("$22.50");
    const token = /\/billing\/review\/([0-9a-z]{40})/.exec(textOf(summary))![1];
    const approved = await t.server.app.inject({
      method: "POST",
      url: `/billing/review/${token}/approve?lang=en`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(approved.statusCode).toBe(303);

    // Then John goes quiet: the button on the simulator page moves his last message 25 hours back on both sides.
    const quiet = await t.server.app.inject({
      method: "POST",
      url: `/simulator/api/chats/john/premium/quiet`,
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect(quiet.statusCode).toBe(200);
    expect(quiet.json()).toEqual({ windowClosed: true });
    const conversation = (await call("GET", "/api/v1/conversations?role=premium")).body.data[0] as {
      window: { open: boolean };
    };
    expect(conversation.window.open).toBe(false);

    const invoiced = await call("POST", `/api/v1/engagements/${engagement.id}/invoice`);
    expect(invoiced.status).toBe(201);
    const invoice = await waitForBusinessMessage(t.server, "john", {
      to: "premium",
      match: (m) => m.content.type === "template",
    });
    expect(invoice.content).toMatchObject({ template: { name: "beedesk_invoice", language: "en" } });
    expect(textOf(invoice)).toMatch(/INV-\d{4}-0001/);
    expect(textOf(invoice)).toContain("$22.50");
    // Nothing free-form reached the quiet customer: WhatsApp would have refused it (131047).
    const chat = simulatorOf(t.server).chat("john", "premium");
    const afterQuiet = chat
      .slice(chat.findIndex((m) => m.id === summary.id) + 1)
      .filter((m) => m.direction === "business");
    expect(afterQuiet.map((m) => m.content.type)).toEqual(["template"]);
  });

  it("answers 404 for a persona that does not exist and says when there is no window to close", async () => {
    const missing = await t.server.app.inject({
      method: "POST",
      url: "/simulator/api/chats/nobody/premium/quiet",
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect(missing.statusCode).toBe(404);
    const fresh = await t.server.app.inject({
      method: "POST",
      url: "/simulator/api/chats/carlos/premium/quiet",
      headers: { "content-type": "application/json" },
      payload: "{}",
    });
    expect(fresh.json()).toEqual({ windowClosed: false });
  });
});
