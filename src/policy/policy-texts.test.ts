import { describe, expect, it } from "vitest";
import { parseConfig } from "../platform/config.js";
import { defaultSettings } from "../settings/settings.defaults.js";
import type { Settings } from "../settings/settings.schema.js";
import { REPLY_IDS, renderReply, type TextEnv, validateTexts } from "./policy-texts.js";

const settings = defaultSettings(parseConfig({ NODE_ENV: "test" }));
const url = "https://desk.example.com";
const env = (language: "es" | "en", s: Settings = settings): TextEnv => ({
  settings: s,
  language,
  publicUrl: url,
});
/** Intl puts no-break spaces inside amounts ("15,00 US$"); compare with plain spaces. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/\u00a0|\u202f/g, " "));
const render = (...args: Parameters<typeof renderReply>) => plain(renderReply(...args));
const withTexts = (overrides: Settings["texts"]["overrides"]): Settings => ({
  ...settings,
  texts: { overrides },
});

describe("renderReply", () => {
  it("greets in Spanish with the premium click-to-chat link, three rates, the portal and three buttons", () => {
    const content = render({ kind: "greeting" }, env("es"));
    expect(content.kind).toBe("buttons");
    if (content.kind !== "buttons") return;
    expect(content.body).toContain("consultas previas a la venta");
    expect(content.body).toContain("https://wa.me/34600333444");
    expect(content.body).toContain("+34 600 333 444");
    expect(content.body).toContain("Consulta: 15,00 US$ por hora");
    expect(content.body).toContain("Soporte técnico: 20,00 US$ por hora");
    expect(content.body).toContain("Trabajo crítico urgente: 30,00 US$ por hora");
    expect(content.body).toContain(`${url}/support?lang=es`);
    expect(content.buttons).toEqual([
      { id: REPLY_IDS.presales, title: "Pregunta de preventa" },
      { id: REPLY_IDS.purchase, title: "Ayuda con mi compra" },
      { id: REPLY_IDS.premium, title: "Soporte premium" },
    ]);
    expect(Array.from(content.body).length).toBeLessThanOrEqual(1024);
  });

  it("greets in English with the same structure", () => {
    const content = render({ kind: "greeting" }, env("en"));
    if (content.kind !== "buttons") throw new Error("expected buttons");
    expect(content.body).toContain("pre-sales questions");
    expect(content.body).toContain("Consultation: $15.00 per hour");
    expect(content.buttons.map((b) => b.title)).toEqual([
      "Pre-sales question",
      "Help with a purchase",
      "Premium support",
    ]);
  });

  it("follows the settings: a new rate and vendor name show in the greeting", () => {
    const s = {
      ...settings,
      vendor: { ...settings.vendor, name: "Acme Extensions" },
      rates: { ...settings.rates, hourly: { ...settings.rates.hourly, urgent_critical: 4500 } },
    };
    const content = render({ kind: "greeting" }, env("en", s));
    if (content.kind !== "buttons") throw new Error("expected buttons");
    expect(content.body).toContain("Acme Extensions");
    expect(content.body).toContain("Urgent critical work: $45.00 per hour");
  });

  it("names the product and support state in a personal redirect", () => {
    const content = render(
      {
        kind: "redirect",
        customer: {
          name: "John Smith",
          licenses: [
            { product: "Product Filter", supportUntil: "2027-03-01", support: "active" },
            { product: "One Page Checkout", supportUntil: "2026-06-30", support: "expired" },
          ],
        },
      },
      env("en"),
    );
    if (content.kind !== "text") throw new Error("expected text");
    expect(content.text).toContain("Hi John!");
    expect(content.text).toContain(
      `Your license for Product Filter has support until March 1, 2027: open a free ticket here: ${url}/support?lang=en`,
    );
    expect(content.text).toContain(
      "Support for One Page Checkout ended on June 30, 2026: renew it here: https://www.huntbee.com/renew",
    );
    expect(content.text).toContain("https://wa.me/34600333444");
  });

  it("writes dates the Spanish way in Spanish", () => {
    const content = render(
      {
        kind: "redirect",
        customer: {
          name: "Lucía",
          licenses: [{ product: "Filtro", supportUntil: "2027-03-01", support: "active" }],
        },
      },
      env("es"),
    );
    if (content.kind !== "text") throw new Error("expected text");
    expect(content.text).toContain("Tu licencia de Filtro tiene soporte hasta el 1 de marzo de 2027");
  });

  it("puts the premium rate card in a list of the three services within the row limits", () => {
    const content = render({ kind: "rateCard" }, env("es"));
    if (content.kind !== "list") throw new Error("expected list");
    expect(content.body).toContain("solo después de que aceptes un presupuesto");
    expect(content.body).toContain("aunque tu licencia incluya soporte");
    expect(content.body).toContain(`${url}/support?lang=es`);
    expect(content.sections[0]?.rows).toEqual([
      { id: "service:consultation", title: "Consulta", description: "15,00 US$ por hora" },
      { id: "service:technical_support", title: "Soporte técnico", description: "20,00 US$ por hora" },
      { id: "service:urgent_critical", title: "Trabajo crítico urgente", description: "30,00 US$ por hora" },
    ]);
  });

  it("acknowledges out of hours with today, tomorrow or the weekday, and the time zone in words", () => {
    const ack = (inDays: number, language: "en" | "es") =>
      render(
        { kind: "presalesAck", open: false, nextOpen: { weekday: 1, time: "10:00", inDays } },
        env(language),
      );
    expect(ack(0, "en")).toEqual({
      kind: "text",
      text: expect.stringContaining("when we open: today at 10:00 (India Standard Time)."),
    });
    expect(ack(1, "en")).toMatchObject({
      text: expect.stringContaining("when we open: tomorrow at 10:00 ("),
    });
    expect(ack(3, "en")).toMatchObject({
      text: expect.stringContaining("when we open: on Monday at 10:00 ("),
    });
    expect(ack(0, "es")).toMatchObject({
      text: expect.stringContaining("cuando abramos: hoy a las 10:00 ("),
    });
    expect(ack(1, "es")).toMatchObject({
      text: expect.stringContaining("cuando abramos: mañana a las 10:00 (hora estándar de la India)."),
    });
    expect(ack(3, "es")).toMatchObject({
      text: expect.stringContaining("cuando abramos: el lunes a las 10:00 ("),
    });
  });

  it("asks how to help only a customer who has not asked anything yet", () => {
    const greeting = (asked: boolean) => {
      const content = render({ kind: "greeting", asked }, env("en"));
      return content.kind === "buttons" ? content.body : "";
    };
    expect(greeting(false)).toMatch(/How can we help you\?$/);
    expect(greeting(true)).not.toContain("How can we help");
  });

  it("uses the owner's wording when it fits, and the built-in text when it no longer does", () => {
    const own = renderReply(
      { kind: "greeting" },
      env("en", withTexts({ greeting: { en: "Hi from {vendor}! Premium: {premiumLink}" } })),
    );
    expect(own.kind === "buttons" && own.body).toBe("Hi from HuntBee! Premium: https://wa.me/34600333444");

    const tooLong = `${"x".repeat(1000)} {rates}`;
    const fallback = renderReply({ kind: "greeting" }, env("en", withTexts({ greeting: { en: tooLong } })));
    expect(fallback.kind === "buttons" && fallback.body).toContain("official WhatsApp number");
  });
});

describe("validateTexts", () => {
  it("accepts the built-in texts in both languages", () => {
    expect(validateTexts(settings, {}, url)).toEqual([]);
  });

  it("refuses a button title over 20 characters, a body over 1024 once filled, and unknown placeholders", () => {
    const problems = validateTexts(
      settings,
      {
        buttonPresales: { es: "Tengo una pregunta antes de comprar" },
        rateCard: { en: `${"y".repeat(1000)}\n{rates}` },
        redirect: { en: "Tickets: {portalURL}" },
      },
      url,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: "greeting", language: "es", message: expect.stringContaining("20") }),
        expect.objectContaining({
          key: "rateCard",
          language: "en",
          message: expect.stringContaining("1024"),
        }),
        expect.objectContaining({
          key: "redirect",
          language: "en",
          message: "{portalURL} is not available in this text",
        }),
      ]),
    );
    expect(problems.filter((p) => p.language === "en" && p.key === "greeting")).toEqual([]);
  });
});
