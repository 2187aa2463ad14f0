import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import {
  batchPayload,
  bsuidPayload,
  buildTextPayload,
  messageFixtures,
  statusesPayload,
  wamid,
} from "./fixtures.js";
import { postWebhook, whatsappEnv } from "./test-support.js";

type Json = unknown;
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function mutate(value: Json, path: Path, replacement: Json, remove: boolean): Json {
  if (path.length === 0) return remove ? undefined : replacement;
  const [head, ...rest] = path;
  if (value === null || typeof value !== "object") return value;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, Json>;
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
    return copy;
  }
  copy[head!] = mutate(copy[head!], rest, replacement, remove);
  return copy;
}

const allFixtures = { ...messageFixtures };
const seeds: Json[] = [
  batchPayload,
  bsuidPayload,
  statusesPayload,
  {
    ...batchPayload,
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: { ...batchPayload.entry[0]!.changes[0]!.value, messages: Object.values(allFixtures) },
          },
        ],
      },
    ],
  },
];

const mutatedPayload = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean()), { minLength: 1, maxLength: 5 }),
  )
  .map(([seed, mutations]) => {
    let value = seed;
    for (const [pick, replacement, remove] of mutations) {
      const all = paths(value);
      value = mutate(value, all[pick % all.length]!, replacement, remove);
    }
    return JSON.stringify(value) ?? "null";
  });

const anyBody = fc.oneof(
  mutatedPayload,
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
  fc.string({ unit: "binary" }),
  fc.constant(
    '{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"1"},"messages":[{"from":"1","id":"x","timestamp":"1","type":"text","text":{"body":"\\u0000nul"}}]}}]}]}',
  ),
  fc.constant(
    '{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"1"},"statuses":[{"id":"x","status":"failed","timestamp":"999999999999","errors":[{"code":99999999999}]}]}}]}]}',
  ),
);

describeEachDatabase("POST /webhooks/whatsapp with fuzzed bodies", (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
  });
  afterAll(async () => t.close());

  it("never answers 5xx to signed random or mutated payloads, and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (raw) => {
        const res = await postWebhook(t.server, undefined, { raw });
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: dialect === "sqlite" ? 300 : 150 },
    );
    const ok = await postWebhook(
      t.server,
      buildTextPayload({ from: "34600999000", wamid: wamid("fuzz-after"), text: "still here" }),
    );
    expect(ok.statusCode).toBe(200);
  });
});
