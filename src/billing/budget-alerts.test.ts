import { afterEach, beforeEach, expect, it } from "vitest";
import { listAudit } from "../platform/audit/audit.service.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  agreedEngagement,
  type BillingTest,
  billingSent,
  call,
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
});
