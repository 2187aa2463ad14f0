import { afterEach, beforeEach, expect, it } from "vitest";
import { listAudit } from "../platform/audit/audit.service.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  acceptTap,
  agreedEngagement,
  type BillingTest,
  billingSent,
  call,
  customerTaps,
  declineTap,
  quote,
  startBillingServer,
  textOf,
} from "./billing.test-support.js";

describeEachDatabase("budget alerts", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  it("tells the customer once at 80 % of the cap and once at the cap; the agent sees both", async () => {
    const made = await agreedEngagement(t, { serviceType: "urgent_critical", estimateHours: 1, capHours: 2 });
    const entries = `/api/v1/engagements/${made.engagement.id}/time-entries`;
    const alerts = async () =>
      (await billingSent(t, made.conversationId)).map(textOf).filter((m) => /Budget notice|cap of/.test(m));
    expect((await call(t, "POST", entries, { minutes: 90, note: "A" })).body.warning).toBeNull();
    expect(await alerts()).toEqual([]);
    expect((await call(t, "POST", entries, { minutes: 6, note: "B" })).body.warning).toBe("cap_warning");
    expect(await alerts()).toEqual([
      "Budget notice: 1.6 hours of the agreed 2 hours is used so far ($52.50 of at most $60.00). We will ask you before going past the cap.",
    ]);
    await call(t, "POST", entries, { minutes: 10, note: "C" });
    expect(await alerts()).toHaveLength(1);
    expect((await call(t, "POST", entries, { minutes: 14, note: "D" })).body.warning).toBe("cap_reached");
    const both = await alerts();
    expect(both).toHaveLength(2);
    expect(both[1]).toContain("The agreed cap of 2 hours ($60.00) is reached, so work stops here.");
    const audit = (await listAudit(t.server.ctx.db.kysely, "engagement", made.engagement.id)).map(
      (a) => a.action,
    );
    expect(audit).toEqual(["billing.budget.warning", "billing.budget.reached"]);
  });

  it("at the cap offers a cap extension: one tap on Accept raises the cap (a new agreement), Decline stops work", async () => {
    const made = await agreedEngagement(t, { serviceType: "urgent_critical", estimateHours: 1, capHours: 2 });
    const id = made.engagement.id;
    const entries = `/api/v1/engagements/${id}/time-entries`;
    expect((await call(t, "POST", entries, { minutes: 120, note: "All of it" })).body.warning).toBe(
      "cap_reached",
    );
    const sent = await billingSent(t, made.conversationId);
    const [notice, offer] = sent.slice(-2);
    expect(textOf(notice)).toBe(
      "The agreed cap of 2 hours ($60.00) is reached, so work stops here. To go on, tap Accept on the cap extension below: it raises the cap to 4 hours on the same terms. If you tap Decline, we stop here.",
    );
    expect(offer?.content.kind).toBe("buttons");
    expect(textOf(offer)).toContain(
      "Your current cap is 2 hours. This raises it to 4 hours on the same terms.",
    );
    expect(textOf(offer)).toContain("Cap: 4 hours, never more than $120.00.");

    // The agent sees the offer: the engagement's open quote, its history and the audit trail.
    const detail = (await call(t, "GET", `/api/v1/engagements/${id}`)).body;
    expect(detail.currentQuote).toMatchObject({ kind: "extension", capMinutes: 240 });
    const event = detail.events.find((e: { action: string }) => e.action === "quote_extension");
    expect(event?.details).toMatchObject({ automatic: true, code: detail.currentQuote.code });
    const reached = (await listAudit(t.server.ctx.db.kysely, "engagement", id)).find(
      (a) => a.action === "billing.budget.reached",
    );
    expect(reached?.details).toMatchObject({ extensionCode: detail.currentQuote.code, raisedCap: 240 });
    expect((await call(t, "POST", entries, { minutes: 15, note: "More" })).body.error.code).toBe(
      "cap_reached",
    );

    // One tap: a new agreement with the raised cap, and work goes on.
    await customerTaps(t, made.customer, acceptTap(detail.currentQuote.id));
    const after = (await call(t, "GET", `/api/v1/engagements/${id}`)).body;
    expect(after.agreements.map((a: { capMinutes: number }) => a.capMinutes)).toEqual([120, 240]);
    expect(after.agreement.capMinutes).toBe(240);
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain("The cap is now 4 hours.");
    expect((await call(t, "POST", entries, { minutes: 15, note: "More" })).status).toBe(201);

    // At the new cap the offer comes again (another 2 hours); Decline keeps the cap and work stops.
    await call(t, "POST", entries, { minutes: 105, note: "Up to the cap" });
    const again = (await call(t, "GET", `/api/v1/engagements/${id}`)).body;
    expect(again.currentQuote).toMatchObject({ kind: "extension", capMinutes: 360 });
    await customerTaps(t, made.customer, declineTap(again.currentQuote.id), "Decline");
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain(
      "We stop at the current cap of 4 hours.",
    );
    const stopped = await call(t, "POST", entries, { minutes: 15, note: "More" });
    expect(stopped.body.error.code).toBe("cap_reached");
  });

  it("offers nothing by itself when the agent's own quote is already open", async () => {
    const made = await agreedEngagement(t, { serviceType: "urgent_critical", estimateHours: 1, capHours: 2 });
    const id = made.engagement.id;
    await quote(t, id, { serviceType: "urgent_critical", estimateHours: 3, capHours: 3 });
    await call(t, "POST", `/api/v1/engagements/${id}/time-entries`, { minutes: 120, note: "All" });
    const detail = (await call(t, "GET", `/api/v1/engagements/${id}`)).body;
    expect(detail.currentQuote).toMatchObject({ kind: "extension", capMinutes: 180 });
    expect(detail.quotes).toHaveLength(2);
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain(
      "If more is needed, accept the cap extension we sent you with its button.",
    );
  });
});
