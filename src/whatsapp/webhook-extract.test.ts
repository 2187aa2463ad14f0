import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  batchPayload,
  bsuidPayload,
  buildButtonReplyPayload,
  buildInboundPayload,
  buildListReplyPayload,
  buildStatusPayload,
  buildTextPayload,
  errorsPayload,
  FIXTURE,
  type JsonObject,
  messageFixtures,
  statusesPayload,
  wamid,
} from "./fixtures.js";
import { WebhookPayloadError } from "./webhook.schema.js";
import { type StatusEvent, shouldApplyStatus, statusRank } from "./webhook-events.js";
import { extractEvents } from "./webhook-extract.js";

const ISO = "2026-11-25T12:00:00.000Z";

describe("extractEvents: batches and bad elements", () => {
  it("yields every event of 2 entries × 2 changes, in order", () => {
    const { events, problems } = extractEvents(batchPayload);
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.kind, e.phoneNumberId, "wamid" in e ? e.wamid : ""])).toEqual([
      ["message", FIXTURE.presales.phoneNumberId, wamid(1)],
      ["message", FIXTURE.presales.phoneNumberId, wamid(8)],
      ["status", FIXTURE.premium.phoneNumberId, wamid(500)],
      ["status", FIXTURE.premium.phoneNumberId, wamid(500)],
      ["message", FIXTURE.premium.phoneNumberId, wamid(5)],
      ["status", FIXTURE.presales.phoneNumberId, wamid(501)],
      ["status", FIXTURE.presales.phoneNumberId, wamid(502)],
    ]);
    expect(events.map((e) => e.wabaId)).toEqual([
      ...Array(4).fill(FIXTURE.wabaId),
      ...Array(3).fill("102290129340399"),
    ]);
  });

  it("skips one malformed message and keeps the others", () => {
    const payload = buildInboundPayload(messageFixtures.text);
    payload.entry[0]!.changes[0]!.value.messages = [
      messageFixtures.text,
      42,
      { ...messageFixtures.image, id: undefined },
      { ...messageFixtures.location, timestamp: "yesterday" },
      { ...messageFixtures.audio, from: undefined },
      messageFixtures.reaction,
    ];
    const { events, problems } = extractEvents(payload);
    expect(events.map((e) => (e.kind === "message" ? e.wamid : ""))).toEqual([wamid(1), wamid(15)]);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^entry\[0\]\.changes\[0\]\.messages\[1\]: /);
    expect(problems[3]).toContain("neither from nor from_user_id");
  });

  it("keeps a message whose typed part is malformed, without that part, and says so", () => {
    const { events, problems } = extractEvents(
      buildInboundPayload({ ...messageFixtures.image, image: { caption: "no id" } }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).not.toHaveProperty("media");
    expect(problems).toEqual([expect.stringMatching(/messages\[0\]\.image: kept the message without it/)]);
  });

  it("reports a missing typed part", () => {
    const { events, problems } = extractEvents(
      buildInboundPayload({ ...messageFixtures.text, text: undefined }),
    );
    expect(events).toHaveLength(1);
    expect(problems).toEqual([expect.stringContaining("messages[0].text: missing")]);
  });

  it("skips a malformed status, contact, entry or change and keeps the rest", () => {
    const payload = structuredClone(batchPayload) as { entry: unknown[] };
    const first = payload.entry[0] as { changes: unknown[] };
    const value = (first.changes[1] as { value: JsonObject }).value;
    (value.statuses as unknown[]).splice(1, 0, { id: wamid(1), status: "read" }, null);
    (first.changes[0] as { value: JsonObject }).value.contacts = ["not a contact"];
    first.changes.push({ field: "messages", value: { metadata: {} } }, "junk");
    payload.entry.push(17, { id: "x", changes: "nope" });
    const { events, problems } = extractEvents(payload);
    expect(events).toHaveLength(7);
    expect(problems).toHaveLength(7);
    expect(problems.join("\n")).toContain("entry[0].changes[0].contacts[0]");
    expect(problems.join("\n")).toContain("entry[3]");
  });

  it("ignores changes of other subscriptions", () => {
    const payload = buildStatusPayload({ wamid: wamid(1), status: "sent" });
    payload.entry[0]!.changes.push({ field: "account_update", value: { event: "VERIFIED_ACCOUNT" } });
    expect(extractEvents(payload)).toMatchObject({ problems: [], events: [{ kind: "status" }] });
  });

  it.each([
    ["null", null],
    ["a string", "hello"],
    ["a number", 42],
    ["an array", [{ object: "whatsapp_business_account", entry: [] }]],
    ["an empty object", {}],
    ["another object type", { object: "page", entry: [] }],
    ["a payload without entry", { object: "whatsapp_business_account" }],
    ["a payload whose entry is not an array", { object: "whatsapp_business_account", entry: {} }],
  ])("throws WebhookPayloadError for %s", (_, body) => {
    expect(() => extractEvents(body)).toThrow(WebhookPayloadError);
  });

  it("accepts an empty entry list", () => {
    expect(extractEvents({ object: "whatsapp_business_account", entry: [] })).toEqual({
      events: [],
      problems: [],
    });
  });
});

