import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  acceptTap,
  type BillingTest,
  billingSent,
  call,
  customerTaps,
  customerWrites,
  declineTap,
  newCustomer,
  QUOTE,
  quote,
  requestedEngagement,
  startBillingServer,
  textOf,
} from "./billing.test-support.js";
import { handleInboundForBilling } from "./quote-replies.service.js";
import { sha256Hex } from "./terms.js";

describeEachDatabase("quotes and agreements", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  it("sends a quote with the rate card's rate as Accept/Decline buttons carrying the quote id", async () => {
    const { engagement, conversationId } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    expect(q.code).toMatch(/^Q-[2-9A-HJKMNP-Z]{4}$/);
    expect(q).toMatchObject({
      serviceType: "urgent_critical",
      hourlyRateCents: 3000,
      cardRateCents: 3000,
      rateOverridden: false,
      currency: "USD",
      incrementMinutes: 15,
      minimumMinutes: 0,
      estimateMinutes: 120,
      capMinutes: 240,
      status: "open",
      kind: "initial",
    });
    expect(q.termsSha256).toBe(sha256Hex(q.termsText));
    expect(q.termsText).toContain("Reply Accept");

    const sent = await billingSent(t, conversationId);
    expect(sent).toHaveLength(1);
    const message = sent[0]!.content;
    expect(message.kind).toBe("buttons");
    if (message.kind !== "buttons") return;
    expect(message.body).toBe(q.termsText);
    expect(message.buttons).toEqual([
      { id: `billing:accept:${q.id}`, title: "Accept" },
      { id: `billing:decline:${q.id}`, title: "Decline" },
    ]);
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("quoted");
    expect(detail.body.currentQuote.id).toBe(q.id);
  });

  it("writes the quote in the customer's language (Spanish buttons and terms)", async () => {
    const { engagement, conversationId } = await requestedEngagement(
      t,
      newCustomer(),
      "urgent_critical",
      "es",
    );
    const q = await quote(t, engagement.id);
    expect(q.termsText).toContain("Presupuesto de soporte premium");
    const sent = await billingSent(t, conversationId);
    const message = sent[0]!.content;
    expect(message.kind === "buttons" && message.buttons.map((b) => b.title)).toEqual([
      "Aceptar",
      "Rechazar",
    ]);
  });

  it("marks an overridden rate and keeps the rate card's rate beside it", async () => {
    const { engagement } = await requestedEngagement(t);
    const q = await quote(t, engagement.id, {
      ...QUOTE,
      hourlyRateCents: 2500,
      incrementMinutes: 30,
      minimumMinutes: 60,
    });
    expect(q).toMatchObject({
      hourlyRateCents: 2500,
      cardRateCents: 3000,
      rateOverridden: true,
      incrementMinutes: 30,
      minimumMinutes: 60,
    });
    expect(q.termsText).toContain("$25.00 per hour");
    expect(q.termsText).toContain("Minimum charge: 1 hour.");
  });

  it("refuses bad quote input with a 400 and changes nothing", async () => {
    const { engagement } = await requestedEngagement(t);
    for (const body of [
      { ...QUOTE, capHours: 1, estimateHours: 2 },
      { ...QUOTE, capHours: 0 },
      { ...QUOTE, serviceType: "gardening" },
      { ...QUOTE, estimateHours: 0.001 },
      { ...QUOTE, hourlyRateCents: 12.5 },
    ]) {
      const res = await call(t, "POST", `/api/v1/engagements/${engagement.id}/quotes`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("requested");
    expect(detail.body.quotes).toEqual([]);
  });

  it("creates the agreement when the customer taps Accept: exact terms, hash, wamid, time and sender", async () => {
    const { engagement, customer, conversationId } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    t.clock.advance(5 * 60_000);
    const wamid = await customerTaps(t, customer, acceptTap(q.id));
    const res = await call(t, "GET", `/api/v1/engagements/${engagement.id}/agreement`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      quoteId: q.id,
      quoteCode: q.code,
      termsText: q.termsText,
      termsSha256: sha256Hex(q.termsText),
      acceptedWamid: wamid,
      acceptedAt: "2026-11-25T10:05:00.000Z",
      senderWaId: customer.waId,
      via: "button",
      hourlyRateCents: 3000,
      capMinutes: 240,
      hashVerified: true,
    });
    expect(res.body.rateCardVersion).toMatch(/^[0-9a-f]{64}$/);
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.state).toBe("agreed");
    expect(detail.body.quotes[0].status).toBe("accepted");
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual([
      "request",
      "quote",
      "accept",
    ]);
    expect(detail.body.events[2]).toMatchObject({
      actorType: "customer",
      fromState: "quoted",
      toState: "agreed",
    });
    expect(textOf((await billingSent(t, conversationId)).at(-1))).toContain(`quote ${q.code} is accepted`);
  });

  it("exports the agreement as a text record with the terms and their hash", async () => {
    const { engagement, customer } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    const wamid = await customerTaps(t, customer, acceptTap(q.id));
    const res = await call(t, "GET", `/api/v1/engagements/${engagement.id}/agreement.txt`);
    expect(res.status).toBe(200);
    expect(res.raw.headers["content-type"]).toContain("text/plain");
    const text = res.raw.body;
    expect(text).toContain(q.termsText);
    expect(text).toContain(`Terms SHA-256: ${q.termsSha256} (verified)`);
    expect(text).toContain(wamid);
    expect(text).toContain(`+${customer.waId}`);
  });

  it("accepts a text reply naming the quote code as a fallback", async () => {
    const { engagement, customer } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    const wamid = await customerWrites(t, customer, `Acepto ${q.code.toLowerCase()}, gracias`);
    const res = await call(t, "GET", `/api/v1/engagements/${engagement.id}/agreement`);
    expect(res.body).toMatchObject({ quoteId: q.id, acceptedWamid: wamid, via: "text" });
  });

  it("refuses acceptance of a superseded quote, and accepts the newest", async () => {
    const { engagement, customer, conversationId } = await requestedEngagement(t);
    const first = await quote(t, engagement.id);
    const second = await quote(t, engagement.id, { ...QUOTE, capHours: 5 });
    await customerTaps(t, customer, acceptTap(first.id));
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}/agreement`)).status).toBe(404);
    expect(textOf((await billingSent(t, conversationId)).at(-1))).toContain(
      `Quote ${first.code} was replaced by a newer quote (${second.code})`,
    );
    await customerTaps(t, customer, acceptTap(second.id));
    const agreement = await call(t, "GET", `/api/v1/engagements/${engagement.id}/agreement`);
    expect(agreement.body).toMatchObject({ quoteId: second.id, capMinutes: 300 });
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.quotes.map((x: { status: string }) => x.status)).toEqual(["superseded", "accepted"]);
  });

  it("refuses acceptance from another number", async () => {
    const { engagement, conversationId } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    const stranger = newCustomer("Someone Else");
    await customerWrites(t, stranger, "hola");
    await customerTaps(t, stranger, acceptTap(q.id));
    await customerWrites(t, stranger, `accept ${q.code}`);
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}/agreement`)).status).toBe(404);
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body.state).toBe("quoted");
    const strangerConversation = (
      await t.server.ctx.db.kysely
        .selectFrom("conversations")
        .innerJoin("contacts", "contacts.id", "conversations.contact_id")
        .select("conversations.id")
        .where("contacts.wa_id", "=", stranger.waId)
        .executeTakeFirstOrThrow()
    ).id;
    const answers = await billingSent(t, strangerConversation);
    expect(answers).toHaveLength(2);
    expect(textOf(answers[0])).toContain("was sent to another WhatsApp number");
    expect((await billingSent(t, conversationId)).length).toBe(1);
  });

  it("declines, then refuses a later Accept of the declined quote", async () => {
    const { engagement, customer, conversationId } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    await customerTaps(t, customer, declineTap(q.id), "Decline");
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body.state).toBe("declined");
    await customerTaps(t, customer, acceptTap(q.id));
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body.state).toBe("declined");
    const texts = (await billingSent(t, conversationId)).map(textOf);
    expect(texts[1]).toContain(`You declined quote ${q.code}`);
    expect(texts[2]).toContain(`Quote ${q.code} was declined, so it can no longer be accepted`);
    // A new quote after a decline is allowed and can be accepted.
    const again = await quote(t, engagement.id);
    await customerTaps(t, customer, acceptTap(again.id));
    expect((await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body.state).toBe("agreed");
  });

  it("makes one agreement for a double tap, and tells the customer it is already accepted", async () => {
    const { engagement, customer, conversationId } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    await Promise.all([
      customerTaps(t, customer, acceptTap(q.id)),
      customerTaps(t, customer, acceptTap(q.id)),
    ]);
    await customerTaps(t, customer, acceptTap(q.id));
    const detail = await call(t, "GET", `/api/v1/engagements/${engagement.id}`);
    expect(detail.body.agreements).toHaveLength(1);
    const texts = (await billingSent(t, conversationId)).map(textOf);
    expect(texts.filter((x) => x.includes("is already accepted"))).toHaveLength(2);
  });

  it("handles the same tap delivered twice once", async () => {
    const { engagement, customer, conversationId } = await requestedEngagement(t);
    const q = await quote(t, engagement.id);
    const wamid = await customerTaps(t, customer, acceptTap(q.id));
    const again = await handleInboundForBilling(t.server.ctx, {
      wamid,
      conversationId,
      contactId: (await call(t, "GET", `/api/v1/engagements/${engagement.id}`)).body.contact.id,
      senderWaId: customer.waId,
      timestamp: t.clock.now().toISOString(),
      interactiveId: acceptTap(q.id),
    });
    expect(again.outcome).toBe("duplicate");
    expect((await billingSent(t, conversationId)).length).toBe(2);
  });

  it("works when the settings cache has expired (no read outside the transaction's connection)", async () => {
    const { engagement, customer } = await requestedEngagement(t);
    // The settings cache lasts one second; on SQLite a settings read inside a transaction would deadlock.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const q = await quote(t, engagement.id);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await customerTaps(t, customer, acceptTap(q.id));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call(t, "POST", `/api/v1/engagements/${engagement.id}/close`, {})).status).toBe(200);
  });

  it("leaves ordinary messages to the policy", async () => {
    const res = await handleInboundForBilling(t.server.ctx, {
      wamid: "wamid.X",
      conversationId: "c",
      contactId: "k",
      senderWaId: "1",
      timestamp: t.clock.now().toISOString(),
      text: "I accept your terms of service",
    });
    expect(res).toEqual({ handled: false, outcome: "not_billing" });
  });
});
