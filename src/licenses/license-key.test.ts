import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  generateLicenseKey,
  isWellFormedLicenseKey,
  LICENSE_KEY_ALPHABET,
  normalizeLicenseKey,
} from "./license-key.js";

const KEY_SHAPE = /^HB-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$/;
const symbol = fc.constantFrom(...LICENSE_KEY_ALPHABET);
const prefix = fc.string({ unit: symbol, minLength: 1, maxLength: 6 });
/** Any character a typo could produce, including ones outside the alphabet. */
const anyChar = fc.oneof(
  symbol,
  fc.constantFrom("-", "I", "L", "O", "U", "a", "z", " ", "*"),
  fc.string({ minLength: 1, maxLength: 1 }),
);
/** A sample of valid keys drawn once: the generator itself is random, so shrinking goes through indices. */
const keys = Array.from({ length: 200 }, (_, i) =>
  generateLicenseKey(i % 2 === 0 ? "HB" : ["X", "0C3", "ZZ9Z9Z"][i % 3]),
);
const key = fc.constantFrom(...keys);

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe("generateLicenseKey", () => {
  it("makes keys of the documented shape with the HB prefix by default", () => {
    const generated = generateLicenseKey();
    expect(generated).toMatch(KEY_SHAPE);
    expect(generated).toHaveLength(2 + 1 + 4 * 5 + 1);
  });

  it("always makes well-formed keys that are already normalized", () => {
    fc.assert(
      fc.property(prefix, (p) => {
        const generated = generateLicenseKey(p);
        expect(generated.startsWith(`${p}-`)).toBe(true);
        expect(isWellFormedLicenseKey(generated)).toBe(true);
        expect(normalizeLicenseKey(generated)).toBe(generated);
      }),
      { numRuns: 500 },
    );
  });

  it("does not repeat itself and uses every symbol in every body position", () => {
    const many = Array.from({ length: 4_000 }, () => generateLicenseKey());
    expect(new Set(many).size).toBe(many.length);
    const bodies = many.map((k) => k.slice(3, -2).replaceAll("-", ""));
    for (let position = 0; position < 16; position++) {
      const seen = new Set(bodies.map((b) => b[position]));
      expect(seen.size).toBe(32);
    }
  });

  it("refuses prefixes outside the alphabet", () => {
    for (const bad of ["", "hb", "HOLA", "IL", "TOOLONG", "H-B", "HU"]) {
      expect(() => generateLicenseKey(bad)).toThrow(RangeError);
    }
  });
});

