import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  acceptTap,
  agent,
  agreedEngagement,
  type BillingTest,
  call,
  conversationOf,
  customerTaps,
  customerWrites,
  newCustomer,
  openPremiumTo,
  QUOTE,
  quote,
  requestedEngagement,
  startBillingServer,
} from "./billing.test-support.js";

describeEachDatabase("time entries and timers", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  const entries = (id: string) => `/api/v1/engagements/${id}/time-entries`;

  it("refuses time without an accepted agreement, whatever the state, and records nothing", async () => {
    const { engagement, customer } = await requestedEngagement(t);
    const body = { minutes: 30, note: "Looked at the logs" };
    const requested = await call(t, "POST", entries(engagement.id), body);
    expect(requested.status).toBe(409);
    expect(requested.body.error.code).toBe("agreement_required");
    const q = await quote(t, engagement.id);
    expect((await call(t, "POST", entries(engagement.id), body)).body.error.code).toBe("agreement_required");
    expect(
      (await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/start`, {})).body.error.code,
    ).toBe("agreement_required");
    await customerTaps(t, customer, `billing:decline:${q.id}`, "Decline");
    expect((await call(t, "POST", entries(engagement.id), body)).body.error.code).toBe("agreement_required");
    // Through an API key as well: the rule is the server's, not the app's.
    const key = await call(t, "POST", "/api/v1/api-keys", { name: "script", scopes: ["all"] });
    const viaKey = await t.server.app.inject({
      method: "POST",
      url: entries(engagement.id),
      headers: { authorization: `Bearer ${key.body.secret}` },
      payload: body,
    });
    expect(viaKey.statusCode).toBe(409);
    expect(viaKey.json().error.code).toBe("agreement_required");
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.timeEntries).toEqual([]);
    expect(detail.body.runningTimers).toEqual([]);
  });

  it("records time once agreed, moves the work in progress and warns at 80 % of the cap", async () => {
    const { engagement } = await agreedEngagement(t, { ...QUOTE, estimateHours: 1, capHours: 1 });
    const first = await call(t, "POST", entries(engagement.id), { minutes: 30, note: "Fixed the checkout" });
    expect(first.status).toBe(201);
    expect(first.body.entry).toMatchObject({
      minutes: 30,
      note: "Fixed the checkout",
      source: "manual",
      locked: false,
    });
    expect(first.body.cap).toMatchObject({
      capMinutes: 60,
      usedMinutes: 30,
      remainingMinutes: 30,
      warn: false,
      reached: false,
    });
    expect(first.body.warning).toBeNull();
    const second = await call(t, "POST", entries(engagement.id), { minutes: 18, note: "Tested" });
    expect(second.body.cap).toMatchObject({ usedMinutes: 48, warn: true, reached: false });
    expect(second.body.warning).toBe("cap_warning");
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("in_progress");
    expect(detail.body.cap).toMatchObject({ usedMinutes: 48, warn: true });
  });

  it("refuses an entry past the cap and says how many minutes are left", async () => {
    const { engagement } = await agreedEngagement(t, { ...QUOTE, estimateHours: 1, capHours: 1 });
    await call(t, "POST", entries(engagement.id), { minutes: 50, note: "Work" });
    const over = await call(t, "POST", entries(engagement.id), { minutes: 11, note: "More work" });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("cap_reached");
    expect(over.body.error.details).toMatchObject({ remainingMinutes: 10, capMinutes: 60, usedMinutes: 50 });
    const exact = await call(t, "POST", entries(engagement.id), { minutes: 10, note: "Last bit" });
    expect(exact.body.warning).toBe("cap_reached");
    const none = await call(t, "POST", entries(engagement.id), { minutes: 1, note: "One more" });
    expect(none.body.error).toMatchObject({ code: "cap_reached", details: { remainingMinutes: 0 } });
    expect(
      (await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/start`, {})).body.error.code,
    ).toBe("cap_reached");
  });

  it("raises the cap when the customer accepts a cap extension (a new agreement, same terms)", async () => {
    const {
      engagement,
      customer,
      quote: first,
    } = await agreedEngagement(t, { ...QUOTE, estimateHours: 1, capHours: 1 });
    await call(t, "POST", entries(engagement.id), { minutes: 60, note: "Work" });
    const changedRate = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      ...QUOTE,
      capHours: 2,
      hourlyRateCents: 1000,
    });
    expect(changedRate.status).toBe(400);
    const lower = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, {
      ...QUOTE,
      estimateHours: 1,
      capHours: 1,
    });
    expect(lower.status).toBe(400);
    const extension = await quote(t, engagement.id, { ...QUOTE, estimateHours: 1, capHours: 2 });
    expect(extension).toMatchObject({ kind: "extension", hourlyRateCents: 3000, capMinutes: 120 });
    expect(extension.termsText).toContain("Your current cap is 1 hour. This raises it to 2 hours");
    expect((await call(t, "POST", entries(engagement.id), { minutes: 5, note: "x" })).body.error.code).toBe(
      "cap_reached",
    );
    await customerTaps(t, customer, acceptTap(extension.id));
    const added = await call(t, "POST", entries(engagement.id), { minutes: 45, note: "More work" });
    expect(added.status).toBe(201);
    expect(added.body.cap).toMatchObject({ capMinutes: 120, usedMinutes: 105 });
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("in_progress");
    expect(detail.body.agreements.map((a: { quoteId: string }) => a.quoteId)).toEqual([
      first.id,
      extension.id,
    ]);
    expect(detail.body.agreement.quoteId).toBe(extension.id);
  });

  it("runs one timer per agent and records its time on stop", async () => {
    const { engagement } = await agreedEngagement(t);
    const other = await agreedEngagement(t);
    const start = await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/start`, {});
    expect(start.status).toBe(201);
    expect(start.body.timer).toMatchObject({
      engagementId: engagement.id,
      startedAt: "2026-11-25T10:00:00.000Z",
    });
    const twice = await call(t, "POST", `/api/v1/engagements/${other.engagement.id}/timer/start`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.error.details.engagementId).toBe(engagement.id);
    t.clock.advance(25 * 60_000 + 10_000);
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("in_progress");
    expect(detail.body.runningTimers[0]).toMatchObject({ elapsedMinutes: 25 });
    const stop = await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/stop`, {
      note: "Debugged the cart",
    });
    expect(stop.status).toBe(200);
    // Started minutes count: 25 min 10 s is 26 minutes.
    expect(stop.body.entry).toMatchObject({ minutes: 26, source: "timer", note: "Debugged the cart" });
    expect(stop.body.clampedMinutes).toBe(0);
    expect((await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/stop`, {})).status).toBe(409);
    expect((await call(t, "POST", `/api/v1/engagements/${other.engagement.id}/timer/start`, {})).status).toBe(
      201,
    );
  });

  it("clamps a timer that ran past the cap to the cap and reports what was left off", async () => {
    const { engagement } = await agreedEngagement(t, { ...QUOTE, estimateHours: 1, capHours: 1 });
    await call(t, "POST", entries(engagement.id), { minutes: 40, note: "Work" });
    await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/start`, {});
    t.clock.advance(35 * 60_000);
    const stop = await call(t, "POST", `/api/v1/engagements/${engagement.id}/timer/stop`, {});
    expect(stop.body.entry.minutes).toBe(20);
    expect(stop.body.clampedMinutes).toBe(15);
    expect(stop.body.cap).toMatchObject({ usedMinutes: 60, reached: true });
    expect(stop.body.warning).toBe("cap_reached");
  });

  it("keeps an audit row for every creation, correction and deletion", async () => {
    const { engagement } = await agreedEngagement(t);
    const created = await call(t, "POST", entries(engagement.id), { minutes: 30, note: "First try" });
    const id = created.body.entry.id;
    const patched = await call(t, "PATCH", `/api/v1/time-entries/${id}`, {
      minutes: 45,
      note: "Fixed",
      reason: "forgot the testing",
    });
    expect(patched.status).toBe(200);
    expect(patched.body.entry).toMatchObject({ minutes: 45, note: "Fixed" });
    const deleted = await call(t, "DELETE", `/api/v1/time-entries/${id}`, { reason: "wrong engagement" });
    expect(deleted.status).toBe(200);
    expect(deleted.body.cap.usedMinutes).toBe(0);
    const history = await call(t, "GET", `/api/v1/time-entries/${id}/history`);
    expect(history.body.data.map((a: { action: string }) => a.action)).toEqual([
      "time_entry.create",
      "time_entry.update",
      "time_entry.delete",
    ]);
    expect(history.body.data[1].details).toMatchObject({
      before: { minutes: 30, note: "First try" },
      after: { minutes: 45, note: "Fixed" },
      reason: "forgot the testing",
    });
    expect(history.body.data[2]).toMatchObject({
      actorType: "user",
      details: { reason: "wrong engagement" },
    });
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body.timeEntries).toEqual([]);
    expect((await call(t, "PATCH", `/api/v1/time-entries/${id}`, { minutes: 5 })).status).toBe(404);
  });

  it("refuses a correction that would go past the cap", async () => {
    const { engagement } = await agreedEngagement(t, { ...QUOTE, estimateHours: 1, capHours: 1 });
    const entry = await call(t, "POST", entries(engagement.id), { minutes: 30, note: "Work" });
    await call(t, "POST", entries(engagement.id), { minutes: 20, note: "Work" });
    const res = await call(t, "PATCH", `/api/v1/time-entries/${entry.body.entry.id}`, { minutes: 41 });
    expect(res.body.error).toMatchObject({ code: "cap_reached", details: { remainingMinutes: 40 } });
    expect(
      (await call(t, "PATCH", `/api/v1/time-entries/${entry.body.entry.id}`, { minutes: 40 })).status,
    ).toBe(200);
  });

  it("requires a note for manual time and refuses nonsense minutes", async () => {
    const { engagement } = await agreedEngagement(t);
    for (const body of [
      { minutes: 10 },
      { minutes: 10, note: "  " },
      { minutes: 0, note: "x" },
      { minutes: 1.5, note: "x" },
      { minutes: -5, note: "x" },
    ]) {
      expect((await call(t, "POST", entries(engagement.id), body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("keeps premium work to the owner unless the owner opens it to an agent", async () => {
    const { engagement } = await agreedEngagement(t);
    const ana = await agent(t);
    // The premium area is no secret: its list answers 403.
    const list = await call(t, "GET", "/api/v1/engagements", undefined, ana.cookie);
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe("forbidden");
    // One engagement the agent may not see answers exactly like one that does not exist (404).
    const paths = (id: string) =>
      [
        ["GET", `/api/v1/engagements/${id}`, undefined],
        ["POST", `/api/v1/engagements/${id}/quotes`, QUOTE],
        ["POST", entries(id), { minutes: 5, note: "x" }],
        ["POST", `/api/v1/engagements/${id}/timer/start`, {}],
        ["POST", `/api/v1/engagements/${id}/close`, {}],
        ["POST", `/api/v1/engagements/${id}/cancel`, { reason: "x" }],
        ["GET", `/api/v1/engagements/${id}/agreement`, undefined],
        ["GET", `/api/v1/engagements/${id}/agreement.txt`, undefined],
      ] as const;
    const missing = paths("no-such-engagement");
    for (const [i, [method, url, body]] of paths(engagement.id).entries()) {
      const refused = await call(t, method, url, body, ana.cookie);
      const absent = await call(t, missing[i]![0], missing[i]![1], missing[i]![2]);
      expect(refused.status, `${method} ${url}`).toBe(404);
      expect(refused.body, `${method} ${url}`).toEqual(absent.body);
    }
    const entry = (await call(t, "POST", entries(engagement.id), { minutes: 5, note: "Owner's" })).body.entry;
    const entryPaths = (id: string) =>
      [
        ["PATCH", `/api/v1/time-entries/${id}`, { minutes: 6, reason: "x" }],
        ["DELETE", `/api/v1/time-entries/${id}`, { reason: "x" }],
        ["GET", `/api/v1/time-entries/${id}/history`, undefined],
      ] as const;
    const missingEntry = entryPaths("no-such-entry");
    for (const [i, [method, url, body]] of entryPaths(entry.id).entries()) {
      const refused = await call(t, method, url, body, ana.cookie);
      const absent = await call(t, missingEntry[i]![0], missingEntry[i]![1], missingEntry[i]![2]);
      expect(refused.status, `${method} ${url}`).toBe(404);
      expect(refused.body, `${method} ${url}`).toEqual(absent.body);
    }
    await openPremiumTo(t, [ana.id]);
    const opened = await call(t, "GET", "/api/v1/engagements", undefined, ana.cookie);
    expect(opened.status).toBe(200);
    const res = await call(t, "POST", entries(engagement.id), { minutes: 5, note: "Helped" }, ana.cookie);
    expect(res.status).toBe(201);
    expect(res.body.entry.userName).toBe("Ana Agent");
  });

  it("lets the owner start an engagement from a premium conversation, once", async () => {
    const customer = newCustomer();
    await customerWrites(t, customer, "Hello, can you help me migrate my shop?");
    const conversation = await conversationOf(t, customer);
    const started = await call(t, "POST", "/api/v1/engagements", {
      conversationId: conversation.id,
      serviceType: "consultation",
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      state: "requested",
      serviceType: "consultation",
      conversationId: conversation.id,
    });
    const again = await call(t, "POST", "/api/v1/engagements", {
      conversationId: conversation.id,
      serviceType: "consultation",
    });
    expect(again.body.id).toBe(started.body.id);
    expect(started.body.events[0]).toMatchObject({ action: "request", toState: "requested" });
    const ana = await agent(t);
    const refused = await call(
      t,
      "POST",
      "/api/v1/engagements",
      { conversationId: conversation.id, serviceType: "consultation" },
      ana.cookie,
    );
    expect(refused.status).toBe(403);
    expect(
      (await call(t, "POST", "/api/v1/engagements", { conversationId: "nope", serviceType: "consultation" }))
        .status,
    ).toBe(404);
  });

  it("lists engagements by state with their contact", async () => {
    const { engagement } = await agreedEngagement(t);
    const other = await requestedEngagement(t);
    const agreed = await call(t, "GET", "/api/v1/engagements?state=agreed");
    expect(agreed.body.data.map((e: { id: string }) => e.id)).toEqual([engagement.id]);
    expect(agreed.body.data[0]).toMatchObject({
      state: "agreed",
      serviceType: "urgent_critical",
      contact: { name: "Lucía Fernández" },
    });
    const both = await call(t, "GET", "/api/v1/engagements?state=agreed,requested");
    expect(both.body.data.map((e: { id: string }) => e.id).sort()).toEqual(
      [engagement.id, other.engagement.id].sort(),
    );
    expect((await call(t, "GET", "/api/v1/engagements?state=nonsense")).status).toBe(400);
    const byConversation = await call(t, "GET", `/api/v1/engagements?conversationId=${other.conversationId}`);
    expect(byConversation.body.data.map((e: { id: string }) => e.id)).toEqual([other.engagement.id]);
  });
});
