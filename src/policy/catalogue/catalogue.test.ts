import { describe, expect, it } from "vitest";
import { normalise } from "../intent.js";
import { answer } from "./answer.js";
import { TEST_CATALOGUE } from "./catalogue.test-support.js";
import { recognise } from "./recognise.js";
import { askedVersions, verdict } from "./versions.js";

const reply = (text: string, language: "es" | "en", context?: string) =>
  answer(recognise(text, TEST_CATALOGUE, context), TEST_CATALOGUE, language);

describe("versions as customers write them", () => {
  it.each([
    ["¿funciona con OpenCart 4.0.2.3?", "4.0.2.3", undefined],
    ["works on oc3?", "3", undefined],
    ["compatible con opencart 4?", "4", undefined],
    ["y con la 3.0.x", "3.0.x", undefined],
    ["Does it run on PHP 8.1 with OpenCart 3.0.3.9?", "3.0.3.9", "8.1"],
    ["funciona con php8.2", undefined, "8.2"],
    ["cuesta 49.99?", undefined, undefined],
  ])("%s", (text, opencart, php) => {
    const v = askedVersions(normalise(text));
    expect(v.opencart?.text).toBe(opencart);
    expect(v.php?.text).toBe(php);
  });

  it("says yes only for a listed version or one a listed version covers", () => {
    const ask = (text: string) => askedVersions(normalise(`opencart ${text}`)).opencart!;
    expect(verdict(["3.0", "4.0"], ask("4.0.2.3"))).toEqual({ kind: "yes", listed: "4.0" });
    expect(verdict(["4.0.2.1", "4.0.2.3"], ask("4.0.2.2"))).toEqual({ kind: "no" });
    expect(verdict(["3.0.3.9", "4.0.2.1", "4.0.2.3"], ask("4"))).toEqual({
      kind: "some",
      listed: ["4.0.2.1", "4.0.2.3"],
    });
    expect(verdict(["3.0", "4.0"], ask("1.5.6.4"))).toEqual({ kind: "no" });
    expect(verdict(["4.0.x"], ask("4.0.2.3"))).toEqual({ kind: "yes", listed: "4.0.x" });
  });
});

describe("catalogue answers", () => {
  it("says yes to a listed version, in Spanish, with the demo link, by alias", () => {
    const a = reply("¿El módulo de facturas funciona con OpenCart 4.0.2.3?", "es");
    expect(a.send).toBe(true);
    expect(a.productId).toBe("invoice");
    expect(a.text).toContain("Sí: PDF Invoice Pro funciona con OpenCart 4.0.2.3.");
    expect(a.text).toContain("https://demo.example/invoice");
  });

  it("says no to an unlisted version and gives the supported ones", () => {
    const a = reply("Does the invoice module work with 1.5.6.4?", "en");
    expect(a.send).toBe(true);
    expect(a.text).toContain("OpenCart 1.5.6.4 is not among the versions PDF Invoice Pro is listed for");
    expect(a.text).toContain("3.0.3.8, 3.0.3.9, 4.0.2.1 and 4.0.2.3");
    expect(a.text).not.toMatch(/\bYes\b/);
  });

  it("lists which 4.x versions are supported for a broad 'OpenCart 4'", () => {
    const a = reply("is PDF invoice compatible with OpenCart 4?", "en");
    expect(a.text).toContain("supports these OpenCart 4 versions: 4.0.2.1 and 4.0.2.3");
  });

  it("gives the price with the store link, and the demo link, forgiving a typo", () => {
    const price = reply("cuanto cuesta el one page chekout?", "es");
    expect(price.send).toBe(true);
    expect(price.text).toMatch(/One Page Checkout cuesta 59,00\s*US\$/);
    expect(price.text).toContain("https://shop.example/checkout");
    const demo = reply("Do you have a demo of the SEO suite?", "en");
    expect(demo.text).toContain("https://demo.example/seo");
  });

  it("answers with the owner's own Q&A in the customer's language", () => {
    const a = reply("Hola, ¿el checkout rápido funciona con PayPal y Stripe?", "es");
    expect(a.kinds).toEqual(["qa"]);
    expect(a.text).toContain("PayPal y Stripe incluidos");
  });

  it("keeps the product of the conversation for a follow-up", () => {
    const a = reply("¿y con la 3.0.3.9?", "es", "invoice");
    expect(a.send).toBe(true);
    expect(a.text).toContain("PDF Invoice Pro funciona con OpenCart 3.0.3.9");
  });

  it("does not lend the conversation's product to another product the customer names", () => {
    expect(reply("Does your shipping module work with OpenCart 4?", "en", "invoice")).toMatchObject({
      send: false,
      whyNot: "no_product",
    });
    expect(reply("¿Y el módulo de envíos funciona con la 4.0?", "es", "invoice").send).toBe(false);
    expect(reply("Does the module work with 3.0.3.9?", "en", "invoice")).toMatchObject({
      send: true,
      productId: "invoice",
    });
  });

  it("never answers when it cannot be sure", () => {
    expect(reply("Does your shipping module work with OpenCart 4?", "en")).toMatchObject({
      send: false,
      whyNot: "no_product",
    });
    expect(reply("SEO suite or one page checkout, which works with OpenCart 4?", "en")).toMatchObject({
      send: false,
      whyNot: "several_products",
    });
    expect(reply("How much are the WhatsApp notifications?", "en")).toMatchObject({
      send: false,
      whyNot: "missing_fact",
    });
    expect(reply("Does the SEO suite generate a sitemap?", "en")).toMatchObject({
      send: false,
      whyNot: "not_a_catalogue_question",
    });
    const mixed = reply(
      "If I buy the SEO suite, is installation included, and does it work with 4.0.2.3?",
      "en",
    );
    expect(mixed.send).toBe(false);
    expect(mixed.whyNot).toBe("other_question");
    expect(mixed.text).toContain("Advanced SEO Suite works with OpenCart 4.0.2.3");
  });
});

describe("the recogniser on its held-out examples", () => {
  it("answers most of them right and never answers one that must wait for a person", async () => {
    const { measureCatalogue } = await import("./catalogue.js");
    const { CATALOGUE_HOLDOUT } = await import("./catalogue.holdout.js");
    const result = measureCatalogue(CATALOGUE_HOLDOUT, TEST_CATALOGUE);
    const mustWait = CATALOGUE_HOLDOUT.filter((e) => !e.send).map((e) => e.text);
    const sentWrongly = result.failures.filter(
      (f) => mustWait.some((t) => f.startsWith(t)) && f.includes("→ sent"),
    );
    expect(sentWrongly).toEqual([]);
    expect(result.correct / result.total).toBeGreaterThanOrEqual(0.8);
  });
});
