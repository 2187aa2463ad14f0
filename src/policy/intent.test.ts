import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INTENT_EXAMPLES, type LabelledMessage } from "./intent.examples.js";
import { INTENT_HOLDOUT } from "./intent.holdout.js";
import { classifyIntent, type Intent, normalise } from "./intent.js";

interface Accuracy {
  overall: number;
  es: number;
  en: number;
  line: string;
  misses: string[];
}

function accuracy(label: string, messages: readonly LabelledMessage[]): Accuracy {
  const tally = { es: [0, 0], en: [0, 0] };
  const misses: string[] = [];
  for (const m of messages) {
    const { intent, signals } = classifyIntent(m.text);
    tally[m.lang][1]! += 1;
    if (intent === m.intent) tally[m.lang][0]! += 1;
    else misses.push(`  ${m.intent} → ${intent} [${signals.join(", ")}] ${m.text}`);
  }
  const rate = ([ok, all]: number[]) => ok! / all!;
  const pct = (r: number) => `${(100 * r).toFixed(1)} %`;
  const ok = tally.es[0]! + tally.en[0]!;
  const overall = ok / messages.length;
  const [es, en] = [rate(tally.es), rate(tally.en)];
  const line = `${label}: ${ok}/${messages.length} = ${pct(overall)} (es ${pct(es)}, en ${pct(en)})`;
  return { overall, es, en, line, misses };
}

describe("classifyIntent accuracy", () => {
  it("classifies the labelled examples at 90 % or better in each language", () => {
    const result = accuracy("intent accuracy", INTENT_EXAMPLES);
    console.log([result.line, ...result.misses].join("\n"));
    expect(INTENT_EXAMPLES.length).toBeGreaterThanOrEqual(120);
    expect(result.es).toBeGreaterThanOrEqual(0.9);
    expect(result.en).toBeGreaterThanOrEqual(0.9);
  });

  it("classifies held-out messages, never used for tuning, at 85 % or better", () => {
    const result = accuracy("held-out accuracy", INTENT_HOLDOUT);
    console.log([result.line, ...result.misses].join("\n"));
    expect(INTENT_HOLDOUT.length).toBeGreaterThanOrEqual(40);
    expect(result.overall).toBeGreaterThanOrEqual(0.85);
  });

  it("keeps the held-out set apart from the examples", () => {
    const seen = new Set(INTENT_EXAMPLES.map((m) => normalise(m.text)));
    expect(INTENT_HOLDOUT.filter((m) => seen.has(normalise(m.text)))).toEqual([]);
  });
});

