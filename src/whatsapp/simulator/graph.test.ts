import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.js";
import { buttonsMessage, listMessage, markReadBody, templateMessage, textMessage } from "../outbound.js";
import {
  type CapturedRequest,
  modulesWithSimulator,
  personaSends,
  simulatorOf,
  startCaptureServer,
} from "./simulator.testing.js";

// The fake Graph API, called the way beedesk's sender calls the real one.

const TOKEN = "simulator-access-token";
const PRESALES_ID = "100000000000001";
const LUCIA = "34611000001";

describe("fake Graph API: POST /{phone-number-id}/messages", () => {
  let t: TestServer;
  let capture: Awaited<ReturnType<typeof startCaptureServer>>;

  beforeAll(async () => {
    t = await startTestServer("sqlite", { modules: modulesWithSimulator() });
    capture = await startCaptureServer();
    simulatorOf(t.server).setWebhookUrl(capture.url);
    // Lucía writes first, so free-form replies are inside the 24-hour window.
    await personaSends(t.server, "lucia", "Hola");
  });
  afterAll(async () => {
    await t?.close();
    await capture?.close();
  });
  beforeEach(() => simulatorOf(t.server).failures.clear());

  const send = (body: unknown, options: { token?: string | null; id?: string; version?: string } = {}) =>
    t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/${options.version ?? "v23.0"}/${options.id ?? PRESALES_ID}/messages`,
      headers: {
        "content-type": "application/json",
        ...(options.token !== null && { authorization: `Bearer ${options.token ?? TOKEN}` }),
      },
      payload: JSON.stringify(body),
    });

  const expectInvalid = async (body: unknown, detail: RegExp) => {
    const res = await send(body);
    expect(res.statusCode).toBe(400);
    const json = res.json();
    expect(json.error).toMatchObject({ code: 100, type: "OAuthException" });
    expect(json.error.fbtrace_id).toEqual(expect.any(String));
    expect(`${json.error.message} ${json.error.error_data.details}`).toMatch(detail);
  };

  it("accepts a text message with the Cloud API's answer shape", async () => {
    const res = await send(textMessage(LUCIA, "Hola *Lucía*,\nsí, hay descuento."));
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: LUCIA, wa_id: LUCIA }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: "accepted" }],
    });
    const chat = simulatorOf(t.server).chat("lucia", "presales");
    expect(chat.at(-1)).toMatchObject({
      id: json.messages[0].id,
      direction: "business",
      content: { type: "text", text: "Hola *Lucía*,\nsí, hay descuento." },
    });
  });

  it("accepts reply buttons, a list and a template built by outbound.ts", async () => {
    const buttons = buttonsMessage(LUCIA, {
      body: "¿En qué podemos ayudarte?",
      buttons: [
        { id: "route:presales", title: "Pregunta preventa" },
        { id: "route:purchase", title: "Ayuda con compra" },
        { id: "route:premium", title: "Soporte premium" },
      ],
    });
    const list = listMessage(LUCIA, {
      body: "Elige el servicio",
      button: "Servicios",
      sections: [
        {
          title: "Premium",
          rows: [
            { id: "service:consultation", title: "Consulta", description: "15 USD/h" },
            { id: "service:support", title: "Soporte técnico", description: "20 USD/h" },
          ],
        },
      ],
    });
    const template = templateMessage(LUCIA, {
      name: "quote_ready",
      languageCode: "es",
      components: [
        { type: "body", parameters: [{ type: "text", text: "2 h" }] },
        {
          type: "button",
          sub_type: "quick_reply",
          index: "0",
          parameters: [{ type: "payload", payload: "q:1:accept" }],
        },
      ],
    });
    for (const body of [buttons, list, template]) expect((await send(body)).statusCode).toBe(200);
    const [b, l, tpl] = simulatorOf(t.server).chat("lucia", "presales").slice(-3);
    expect(b?.content).toMatchObject({ type: "buttons", buttons: [{ id: "route:presales" }, {}, {}] });
    expect(l?.content).toMatchObject({
      type: "list",
      button: "Servicios",
      sections: [{ rows: [{}, { id: "service:support" }] }],
    });
    expect(tpl?.content).toEqual({
      type: "template",
      template: {
        name: "quote_ready",
        language: "es",
        header: [],
        body: ["2 h"],
        buttons: [{ index: 0, subType: "quick_reply", payload: "q:1:accept" }],
      },
    });
  });

  it("answers a mark-as-read with success and shows blue ticks on the customer's message", async () => {
    const { message } = await personaSends(t.server, "lucia", "¿Sigue ahí?");
    const res = await send(markReadBody(message.id, { typing: true }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true });
    expect(simulatorOf(t.server).store.message(message.id)?.status).toBe("read");

    const unknown = await send(markReadBody("wamid.unknown"));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe(100);
  });

  it("refuses a missing or wrong access token with OAuthException 190", async () => {
    for (const token of [null, "wrong-token"]) {
      const res = await send(textMessage(LUCIA, "hi"), { token });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({ code: 190, type: "OAuthException" });
      expect(res.headers["www-authenticate"]).toContain("invalid_token");
    }
  });

  it("refuses an unknown phone number id and an unknown API version", async () => {
    const unknown = await send(textMessage(LUCIA, "hi"), { id: "999" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 100, error_subcode: 33 });
    const version = await send(textMessage(LUCIA, "hi"), { version: "latest" });
    expect(version.statusCode).toBe(400);
    expect(version.json().error.code).toBe(2500);
  });

  const base = { messaging_product: "whatsapp", recipient_type: "individual", to: LUCIA };
  const buttonsBody = (buttons: unknown[], body = "Pick one") => ({
    ...base,
    type: "interactive",
    interactive: { type: "button", body: { text: body }, action: { buttons } },
  });
  const reply = (id: string, title: string) => ({ type: "reply", reply: { id, title } });
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
  const listBody = (sections: unknown[], button = "Options") => ({
    ...base,
    type: "interactive",
    interactive: { type: "list", body: { text: "Choose" }, action: { button, sections } },
  });

  it.each([
    [
      "no messaging_product",
      { to: LUCIA, type: "text", text: { body: "hi" } },
      /messaging_product is required/,
    ],
    ["no recipient", { messaging_product: "whatsapp", type: "text", text: { body: "hi" } }, /to is required/],
    ["a text over 4096 characters", { ...base, type: "text", text: { body: "a".repeat(4097) } }, /4096/],
    ["an empty text", { ...base, type: "text", text: { body: " " } }, /empty/],
    ["four buttons", buttonsBody([1, 2, 3, 4].map((i) => reply(`b${i}`, `B${i}`))), /between 1 and 3/],
    ["no buttons", buttonsBody([]), /between 1 and 3/],
    ["a button title over 20 characters", buttonsBody([reply("b1", "x".repeat(21))]), /at most 20/],
    ["repeated button titles", buttonsBody([reply("b1", "Same"), reply("b2", "Same")]), /unique/],
    ["a button body over 1024 characters", buttonsBody([reply("b1", "Ok")], "y".repeat(1025)), /1024/],
    [
      "a list with 11 rows",
      listBody([
        { title: "A", rows: rows(6) },
        { title: "B", rows: rows(5).map((r) => ({ ...r, id: `x${r.id}` })) },
      ]),
      /at most 10 rows/,
    ],
    [
      "a list row title over 24 characters",
      listBody([{ rows: [{ id: "a", title: "t".repeat(25) }] }]),
      /at most 24/,
    ],
    [
      "a list row description over 72 characters",
      listBody([{ rows: [{ id: "a", title: "A", description: "d".repeat(73) }] }]),
      /at most 72/,
    ],
    ["a list button label over 20 characters", listBody([{ rows: rows(1) }], "b".repeat(21)), /at most 20/],
    [
      "untitled sections when there are several",
      listBody([{ rows: rows(1) }, { rows: [{ id: "z", title: "Z" }] }]),
      /title/,
    ],
    ["a template without a language", { ...base, type: "template", template: { name: "hello" } }, /language/],
    ["an unknown message type", { ...base, type: "hologram" }, /not a valid message type/],
    [
      "callback data over 512 bytes",
      { ...base, type: "text", text: { body: "hi" }, biz_opaque_callback_data: "é".repeat(257) },
      /512 bytes/,
    ],
  ])("refuses %s with error 100", async (_name, body, detail) => {
    await expectInvalid(body, detail);
  });

  it("answers malformed JSON with a Graph error, not a crash", async () => {
    const res = await t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/v23.0/${PRESALES_ID}/messages`,
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(100);
  });

  it("answers any odd body with a Graph 4xx, never a 5xx", async () => {
    const shapes = fc.oneof(
      fc.jsonValue(),
      fc.record({ messaging_product: fc.constant("whatsapp"), to: fc.string(), type: fc.string() }),
      fc.record({
        messaging_product: fc.constant("whatsapp"),
        to: fc.constant(LUCIA),
        type: fc.constantFrom("text", "interactive", "template", "image", "reaction", "location"),
        text: fc.jsonValue(),
        interactive: fc.jsonValue(),
        template: fc.jsonValue(),
        image: fc.jsonValue(),
        reaction: fc.jsonValue(),
        location: fc.jsonValue(),
      }),
      fc.record({
        messaging_product: fc.constant("whatsapp"),
        status: fc.jsonValue(),
        message_id: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(shapes, async (body) => {
        const res = await send(body);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode !== 200) expect(res.json().error.code).toEqual(expect.any(Number));
      }),
      { numRuns: 150 },
    );
  });

  it("makes the next N sends fail with the injected error, then succeeds", async () => {
    const add = await t.server.app.inject({
      method: "POST",
      url: "/simulator/api/failures",
      payload: { count: 2, code: 131056 },
    });
    expect(add.statusCode).toBe(201);
    for (let i = 0; i < 2; i++) {
      const res = await send(textMessage(LUCIA, `try ${i}`));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 131056, is_transient: true });
    }
    expect((await send(textMessage(LUCIA, "third time"))).statusCode).toBe(200);
  });

  it.each([
    [131047, undefined, 400],
    [130429, undefined, 400],
    [80007, undefined, 400],
    [4, 429, 429],
    [131000, undefined, 500],
    [undefined, 503, 503],
  ])("injects Graph code %s as HTTP %s → %s", async (code, httpStatus, expected) => {
    simulatorOf(t.server).failures.add({
      count: 1,
      ...(code !== undefined && { code }),
      ...(httpStatus && { httpStatus }),
    });
    const res = await send(textMessage(LUCIA, "hi"));
    expect(res.statusCode).toBe(expected);
    const error = res.json().error;
    expect(error).toMatchObject({ type: "OAuthException", error_data: { messaging_product: "whatsapp" } });
    expect(error.code).toBe(code ?? 131000);
  });

  it("reports an injected failure by status webhook when asked to", async () => {
    capture.requests.length = 0;
    simulatorOf(t.server).failures.add({ count: 1, code: 131026, mode: "status" });
    const res = await send(textMessage(LUCIA, "undeliverable"));
    expect(res.statusCode).toBe(200);
    const wamid = res.json().messages[0].id;
    await simulatorOf(t.server).idle();
    const statuses = capture.requests.flatMap(statusesOf).filter((s) => s.id === wamid);
    expect(statuses).toEqual([
      expect.objectContaining({ status: "failed", errors: [expect.objectContaining({ code: 131026 })] }),
    ]);
  });

  it("holds a request past the client's timeout when asked to", async () => {
    simulatorOf(t.server).failures.add({ count: 1, timeout: true, holdMs: 2000 });
    const url = await listeningUrl(t);
    const outcome = await fetch(`${url}/simulator/graph/v23.0/${PRESALES_ID}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(textMessage(LUCIA, "slow")),
      signal: AbortSignal.timeout(300),
    }).then(
      () => "answered",
      (e: Error) => e.name,
    );
    expect(outcome).toBe("TimeoutError");
    // The next send is not affected.
    expect((await send(textMessage(LUCIA, "fast"))).statusCode).toBe(200);
  });
});

let listening: string | undefined;
async function listeningUrl(t: TestServer): Promise<string> {
  if (!listening) {
    await t.server.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.server.app.server.address();
    if (!address || typeof address === "string") throw new Error("no address");
    listening = `http://127.0.0.1:${address.port}`;
  }
  return listening;
}

function statusesOf(request: CapturedRequest): Record<string, unknown>[] {
  const body = request.json as {
    entry: { changes: { value: { statuses?: Record<string, unknown>[] } }[] }[];
  };
  return body.entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses ?? []));
}
