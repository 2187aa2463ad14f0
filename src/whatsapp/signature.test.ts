import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "./signature.js";

const SECRET = "d41d8cd98f00b204e9800998ecf8427e";
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}', "utf8");

describe("verifySignature", () => {
  it("accepts the signature of the exact bytes", () => {
    const header = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
    expect(signBody(body, SECRET)).toBe(header);
    expect(verifySignature(body, header, SECRET)).toBe(true);
  });

  it("accepts upper-case hex and surrounding whitespace", () => {
    const header = signBody(body, SECRET);
    expect(verifySignature(body, `  sha256=${header.slice(7).toUpperCase()} `, SECRET)).toBe(true);
  });

  it("refuses a wrong secret, a changed body or a changed digest", () => {
    const header = signBody(body, SECRET);
    expect(verifySignature(body, header, "another-secret")).toBe(false);
    expect(verifySignature(Buffer.concat([body, Buffer.from(" ")]), header, SECRET)).toBe(false);
    const flipped = header.slice(0, -1) + (header.endsWith("0") ? "1" : "0");
    expect(verifySignature(body, flipped, SECRET)).toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["without prefix", signBody(body, SECRET).slice(7)],
    ["with a sha1 prefix", `sha1=${signBody(body, SECRET).slice(7)}`],
    ["too short", signBody(body, SECRET).slice(0, -2)],
    ["too long", `${signBody(body, SECRET)}00`],
    ["not hex", `sha256=${"z".repeat(64)}`],
    ["odd-length hex", `sha256=${"a".repeat(63)}`],
    ["two signatures", `${signBody(body, SECRET)},${signBody(body, SECRET)}`],
  ])("refuses a header that is %s", (_, header) => {
    expect(verifySignature(body, header, SECRET)).toBe(false);
  });

  it("refuses everything when the app secret is empty", () => {
    expect(verifySignature(body, signBody(body, ""), "")).toBe(false);
  });

  it("never throws, whatever it is given", () => {
    const anything = fc.anything() as fc.Arbitrary<never>;
    fc.assert(
      fc.property(
        fc.oneof(anything, fc.uint8Array()),
        fc.oneof(anything, fc.string()),
        anything,
        (raw, header, key) => {
          const raw2 = raw instanceof Uint8Array ? Buffer.from(raw) : raw;
          expect(typeof verifySignature(raw2, header, key)).toBe("boolean");
        },
      ),
    );
  });

  it("verifies any body signed with signBody", () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.string({ minLength: 1 }), (bytes, secret) => {
        const raw = Buffer.from(bytes);
        expect(verifySignature(raw, signBody(raw, secret), secret)).toBe(true);
      }),
    );
  });
});

describe("verifySignature with escaped unicode", () => {
  // Meta serialises non-ASCII as \uXXXX escapes and signs those bytes.
  const raw = Buffer.from(String.raw`{"text":"Espa\u00f1a"}`, "utf8");
  const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))), "utf8");

  it("parses to the same text but not the same bytes", () => {
    expect(JSON.parse(raw.toString("utf8"))).toEqual({ text: "España" });
    expect(reserialised.toString("utf8")).toBe('{"text":"España"}');
    expect(reserialised.equals(raw)).toBe(false);
  });

  it("verifies against the HMAC of the received bytes", () => {
    const header = `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`;
    expect(verifySignature(raw, header, SECRET)).toBe(true);
  });

  it("does not verify the re-serialised JSON", () => {
    const header = signBody(raw, SECRET);
    expect(verifySignature(reserialised, header, SECRET)).toBe(false);
    expect(verifySignature(raw, signBody(reserialised, SECRET), SECRET)).toBe(false);
  });
});