describe("classifyIntent behaviour", () => {
  const intentOf = (text: string): Intent => classifyIntent(text).intent;

  it("reads tense: a question about what the product does is pre-sales, a report of what it did is support", () => {
    expect(intentOf("Does it show an error when the cart is empty?")).toBe("presales");
    expect(intentOf("It shows an error after I installed it")).toBe("support");
    expect(intentOf("¿Muestra un error cuando el carrito está vacío?")).toBe("presales");
    expect(intentOf("Me sale un error después de instalarlo")).toBe("support");
    expect(intentOf("Will it stop working if I update OpenCart?")).toBe("presales");
    expect(intentOf("It stopped working after I updated OpenCart")).toBe("support");
  });

  it("treats a problem inside an if-clause as a question, not a report", () => {
    expect(intentOf("If I buy it and it doesn't work, can I get a refund?")).toBe("presales");
    expect(intentOf("Si lo compro y no funciona con mi tema, me devuelven el dinero?")).toBe("presales");
    expect(intentOf("It doesn't work, I want a refund")).toBe("support");
  });

  it("sees purchase evidence: order numbers, license keys, possessives, past purchases", () => {
    expect(intentOf("order #4411")).toBe("support");
    expect(intentOf("pedido 5567")).toBe("support");
    expect(intentOf("ABCD-1234-EFGH")).toBe("support");
    expect(intentOf("mi clave de licencia")).toBe("support");
    expect(intentOf("I bought the filter module yesterday")).toBe("support");
  });

  it("routes urgent or paid help to premium even when it also describes a problem", () => {
    expect(intentOf("URGENT my license key stopped working")).toBe("premium");
    expect(intentOf("necesito ayuda urgente con mi tienda caída")).toBe("premium");
    expect(intentOf("can you fix my site now, I'll pay")).toBe("premium");
  });

  it("does not read paying for a product as asking for paid help", () => {
    expect(intentOf("I'll pay with PayPal, is that ok?")).toBe("presales");
  });

  it("leaves greetings, emoji and empty messages unclear", () => {
    for (const text of [
      "",
      "   ",
      "hola",
      "Holaaa 😊",
      "hi",
      "?",
      "👍",
      "buenas tardes",
      "ok thanks",
      "I need help",
      "Hola de nuevo",
      "hi again",
      // Click-to-WhatsApp ad openers: a hello, not a post-purchase report.
      "Hi from an ad click!",
      "Hola, vi su anuncio",
      "Hola, vengo del anuncio",
      "Hi, I saw your ad on Instagram",
    ]) {
      expect(intentOf(text), text).toBe("unclear");
    }
  });

  it("still reads a question or a problem that comes with an ad opener", () => {
    expect(intentOf("Hola, vi su anuncio. ¿Funciona con OpenCart 4?")).toBe("presales");
    expect(intentOf("Saw your ad. I bought the module and it shows an error")).toBe("support");
  });

  it("reads an announced question as pre-sales unless a problem is stated with it", () => {
    expect(intentOf("Una pregunta sobre el módulo de SEO")).toBe("presales");
    expect(intentOf("I have a question about the filter module")).toBe("presales");
    expect(intentOf("Tengo una duda sobre la instalación que hice ayer, no funciona")).toBe("support");
  });

  it("names the rules that fired, so an agent can see why", () => {
    const { signals } = classifyIntent("I bought it and now it shows a fatal error");
    expect(signals).toEqual(expect.arrayContaining(["past-purchase", "error-trace"]));
  });
});

describe("classifyIntent properties", () => {
  const labelled = fc.constantFrom(...INTENT_EXAMPLES, ...INTENT_HOLDOUT).map((m) => m.text);
  const stripAccents = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");
  const intentOf = (text: string) => classifyIntent(text).intent;

  it("never throws and always answers one of the four intents", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        expect(["presales", "support", "premium", "unclear"]).toContain(classifyIntent(text).intent);
      }),
    );
  });

  it("gives the same intent whatever the letter case", () => {
    fc.assert(
      fc.property(labelled, fc.infiniteStream(fc.boolean()), (text, flips) => {
        const mixed = [...text]
          .map((ch) => (flips.next().value ? ch.toUpperCase() : ch.toLowerCase()))
          .join("");
        expect(intentOf(mixed)).toBe(intentOf(text));
        expect(intentOf(text.toUpperCase())).toBe(intentOf(text));
      }),
    );
  });

  it("gives the same intent with or without accents", () => {
    fc.assert(
      fc.property(labelled, (text) => {
        expect(intentOf(stripAccents(text))).toBe(intentOf(text));
      }),
    );
  });

  it("gives the same intent with a vowel stretched for emphasis", () => {
    // A single vowel ("hola" → "holaaaa"), never one of a pair: "good" → "goood" is another word.
    const stretch = (text: string, nth: number, times: number) => {
      const singles = [...text.matchAll(/(?<![aeiou])[aeiou](?![aeiou])/gi)];
      const at = singles[nth % Math.max(singles.length, 1)]?.index;
      return at === undefined ? text : text.slice(0, at) + text[at]!.repeat(times) + text.slice(at + 1);
    };
    fc.assert(
      fc.property(labelled, fc.nat(), fc.integer({ min: 3, max: 8 }), (text, nth, times) => {
        expect(intentOf(stretch(text, nth, times))).toBe(intentOf(text));
      }),
    );
  });

  it("normalises idempotently", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => normalise(normalise(text)) === normalise(text)),
    );
  });
});
