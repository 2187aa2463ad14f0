import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { capturingLog } from "../test/log-capture.js";
import { buildInboundPayload, messageFixtures, wamid } from "./fixtures.js";
import { postWebhook, whatsappEnv } from "./test-support.js";
import { ELEMENT_LIMITS, elementOutOfBounds } from "./webhook-bounds.js";

/** JSON text of an object nested `depth` levels deep (built as text: JSON.stringify would overflow too). */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("elementOutOfBounds", () => {
  it("measures a 100,000-deep value without overflowing the stack", () => {
    expect(elementOutOfBounds(JSON.parse(deepJson(100_000)))).toMatch(/nested deeper than/);
  });

  it("passes Meta's real shapes and refuses too many objects or too many bytes", () => {
    for (const message of Object.values(messageFixtures)) expect(elementOutOfBounds(message)).toBeUndefined();
    expect(
      elementOutOfBounds({ list: Array.from({ length: ELEMENT_LIMITS.nodes + 1 }, () => ({})) }),
    ).toMatch(/more than/);
    expect(elementOutOfBounds({ text: "x".repeat(ELEMENT_LIMITS.bytes + 1) })).toMatch(/larger than/);
  });
});

describeEachDatabase("a webhook element nested 5,000 deep", (dialect) => {
  let t: TestServer;
  let captured: ReturnType<typeof capturingLog>;
  beforeAll(async () => {
    captured = capturingLog();
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false, log: captured.log });
  });
  afterAll(async () => t.close());

  it("stores both messages of the batch, the deep one without its raw JSON, and says why", async () => {
    const good = { ...messageFixtures.text, id: wamid(501), text: { body: "good one" } };
    const bad = { ...messageFixtures.text, id: wamid(502), text: { body: "deep one" }, extra: "__DEEP__" };
    const payload = buildInboundPayload(good);
    (payload.entry[0]!.changes[0]!.value.messages as unknown[]).push(bad);
    const raw = JSON.stringify(payload).replace('"__DEEP__"', deepJson(5_000));

    const res = await postWebhook(t.server, undefined, { raw });
    expect(res.statusCode).toBe(200);
    const stored = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .select(["wamid", "text", "raw"])
      .where("wamid", "in", [wamid(501), wamid(502)])
      .orderBy("wamid")
      .execute();
    expect(stored.map((m) => m.text)).toEqual(["good one", "deep one"]);
    expect(JSON.parse(stored[0]!.raw as string).text.body).toBe("good one");
    expect(JSON.parse(stored[1]!.raw as string)).toEqual({ omitted: "nested deeper than 32 levels" });
    const warning = captured.lines.find((l) => l.msg === "webhook elements skipped");
    expect(JSON.stringify(warning?.problems)).toContain(
      "messages[1]: raw JSON not kept, nested deeper than 32",
    );
  });
});
