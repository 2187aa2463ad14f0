import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildInboundPayload, type JsonObject, statusJson, wamid } from "./fixtures.js";
import { allMessageFixtures } from "./fixtures.updates.js";
import { WebhookPayloadError } from "./webhook.schema.js";
import { extractEvents } from "./webhook-extract.js";

// Meta adds fields without notice and senders can forge anything: whatever extra fields and nesting a
// documented element carries, the parser answers with events and problems and never throws.

const fixtures = Object.values(allMessageFixtures);

/** A copy of `value` with `extra` added to the object at every `every`-th position of a depth-first walk. */
function sprinkle(
  value: unknown,
  extra: Record<string, unknown>,
  every: number,
  counter = { n: 0 },
): unknown {
  if (Array.isArray(value)) return value.map((v) => sprinkle(v, extra, every, counter));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = sprinkle(v, extra, every, counter);
  counter.n += 1;
  return counter.n % every === 0 ? { ...copy, ...extra } : copy;
}

/** `depth` levels of objects and arrays around a leaf. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { n: value };
  return value;
}

const extras = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("type", "id", "text", "errors", "referral", "edit", "__proto__"),
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc
      .tuple(fc.integer({ min: 1, max: 400 }), fc.jsonValue({ maxDepth: 1 }))
      .map(([d, leaf]) => nested(d, leaf)),
  ),
  { maxKeys: 4 },
);

function neverThrows(body: unknown): void {
  try {
    const result = extractEvents(body);
    expect(Array.isArray(result.events)).toBe(true);
    expect(Array.isArray(result.problems)).toBe(true);
  } catch (error) {
    // Only a body that is not a webhook at all is refused, and then with the typed 400 error.
    expect(error).toBeInstanceOf(WebhookPayloadError);
  }
}

describe("extractEvents with arbitrary extra fields and nesting", () => {
  it("never throws for a documented message carrying extra fields anywhere", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        extras,
        fc.integer({ min: 1, max: 5 }),
        (message, extra, every) => {
          neverThrows(sprinkle(buildInboundPayload(message as JsonObject), extra, every));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("never throws when any field of a message or status is replaced by arbitrary JSON", () => {
    const elements = [
      ...fixtures,
      statusJson({ wamid: wamid(1), status: "failed", errors: [{ code: 131026 }] }),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...elements),
        fc.jsonValue({ maxDepth: 6 }),
        fc.nat(),
        (element, junk, pick) => {
          const keys = Object.keys(element);
          const key = keys[pick % keys.length]!;
          const message = { ...(element as JsonObject), [key]: junk };
          neverThrows(buildInboundPayload(message));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("keeps the other messages of a batch when one is deeply nested or odd", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 3000 }), (junk, depth) => {
        const good = { ...(allMessageFixtures.text as JsonObject), id: wamid(7001) };
        const odd = {
          ...(allMessageFixtures.order as JsonObject),
          id: wamid(7002),
          order: nested(depth, junk),
        };
        const payload = buildInboundPayload(good);
        const value = payload.entry[0]!.changes[0]!.value as { messages: unknown[] };
        value.messages = [odd, junk, good];
        const { events } = extractEvents(payload);
        expect(events.some((e) => e.kind === "message" && e.wamid === good.id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
