import { describe, expect, it } from "vitest";
import { parseConfig } from "../platform/config.js";
import { defaultSettings } from "../settings/settings.defaults.js";
import { type DecideInput, decide, type PolicyAction } from "./decide.js";

const settings = defaultSettings(parseConfig({ NODE_ENV: "test" }));
// Wednesday 2026-11-25, 12:00 in Kolkata: inside business hours (Mon–Fri 10:00–19:00).
const NOW = new Date("2026-11-25T06:30:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

function input(over: Partial<DecideInput> & Pick<DecideInput, "message">): DecideInput {
  return {
    role: "presales",
    now: NOW,
    settings,
    contact: { waId: "34612345678" },
    lastSent: {},
    ...over,
  };
}

const text = (t: string) => ({ kind: "text" as const, text: t });
const tap = (id: string) => ({ kind: "tap" as const, replyId: id });
const replies = (actions: PolicyAction[]) =>
  actions.flatMap((a) => (a.type === "reply" ? [a.reply.kind] : []));
const stateOf = (actions: PolicyAction[]) => actions.find((a) => a.type === "setState");

describe("decide: the official (pre-sales) number", () => {
  it("greets a new contact once per cooldown and queues the question for an agent", () => {
    const d = decide(input({ message: text("¿Funciona con OpenCart 4?") }));
    expect(d.intent).toBe("presales");
    expect(d.actions).toContainEqual({
      type: "reply",
      reply: { kind: "greeting", asked: true },
      once: { marker: "greeting", cutoff: hoursAgo(24) },
    });
    expect(stateOf(d.actions)).toEqual({ type: "setState", state: "waiting" });
  });

  it("does not greet again within the cooldown, and greets again after it", () => {
    const within = decide(input({ message: text("Hola"), lastSent: { greeting: hoursAgo(23) } }));
    expect(replies(within.actions)).toEqual([]);
    expect(stateOf(within.actions)).toEqual({ type: "setState", state: "waiting" });
    const after = decide(input({ message: text("Hola"), lastSent: { greeting: hoursAgo(25) } }));
    expect(replies(after.actions)).toEqual(["greeting"]);
  });

  it("does not greet again a contact who keeps writing (not silent for the cooldown)", () => {
    const d = decide(
      input({
        message: text("Otra pregunta"),
        lastSent: { greeting: hoursAgo(48) },
        previousInboundAt: hoursAgo(20),
      }),
    );
    expect(replies(d.actions)).toEqual([]);
    const silent = decide(
      input({
        message: text("Otra pregunta"),
        lastSent: { greeting: hoursAgo(48) },
        previousInboundAt: hoursAgo(30),
      }),
    );
    expect(replies(silent.actions)).toEqual(["greeting"]);
  });

  it("follows the cooldown setting", () => {
    const s = { ...settings, presales: { ...settings.presales, autoReplyCooldownHours: 2 } };
    const d = decide(input({ settings: s, message: text("Hi"), lastSent: { greeting: hoursAgo(3) } }));
    expect(replies(d.actions)).toEqual(["greeting"]);
  });

  it("greets on a photo or a sticker too (no text to read)", () => {
    expect(replies(decide(input({ message: { kind: "other" } })).actions)).toEqual(["greeting"]);
  });

  it("redirects post-purchase support instead of queueing it as pre-sales", () => {
    const d = decide(
      input({ message: text("I bought your extension and after installing it shows an error") }),
    );
    expect(d.intent).toBe("support");
    expect(d.actions).toContainEqual({
      type: "reply",
      reply: { kind: "redirect" },
      once: { marker: "redirect", cutoff: hoursAgo(24) },
      stamps: ["greeting"],
      answers: true,
    });
    expect(stateOf(d.actions)).toEqual({ type: "setState", state: "redirected" });
  });

  it("redirects once per cooldown: a second support message stays redirected without a reply", () => {
    const d = decide(
      input({ message: text("mi licencia no funciona"), lastSent: { redirect: hoursAgo(1) } }),
    );
    expect(replies(d.actions)).toEqual([]);
    expect(stateOf(d.actions)).toEqual({ type: "setState", state: "redirected" });
  });

  it("makes the redirect personal for a linked customer: active support first, then expired", () => {
    const d = decide(
      input({
        message: text("Compré el filtro y no funciona"),
        customer: {
          name: "Lucía Fernández",
          licenses: [
            { product: "Old Checkout", status: "active", supportUntil: "2025-01-31" },
            { product: "Product Filter", status: "active", supportUntil: "2027-03-01" },
            { product: "Refunded Thing", status: "refunded", supportUntil: "2027-12-31" },
          ],
        },
      }),
    );
    const action = d.actions.find((a) => a.type === "reply");
    expect(action?.type === "reply" && action.reply).toEqual({
      kind: "redirect",
      customer: {
        name: "Lucía Fernández",
        licenses: [
          { product: "Product Filter", supportUntil: "2027-03-01", support: "active" },
          { product: "Old Checkout", supportUntil: "2025-01-31", support: "expired" },
          { product: "Refunded Thing", supportUntil: "2027-12-31", support: "refunded" },
        ],
      },
    });
  });

  it("judges support on the vendor's calendar: the last day of support is still active", () => {
    // 2026-11-25 in Kolkata.
    const d = decide(
      input({
        message: text("I purchased the module and it is not working"),
        customer: {
          name: "Ann",
          licenses: [{ product: "Filter", status: "active", supportUntil: "2026-11-25" }],
        },
      }),
    );
    const action = d.actions.find((a) => a.type === "reply");
    expect(
      action?.type === "reply" && action.reply.kind === "redirect" && action.reply.customer?.licenses[0],
    ).toMatchObject({ support: "active" });
  });

  it("answers a premium request on the official number with the premium line", () => {
    const d = decide(input({ message: text("URGENT my store is down, I will pay") }));
    expect(d.intent).toBe("premium");
    expect(replies(d.actions)).toEqual(["premiumInfo"]);
    expect(stateOf(d.actions)).toEqual({ type: "setState", state: "redirected" });
  });

  it("acknowledges the Pre-sales question button during business hours and waits for an agent", () => {
    const d = decide(input({ message: tap("route:presales") }));
    expect(d.actions).toEqual([
      { type: "reply", reply: { kind: "presalesAck", open: true }, stamps: ["greeting"] },
      { type: "setState", state: "waiting" },
    ]);
  });

  it("acknowledges out of hours with the next opening", () => {
    // Saturday 2026-11-28 12:00 Kolkata.
    const d = decide(input({ now: new Date("2026-11-28T06:30:00Z"), message: tap("route:presales") }));
    expect(d.actions[0]).toMatchObject({
      reply: { kind: "presalesAck", open: false, nextOpen: { weekday: 1, time: "10:00" } },
    });
  });

  it("says today or tomorrow by the customer's own day", () => {
    const nextOpen = (now: string, waId: string) => {
      const d = decide(input({ now: new Date(now), contact: { waId }, message: tap("route:presales") }));
      const action = d.actions[0];
      return action?.type === "reply" && action.reply.kind === "presalesAck"
        ? action.reply.nextOpen
        : undefined;
    };
    // Thursday 23:30 in Kolkata, 19:00 in Madrid: Friday's opening is tomorrow for both.
    expect(nextOpen("2026-11-26T18:00:00Z", "34612345678")).toEqual({ weekday: 5, time: "10:00", inDays: 1 });
    // Friday 05:00 in Kolkata, 00:30 in Madrid: today; still Thursday 18:30 in Lima: tomorrow.
    expect(nextOpen("2026-11-26T23:30:00Z", "34612345678")).toMatchObject({ inDays: 0 });
    expect(nextOpen("2026-11-26T23:30:00Z", "51987654321")).toMatchObject({ inDays: 1 });
    // A number whose country spans several zones is judged by the vendor's day.
    expect(nextOpen("2026-11-26T23:30:00Z", "15551234567")).toMatchObject({ inDays: 0 });
  });

  it("does not ask how to help when the first message already asks something", () => {
    const asked = decide(input({ message: text("¿Funciona con OpenCart 4?") }));
    const hello = decide(input({ message: text("Hola") }));
    const greeting = (d: ReturnType<typeof decide>) =>
      d.actions.find((a) => a.type === "reply" && a.reply.kind === "greeting");
    expect(greeting(asked)).toMatchObject({ reply: { kind: "greeting", asked: true } });
    expect(greeting(hello)).toMatchObject({ reply: { kind: "greeting" } });
    expect(greeting(hello)).not.toMatchObject({ reply: { asked: true } });
  });

  it("greets an ad lead as pre-sales even when its words read as post-purchase support", () => {
    const d = decide(input({ message: { ...text("I bought it and it shows an error"), fromAd: true } }));
    expect(replies(d.actions)).toEqual(["greeting"]);
    expect(stateOf(d.actions)).toEqual({ type: "setState", state: "waiting" });
  });

  it("starts nothing for what is not the customer writing", () => {
    expect(decide(input({ message: { kind: "none" } })).actions).toEqual([]);
  });

  it("redirects on Help with a purchase, even within the redirect cooldown", () => {
    const d = decide(input({ message: tap("route:purchase"), lastSent: { redirect: hoursAgo(1) } }));
    expect(replies(d.actions)).toEqual(["redirect"]);
    expect(stateOf(d.actions)).toEqual({ type: "setState", state: "redirected" });
  });

  it("gives the premium line information on Premium support", () => {
    const d = decide(input({ message: tap("route:premium") }));
    expect(replies(d.actions)).toEqual(["premiumInfo"]);
  });

  it("stays silent on quote replies (billing answers them)", () => {
    expect(decide(input({ message: tap("billing:accept:q1") })).actions).toEqual([]);
  });
});

describe("decide: the premium number", () => {
  const premium = (over: Partial<DecideInput> & Pick<DecideInput, "message">) =>
    input({ role: "premium", ...over });

  it("sends the rate card to a contact without an open engagement, once per cooldown", () => {
    expect(replies(decide(premium({ message: text("Hi, I need help") })).actions)).toEqual(["rateCard"]);
    const again = decide(premium({ message: text("hello?"), lastSent: { rate_card: hoursAgo(1) } }));
    expect(replies(again.actions)).toEqual([]);
    expect(stateOf(again.actions)).toEqual({ type: "setState", state: "waiting" });
  });

  it("sends no rate card while an engagement is open", () => {
    expect(replies(decide(premium({ message: text("Any news?"), openEngagement: true })).actions)).toEqual(
      [],
    );
  });

  it("turns the chosen service into a requested engagement and confirms it", () => {
    const d = decide(premium({ message: tap("service:technical_support") }));
    expect(d.actions).toEqual([
      { type: "requestEngagement", serviceType: "technical_support" },
      {
        type: "reply",
        reply: { kind: "serviceRequested", serviceType: "technical_support" },
        stamps: ["rate_card"],
      },
      { type: "setState", state: "waiting" },
    ]);
  });

  it("does not open a second engagement, nor accept an unknown service", () => {
    const open = decide(premium({ message: tap("service:consultation"), openEngagement: true }));
    expect(open.actions.some((a) => a.type === "requestEngagement")).toBe(false);
    const bogus = decide(premium({ message: tap("service:free_lunch") }));
    expect(bogus.actions.some((a) => a.type === "requestEngagement")).toBe(false);
  });

  it("leaves quote Accept/Decline taps and 'acepto Q-XXXX' texts to billing", () => {
    expect(decide(premium({ message: tap("billing:accept:q123") })).actions).toEqual([]);
    expect(decide(premium({ message: tap("billing:decline:q123") })).actions).toEqual([]);
    expect(decide(premium({ message: text("Acepto Q-7KXM") })).actions).toEqual([]);
  });
});

describe("decide: language", () => {
  it("reads the language from the text and remembers it", () => {
    const d = decide(input({ contact: { waId: "447700900123" }, message: text("Hola, ¿tienen descuento?") }));
    expect(d.language).toBe("es");
    expect(d.actions).toContainEqual({ type: "rememberLanguage", language: "es" });
  });

  it("keeps the remembered language when the text says too little", () => {
    const d = decide(input({ contact: { waId: "447700900123", language: "es" }, message: text("ok 👍") }));
    expect(d.language).toBe("es");
    expect(d.actions.some((a) => a.type === "rememberLanguage")).toBe(false);
  });

  it("falls back to the phone's country, then to the vendor's default", () => {
    expect(decide(input({ contact: { waId: "5215512345678" }, message: text("OC 4.0.2.3?") })).language).toBe(
      "es",
    );
    expect(decide(input({ contact: { waId: "447700900123" }, message: text("OC 4.0.2.3?") })).language).toBe(
      "en",
    );
    const s = { ...settings, vendor: { ...settings.vendor, defaultLanguage: "es" as const } };
    expect(
      decide(input({ settings: s, contact: { waId: "8613800138000" }, message: { kind: "other" } })).language,
    ).toBe("es");
  });

  it("never overrides a language an agent chose", () => {
    const d = decide(
      input({
        contact: { waId: "34612345678", language: "en", languagePinned: true },
        message: text("Hola, ¿qué tal?"),
      }),
    );
    expect(d.language).toBe("en");
    expect(d.actions.some((a) => a.type === "rememberLanguage")).toBe(false);
  });
});