describe("extractEvents: statuses and errors", () => {
  it("reads statuses with pricing, callback data, BSUID recipients and failures", () => {
    const { events, problems } = extractEvents(statusesPayload);
    expect(problems).toEqual([]);
    const statuses = events as StatusEvent[];
    expect(statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read", "played", "failed"]);
    expect(statuses[0]).toMatchObject({
      kind: "status",
      phoneNumberId: FIXTURE.presales.phoneNumberId,
      wamid: wamid(600),
      timestamp: ISO,
      recipientId: FIXTURE.customer.waId,
      bizOpaqueCallbackData: "msg_01J",
      pricing: { billable: false, pricingModel: "PMP", category: "service", type: "free_customer_service" },
    });
    expect(statuses[2]).toMatchObject({ recipientUserId: FIXTURE.customer.userId });
    expect(statuses[4]).toMatchObject({
      errors: [
        {
          code: 131026,
          title: "Message Undeliverable",
          message: "Message Undeliverable",
          details: "Message Undeliverable.",
        },
      ],
    });
    expect(statuses[4]).not.toHaveProperty("pricing");
  });

  it("turns value.errors into an error event", () => {
    expect(extractEvents(errorsPayload).events).toEqual([
      {
        kind: "error",
        wabaId: FIXTURE.wabaId,
        phoneNumberId: FIXTURE.presales.phoneNumberId,
        errors: [
          {
            code: 131042,
            title: "Business eligibility payment issue",
            message: "Business eligibility payment issue",
            details: "Message failed to send because there were one or more errors related to payment.",
          },
        ],
      },
    ]);
  });

  it("keeps an unknown status value for the caller to ignore", () => {
    const { events } = extractEvents(buildStatusPayload({ wamid: wamid(1), status: "deleted" }));
    expect(events[0]).toMatchObject({ kind: "status", status: "deleted" });
  });
});

describe("payload builders", () => {
  const base = { phoneNumberId: "PN1", displayPhoneNumber: "15550001", wamid: wamid(77), name: "Ana" };

  it("buildTextPayload round-trips", () => {
    const payload = buildTextPayload({ ...base, from: "5215550001", text: "hola", timestamp: new Date(ISO) });
    expect(extractEvents(payload)).toEqual({
      problems: [],
      events: [
        expect.objectContaining({
          phoneNumberId: "PN1",
          displayPhoneNumber: "15550001",
          wamid: wamid(77),
          from: { waId: "5215550001", profileName: "Ana" },
          timestamp: ISO,
          type: "text",
          text: "hola",
        }),
      ],
    });
  });

  it("buildTextPayload supports username users and replies", () => {
    const payload = buildTextPayload({ ...base, userId: "ES.9", text: "hi", replyTo: wamid(3) });
    expect(extractEvents(payload).events[0]).toMatchObject({
      from: { userId: "ES.9", profileName: "Ana" },
      contextMessageId: wamid(3),
    });
  });

  it("buildButtonReplyPayload and buildListReplyPayload round-trip", () => {
    const button = buildButtonReplyPayload({ ...base, from: "1", id: "accept", title: "Aceptar" });
    const list = buildListReplyPayload({ ...base, from: "1", id: "r1", title: "Row", description: "d" });
    expect(extractEvents(button).events[0]).toMatchObject({
      interactive: { kind: "button_reply", id: "accept", title: "Aceptar" },
    });
    expect(extractEvents(list).events[0]).toMatchObject({
      interactive: { kind: "list_reply", id: "r1", title: "Row", description: "d" },
    });
  });

  it("buildStatusPayload round-trips", () => {
    const payload = buildStatusPayload({
      phoneNumberId: "PN1",
      wamid: wamid(9),
      status: "failed",
      recipientId: "5215550001",
      timestamp: 1795608000,
      errors: [{ code: 131047, title: "Re-engagement message" }],
    });
    expect(extractEvents(payload).events).toEqual([
      expect.objectContaining({
        kind: "status",
        phoneNumberId: "PN1",
        wamid: wamid(9),
        status: "failed",
        recipientId: "5215550001",
        timestamp: ISO,
        errors: [
          { code: 131047, title: "Re-engagement message", message: "Re-engagement message", details: "" },
        ],
      }),
    ]);
  });
});

describe("extractEvents never fails on odd input", () => {
  function neverThrowsOtherwise(body: unknown): void {
    try {
      const result = extractEvents(body);
      expect(Array.isArray(result.events)).toBe(true);
      JSON.stringify(result.events);
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) throw error;
    }
  }

  const fixtures: unknown[] = [
    batchPayload,
    bsuidPayload,
    statusesPayload,
    errorsPayload,
    ...Object.values(messageFixtures).map((m) => buildInboundPayload(m)),
  ];

  /** Every path into a JSON value, so a mutation can land anywhere in a fixture. */
  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const here = [prefix];
    if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => paths(v, [...prefix, i])));
    if (typeof value === "object" && value !== null) {
      return here.concat(Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k])));
    }
    return here;
  }

  function mutate(body: unknown, choice: number, replacement: unknown, remove: boolean): unknown {
    const copy = structuredClone(body);
    const all = paths(copy);
    const path = all[choice % all.length] ?? [];
    if (path.length === 0) return replacement;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (remove) delete parent[last];
    else parent[last] = replacement;
    return copy;
  }

  it("on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.json(), (text) => neverThrowsOtherwise(JSON.parse(text))),
      { numRuns: 300 },
    );
  });

  it("on arbitrary values inside a valid envelope", () => {
    fc.assert(
      fc.property(fc.array(fc.anything({ withNullPrototype: true, withDate: true })), (entry) =>
        neverThrowsOtherwise({ object: "whatsapp_business_account", entry }),
      ),
      { numRuns: 300 },
    );
  });

  it("on fixtures with one part replaced or removed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.nat(),
        fc.oneof(fc.jsonValue(), fc.anything({ withNullPrototype: true })),
        fc.boolean(),
        (fixture, choice, replacement, remove) =>
          neverThrowsOtherwise(mutate(fixture, choice, replacement, remove)),
      ),
      { numRuns: 1000 },
    );
  });

  it("keeps every well-formed message when others in the batch are mutated", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (junk) => {
        const payload = buildInboundPayload(messageFixtures.text);
        payload.entry[0]!.changes[0]!.value.messages = [...junk, messageFixtures.text, ...junk];
        const { events } = extractEvents(payload);
        expect(
          events.filter((e) => e.kind === "message" && e.wamid === wamid(1)).length,
        ).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe("status monotonicity", () => {
  it("ranks statuses", () => {
    expect(["sent", "delivered", "read", "played", "failed", "deleted", ""].map(statusRank)).toEqual([
      1, 2, 3, 3, 99, 0, 0,
    ]);
    expect(statusRank("constructor")).toBe(0);
  });

  const S = ["sent", "delivered", "read", "played", "failed", "mystery"] as const;
  // rows: current (null first), columns: next in S order
  const table: [string | null, boolean[]][] = [
    [null, [true, true, true, true, true, false]],
    ["sent", [false, true, true, true, true, false]],
    ["delivered", [false, false, true, true, true, false]],
    ["read", [false, false, false, false, true, false]],
    ["played", [false, false, false, false, true, false]],
    ["failed", [false, false, false, false, false, false]],
    ["mystery", [true, true, true, true, true, false]],
  ];

  it.each(table)("from %s", (current, row) => {
    expect(S.map((next) => shouldApplyStatus(current, next))).toEqual(row);
  });

  it("ends in the highest-ranked status whatever the arrival order", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...S, "sent", "delivered", "read")), (arrivals) => {
        let current: string | null = null;
        for (const next of arrivals) if (shouldApplyStatus(current, next)) current = next;
        const known = arrivals.filter((s) => statusRank(s) > 0);
        const best = Math.max(0, ...known.map(statusRank));
        expect(current === null ? 0 : statusRank(current)).toBe(best);
      }),
    );
  });
});