describe("isWellFormedLicenseKey", () => {
  it("catches every single-character substitution", () => {
    fc.assert(
      fc.property(key, fc.nat(), anyChar, (k, at, char) => {
        const index = at % k.length;
        fc.pre(k[index] !== char);
        expect(isWellFormedLicenseKey(replaceAt(k, index, char))).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it("catches every substitution within the alphabet, exhaustively for one key", () => {
    const k = keys[0]!;
    for (let index = 0; index < k.length; index++) {
      for (const char of `${LICENSE_KEY_ALPHABET}-`) {
        if (char !== k[index]) expect(isWellFormedLicenseKey(replaceAt(k, index, char))).toBe(false);
      }
    }
  });

  it("catches every transposition of different adjacent characters", () => {
    fc.assert(
      fc.property(key, fc.nat(), (k, at) => {
        const index = at % (k.length - 1);
        fc.pre(k[index] !== k[index + 1]);
        const swapped = k.slice(0, index) + k[index + 1] + k[index] + k.slice(index + 2);
        expect(isWellFormedLicenseKey(swapped)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
    // The same, over every symbol pair, with the dashes taken out of the way.
    const k = keys[0]!;
    for (let index = 0; index < k.length - 1; index++) {
      if (k[index] === k[index + 1]) continue;
      expect(isWellFormedLicenseKey(k.slice(0, index) + k[index + 1] + k[index] + k.slice(index + 2))).toBe(
        false,
      );
    }
  });

  it("catches every transposition of every symbol pair in every position", () => {
    const k = keys[0]!;
    const withCheck = (text: string): string => {
      const valid = [...LICENSE_KEY_ALPHABET]
        .map((c) => text.slice(0, -1) + c)
        .filter(isWellFormedLicenseKey);
      if (valid.length !== 1) throw new Error(`expected exactly one check character for ${text}`);
      return valid[0]!;
    };
    for (let index = 0; index < k.length - 2; index++) {
      if (k[index] === "-" || k[index + 1] === "-") continue;
      for (const a of LICENSE_KEY_ALPHABET) {
        for (const b of LICENSE_KEY_ALPHABET) {
          if (a === b) continue;
          const valid = withCheck(k.slice(0, index) + a + b + k.slice(index + 2));
          const swapped = valid.slice(0, index) + b + a + valid.slice(index + 2);
          if (isWellFormedLicenseKey(swapped)) expect.fail(`transposition not caught: ${valid} → ${swapped}`);
        }
      }
    }
  });

  it("refuses keys that are not in canonical form", () => {
    const k = keys[0]!;
    expect(isWellFormedLicenseKey(k)).toBe(true);
    expect(isWellFormedLicenseKey(k.toLowerCase())).toBe(false);
    expect(isWellFormedLicenseKey(k.replaceAll("-", ""))).toBe(false);
    expect(isWellFormedLicenseKey(` ${k}`)).toBe(false);
    expect(isWellFormedLicenseKey(`${k}0`)).toBe(false);
    expect(isWellFormedLicenseKey(k.slice(0, -1))).toBe(false);
    expect(isWellFormedLicenseKey("")).toBe(false);
    expect(isWellFormedLicenseKey("HB-7K3M-Q9XD-2WPF-R8TN-X")).toBe(true); // the example in the docs
    expect(isWellFormedLicenseKey("HB-7K3M-Q9XD-2WPF-C")).toBe(false); // 60 bits is too few
  });

  it("never accepts random text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => !isWellFormedLicenseKey(text)));
  });
});

describe("normalizeLicenseKey", () => {
  it("repairs what people type and paste", () => {
    const k = keys[0]!;
    const compact = k.replaceAll("-", "");
    expect(normalizeLicenseKey(`  ${k.toLowerCase()}  `)).toBe(k);
    expect(normalizeLicenseKey(compact)).toBe(k);
    expect(normalizeLicenseKey(compact.toLowerCase().replace(/(.{4})/g, "$1 "))).toBe(k);
    expect(normalizeLicenseKey(k.replaceAll("-", "\u2013"))).toBe(k);
    expect(normalizeLicenseKey("hb-oooo-iiii-llll-0000-x")).toBe("HB-0000-1111-1111-0000-X");
  });

  it("reads O as 0 and I or L as 1 wherever they appear", () => {
    fc.assert(
      fc.property(key, (k) => {
        const misread = k.replaceAll("0", "O").replaceAll("1", "l").toLowerCase();
        expect(normalizeLicenseKey(misread)).toBe(k);
      }),
    );
  });

  it("is idempotent", () => {
    const typed = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.string({
        unit: fc.constantFrom(..."0123456789abcdefghijklmnopqrstuvwxyzOIL- \t\u2013"),
        maxLength: 30,
      }),
      key.map((k) => k.toLowerCase().replaceAll("-", " ")),
    );
    fc.assert(
      fc.property(typed, (text) => {
        const once = normalizeLicenseKey(text);
        expect(normalizeLicenseKey(once)).toBe(once);
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves input that cannot be a key for the validator to refuse", () => {
    expect(normalizeLicenseKey(" abc ")).toBe("ABC");
    expect(isWellFormedLicenseKey(normalizeLicenseKey("abc"))).toBe(false);
  });
});
