import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, TestClock } from "../test/harness.js";
import {
  agreedEngagement,
  type BillingTest,
  call,
  closeApproved,
  startBillingServer,
} from "./billing.test-support.js";

// SQLite has a single writer, so only PostgreSQL can race two invoices for the same number.
const describePostgres = DIALECTS.includes("postgres") ? describe : describe.skip;

describePostgres("invoice numbering under concurrency [postgres]", () => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer("postgres", new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  it("gives 10 invoices issued at once the numbers 1 to 10, without gaps or duplicates", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { engagement } = await agreedEngagement(t);
      await call(t, "POST", `/api/v1/engagements/${engagement.id}/time-entries`, {
        minutes: 15 + i,
        note: "Work",
      });
      await closeApproved(t, engagement.id);
      ids.push(engagement.id);
    }
    // Each engagement invoiced twice at once as well: the second call must fail without using a number.
    const results = await Promise.all(
      [...ids, ...ids].map((id) => call(t, "POST", `/api/v1/engagements/${id}/invoice`, {})),
    );
    const issued = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(issued).toHaveLength(10);
    expect(refused.every((r) => r.status === 409)).toBe(true);
    const numbers = issued.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 10 }, (_, i) => `INV-2026-${String(i + 1).padStart(4, "0")}`),
    );
    const counter = await t.server.ctx.db.kysely
      .selectFrom("invoice_counters")
      .select("last_seq")
      .where("series", "=", "INV")
      .where("year", "=", 2026)
      .executeTakeFirstOrThrow();
    expect(counter.last_seq).toBe(10);
  });
});
