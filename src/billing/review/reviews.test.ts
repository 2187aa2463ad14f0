import { afterEach, beforeEach, expect, it } from "vitest";
import { listAudit } from "../../platform/audit/audit.service.js";
import { describeEachDatabase, signInCookie, TestClock } from "../../test/harness.js";
import {
  agreedEngagement,
  answerReview,
  type BillingTest,
  billingSent,
  call,
  QUOTE,
  reviewTokenOf,
  startBillingServer,
  textOf,
} from "../billing.test-support.js";
import { approveExpiredReviews } from "./reviews.service.js";

describeEachDatabase("the customer's review before the invoice", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  const base = (id: string) => `/api/v1/engagements/${id}`;

  /** Agreed work with entries of these minutes, closed: in review, with the link's token. */
  async function inReview(minutes: number[]) {
    const made = await agreedEngagement(t, { ...QUOTE, capHours: 10 });
    const ids: string[] = [];
    for (const [i, m] of minutes.entries()) {
      const res = await call(t, "POST", `${base(made.engagement.id)}/time-entries`, {
        minutes: m,
        note: `Task ${i + 1}`,
      });
      ids.push(res.body.entry.id);
    }
    const closed = await call(t, "POST", `${base(made.engagement.id)}/close`, {});
    expect(closed.body.state).toBe("in_review");
    return { ...made, entryIds: ids, token: await reviewTokenOf(t, made.engagement.id) };
  }

  const page = (token: string, lang: "es" | "en") =>
    t.server.app.inject({ method: "GET", url: `/billing/review/${token}?lang=${lang}` });

  it("shows the entries, the rounding, the agreement and the total, in English and in Spanish", async () => {
    const made = await inReview([40, 22]);
    const en = await page(made.token, "en");
    expect(en.statusCode).toBe(200);
    expect(en.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(en.body).toContain("Review of your premium support");
    expect(en.body).toContain("Task 1");
    expect(en.body).toContain("Rounding up to blocks of 15 minutes");
    expect(en.body).toContain(`Quote ${made.quote.code}`);
    expect(en.body).toContain("$37.50"); // 1 h 15 min at $30.00
    expect(en.body).toContain(">Approve<");
    // The deadline is a wall-clock time for someone elsewhere: it says its zone, on the page and in the
    // WhatsApp message (closed at 10:00 UTC = 15:30 in Kolkata, the vendor's zone).
    expect(en.body).toMatch(/Nov \d+, 2026, 3:30\sPM \(Asia\/Kolkata\)/);
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toMatch(
      /until Nov \d+, 2026, 3:30\sPM \(Asia\/Kolkata\)/,
    );
    const es = await page(made.token, "es");
    expect(es.body).toContain('lang="es"');
    expect(es.body).toContain("Revisión de tu soporte premium");
    expect(es.body).toContain("Redondeo a bloques de 15 minutos");
    expect(es.body).toContain(">Aprobar<");
  });

  it("refuses the invoice while the review is pending (409 review_pending), invoices once approved", async () => {
    const made = await inReview([30]);
    const early = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("review_pending");
    expect((await call(t, "GET", base(made.engagement.id))).body.invoices).toEqual([]);
    const approved = await answerReview(t, made.token, "approve");
    expect(approved.statusCode).toBe(303);
    expect((await page(made.token, "en")).body).toContain("you approved this work");
    // A second answer changes nothing.
    expect((await answerReview(t, made.token, "dispute", "too late")).statusCode).toBe(303);
    const detail = await call(t, "GET", base(made.engagement.id));
    expect(detail.body.state).toBe("closed");
    expect(detail.body.review).toMatchObject({ status: "approved", decidedBy: "customer", reason: "" });
    const invoice = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(invoice.status).toBe(201);
    expect(invoice.body.totalCents).toBe(1500);
  });

  it("a dispute puts the work in disputed; the owner adjusts and sends a new review, the old link stops", async () => {
    const made = await inReview([60, 30]);
    expect((await answerReview(t, made.token, "dispute", "")).statusCode).toBe(400);
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("in_review");
    expect((await answerReview(t, made.token, "dispute", "Task 2 was your own bug")).statusCode).toBe(303);
    const disputed = await call(t, "GET", base(made.engagement.id));
    expect(disputed.body.state).toBe("disputed");
    expect(disputed.body.review).toMatchObject({ status: "disputed", reason: "Task 2 was your own bug" });
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain("we received your comments");
    const refused = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(refused.body.error.code).toBe("review_pending");
    // The owner takes Task 2 off and sends a new review.
    const [, second] = made.entryIds;
    expect(
      (await call(t, "DELETE", `/api/v1/time-entries/${second}`, { reason: "customer's dispute" })).status,
    ).toBe(200);
    const again = await call(t, "POST", `${base(made.engagement.id)}/review`, {});
    expect(again.status).toBe(200);
    expect(again.body.state).toBe("in_review");
    expect(again.body.review).toMatchObject({ status: "pending", amountCents: 3000 });
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain("We adjusted the time");
    const old = await page(made.token, "en");
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain("replaced by a newer one");
    expect((await answerReview(t, made.token, "approve")).statusCode).toBe(303);
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("in_review");
    const token = await reviewTokenOf(t, made.engagement.id);
    expect(token).not.toBe(made.token);
    await answerReview(t, token, "approve");
    const invoice = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(invoice.body.totalCents).toBe(3000);
    const actions = (await call(t, "GET", base(made.engagement.id))).body.events.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["close", "dispute_review", "review_again", "approve_review", "invoice"]),
    );
    const audit = (await listAudit(t.server.ctx.db.kysely, "engagement", made.engagement.id)).map(
      (a) => a.action,
    );
    expect(audit).toEqual([
      "billing.review.sent",
      "billing.review.disputed",
      "billing.review.sent",
      "billing.review.approved",
    ]);
  });

  it("time corrected after the customer approved it goes back to review: the invoice waits for the new answer", async () => {
    const made = await inReview([60, 30]);
    await answerReview(t, made.token, "approve");
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("closed");
    const [first, second] = made.entryIds;
    const patched = await call(t, "PATCH", `/api/v1/time-entries/${first}`, { minutes: 45, reason: "typo" });
    expect(patched.status).toBe(200);
    const detail = (await call(t, "GET", base(made.engagement.id))).body;
    expect(detail.state).toBe("in_review");
    expect(detail.review).toMatchObject({ status: "pending", amountCents: 3750 });
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain("We adjusted the time");
    const refused = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(refused.body.error.code).toBe("review_pending");
    // While the customer reviews it, the time cannot change under them.
    const during = await call(t, "DELETE", `/api/v1/time-entries/${second}`, { reason: "dup" });
    expect(during.body.error.code).toBe("invalid_state");
    const token = await reviewTokenOf(t, made.engagement.id);
    expect(token).not.toBe(made.token);
    await answerReview(t, token, "approve");
    const invoice = await call(t, "POST", `${base(made.engagement.id)}/invoice`, {});
    expect(invoice.status).toBe(201);
    expect(invoice.body.totalCents).toBe(3750); // 1 h 15 min at $30.00, as approved the second time
    const actions = detail.events.map((e: { action: string }) => e.action);
    expect(actions).toContain("review_correction");
  });

  it("the owner may answer a dispute and override it: the answer goes to the customer", async () => {
    const made = await inReview([45]);
    await answerReview(t, made.token, "dispute", "45 minutes seems long");
    const bad = await call(t, "POST", `${base(made.engagement.id)}/review/override`, { answer: "" });
    expect(bad.status).toBe(400);
    const over = await call(t, "POST", `${base(made.engagement.id)}/review/override`, {
      answer: "The backup restore alone took 30 minutes.",
    });
    expect(over.status).toBe(200);
    expect(over.body.state).toBe("closed");
    expect(over.body.review).toMatchObject({
      status: "overridden",
      answer: "The backup restore alone took 30 minutes.",
    });
    expect(textOf((await billingSent(t, made.conversationId)).at(-1))).toContain(
      "The backup restore alone took 30 minutes.",
    );
    expect(
      (await call(t, "POST", `${base(made.engagement.id)}/review/override`, { answer: "x" })).status,
    ).toBe(409);
    expect((await call(t, "POST", `${base(made.engagement.id)}/invoice`, {})).status).toBe(201);
  });

  it("no answer within the review period counts as approval (the schedule records it)", async () => {
    const made = await inReview([30]);
    t.clock.advance(3 * 86_400_000 - 60_000);
    expect(await approveExpiredReviews(t.server.ctx)).toBe(0);
    t.clock.advance(2 * 60_000);
    expect(await approveExpiredReviews(t.server.ctx)).toBe(1);
    expect(await approveExpiredReviews(t.server.ctx)).toBe(0);
    t.cookie = await signInCookie(t.server);
    const detail = await call(t, "GET", base(made.engagement.id));
    expect(detail.body.state).toBe("closed");
    expect(detail.body.review).toMatchObject({ status: "approved", decidedBy: "system" });
    expect((await page(made.token, "en")).body).toContain("review period ended without comments");
    // A late dispute changes nothing.
    await answerReview(t, made.token, "dispute", "late");
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("closed");
  });

  it("answers an unknown or malformed link with 404 and changes nothing", async () => {
    const made = await inReview([30]);
    for (const token of ["0".repeat(40), "not-a-token", made.token.toUpperCase()]) {
      expect((await page(token, "en")).statusCode, token).toBe(404);
      expect((await answerReview(t, token, "approve")).statusCode, token).toBe(404);
    }
    expect((await call(t, "GET", base(made.engagement.id))).body.state).toBe("in_review");
  });
});
