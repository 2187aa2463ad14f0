import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INTENT_EXAMPLES } from "./intent.examples.js";
import { INTENT_HOLDOUT } from "./intent.holdout.js";
import { detectLanguage, languageFromPhone } from "./language.js";

describe("detectLanguage", () => {
  it("recognises Spanish, with or without accents", () => {
    expect(detectLanguage("hola")).toBe("es");
    expect(detectLanguage("¿Funciona con OpenCart 4?")).toBe("es");
    expect(detectLanguage("si compro tres hay descuento")).toBe("es");
    expect(detectLanguage("DESPUES DE INSTALAR ME SALE UN ERROR")).toBe("es");
    expect(detectLanguage("Compré el módulo")).toBe("es");
  });

  it("recognises English, typos and all", () => {
    expect(detectLanguage("hi")).toBe("en");
    expect(detectLanguage("Does it work with OpenCart 4?")).toBe("en");
    expect(detectLanguage("my license key doesnt work pls help")).toBe("en");
    expect(detectLanguage("IS INSTALLATION INCLUDED")).toBe("en");
  });

  it("is undecided when the text says too little", () => {
    for (const text of ["", "ok", "👍", "OC 4.0.2.3?", "?", "#1234", "ABCD-1234-EFGH", "demo", "error 500"]) {
      expect(detectLanguage(text), text).toBeUndefined();
    }
  });

  it("follows the language that dominates a mixed message", () => {
    expect(detectLanguage("Hola, does it work with the Journal theme?")).toBe("en");
    expect(detectLanguage("Hi, quiero saber si el modulo tiene descuento")).toBe("es");
  });

  it("never names the wrong language for a labelled message", () => {
    const wrong = [...INTENT_EXAMPLES, ...INTENT_HOLDOUT].filter((m) => {
      const detected = detectLanguage(m.text);
      return detected !== undefined && detected !== m.lang;
    });
    expect(wrong).toEqual([]);
  });

  it("decides for nearly every labelled message that has words in it", () => {
    const worded = [...INTENT_EXAMPLES, ...INTENT_HOLDOUT].filter((m) => /\p{L}{4,}/u.test(m.text));
    const decided = worded.filter((m) => detectLanguage(m.text) === m.lang);
    console.log(`language detected: ${decided.length}/${worded.length} labelled messages with words`);
    expect(decided.length / worded.length).toBeGreaterThanOrEqual(0.95);
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect([undefined, "es", "en"]).toContain(detectLanguage(text));
      }),
    );
  });
});

describe("languageFromPhone", () => {
  it("maps Spanish-speaking countries to es", () => {
    for (const phone of ["34600111222", "5215512345678", "5491122334455", "56912345678", "573001234567"]) {
      expect(languageFromPhone(phone), phone).toBe("es");
    }
    for (const phone of ["51987654321", "584121234567", "5355512345", "593991234567", "59171234567"]) {
      expect(languageFromPhone(phone), phone).toBe("es");
    }
    for (const phone of ["595981123456", "59899123456", "50255123456", "50370123456", "50499123456"]) {
      expect(languageFromPhone(phone), phone).toBe("es");
    }
    for (const phone of ["50588123456", "50688123456", "50761234567", "240222123456"]) {
      expect(languageFromPhone(phone), phone).toBe("es");
    }
  });

  it("tells the Dominican Republic and Puerto Rico apart from the rest of North America", () => {
    expect(languageFromPhone("18095551234")).toBe("es");
    expect(languageFromPhone("18295551234")).toBe("es");
    expect(languageFromPhone("18495551234")).toBe("es");
    expect(languageFromPhone("17875551234")).toBe("es");
    expect(languageFromPhone("12125551234")).toBe("en");
    expect(languageFromPhone("14165551234")).toBe("en");
  });

  it("maps English-speaking countries to en", () => {
    for (const phone of ["447700900123", "61412345678", "64211234567", "353851234567", "27821234567"]) {
      expect(languageFromPhone(phone), phone).toBe("en");
    }
    expect(languageFromPhone("919812345678")).toBe("en");
  });

  it("accepts formatted numbers", () => {
    expect(languageFromPhone("+34 600 11 12 22")).toBe("es");
    expect(languageFromPhone("0034 600-111-222")).toBe("es");
    expect(languageFromPhone("+44 (0)7700 900123")).toBe("en");
    expect(languageFromPhone("+1 (809) 555-1234")).toBe("es");
  });

  it("is undecided for other countries and for junk", () => {
    for (const phone of ["33612345678", "4915112345678", "5511912345678", "351912345678", "", "34", "abc"]) {
      expect(languageFromPhone(phone), phone).toBeUndefined();
    }
  });
});
