import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TestClock, type TestServer } from "../../test/harness.js";
import { buttonsMessage, templateMessage, textMessage } from "../outbound.js";
import { verifySignature } from "../signature.js";
import { sampleImage } from "./sample-image.js";
import {
  businessMessagesTo,
  type CapturedRequest,
  customerMessagesFrom,
  modulesWithSimulator,
  nextBusinessMessage,
  openChat,
  personaDoes,
  personaSends,
  personaTaps,
  simulatorOf,
  startCaptureServer,
  textOf,
} from "./simulator.testing.js";

const TOKEN = "simulator-access-token";
const SECRET = "simulator-app-secret";
const PRESALES_ID = "100000000000001";
const PREMIUM_ID = "100000000000002";

// biome-ignore lint/suspicious/noExplicitAny: reading webhook JSON in tests
type Json = Record<string, any>;

function changeValue(request: CapturedRequest): Json {
  return (request.json as Json).entry[0].changes[0].value;
}

describe("simulator webhooks: what a persona does reaches beedesk signed", () => {
  let t: TestServer;
  let capture: Awaited<ReturnType<typeof startCaptureServer>>;
  const clock = new TestClock(new Date("2026-11-25T10:00:00Z"));

  beforeAll(async () => {
    t = await startTestServer("sqlite", { modules: modulesWithSimulator(), clock });
    capture = await startCaptureServer();
    simulatorOf(t.server).setWebhookUrl(capture.url);
  });
  afterAll(async () => {
    await t?.close();
    await capture?.close();
  });

  const graph = (id: string, body: unknown) =>
    t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/v23.0/${id}/messages`,
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      payload: JSON.stringify(body),
    });

  it("signs a persona's text over the exact bytes, escaping non-ASCII like Meta", async () => {
    capture.requests.length = 0;
    const text = "¿Funciona con OpenCart 4? ñ 👍";
    const { message, outcome } = await personaSends(t.server, "lucia", text);
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200, attempts: 1 });
    const [request] = capture.requests;
    if (!request) throw new Error("nothing posted");
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(verifySignature(request.raw, request.headers["x-hub-signature-256"] as string, SECRET)).toBe(true);
    expect(verifySignature(request.raw, request.headers["x-hub-signature-256"] as string, "other")).toBe(
      false,
    );
    // Meta's serialisation: pure ASCII on the wire, so re-serialising the parsed JSON gives other bytes.
    expect(request.raw.toString("utf8")).toContain("\\u00bfFunciona");
    expect(request.raw.toString("utf8")).toContain("\\ud83d\\udc4d");
    expect(Buffer.from(JSON.stringify(request.json)).equals(request.raw)).toBe(false);

    const json = request.json as Json;
    expect(json.object).toBe("whatsapp_business_account");
    expect(changeValue(request)).toEqual({
      messaging_product: "whatsapp",
      metadata: { display_phone_number: "34600111222", phone_number_id: PRESALES_ID },
      contacts: [{ profile: { name: "Lucía Fernández" }, wa_id: "34611000001" }],
      messages: [
        {
          from: "34611000001",
          id: message.id,
          timestamp: String(Math.floor(clock.now().getTime() / 1000)),
          type: "text",
          text: { body: text },
        },
      ],
    });
    expect(simulatorOf(t.server).store.message(message.id)?.status).toBe("delivered");
  });

  it("sends a premium-number message with that number's metadata", async () => {
    capture.requests.length = 0;
    await personaSends(t.server, "john", "I need urgent help", { to: "premium" });
    expect(changeValue(capture.requests[0]!).metadata).toEqual({
      display_phone_number: "34600333444",
      phone_number_id: PREMIUM_ID,
    });
  });

  it("emits sent then delivered for each accepted message, and read once the chat is open", async () => {
    capture.requests.length = 0;
    const res = await graph(
      PRESALES_ID,
      textMessage("34611000001", "Gracias por escribir", { callbackData: "m-1" }),
    );
    const wamid = res.json().messages[0].id;
    await simulatorOf(t.server).idle();
    const statuses = () =>
      capture.requests
        .filter((r) => verifySignature(r.raw, r.headers["x-hub-signature-256"] as string, SECRET))
        .flatMap((r) => changeValue(r).statuses ?? [])
        .filter((s: Json) => s.id === wamid);
    expect(statuses().map((s: Json) => s.status)).toEqual(["sent", "delivered"]);
    expect(statuses()[0]).toMatchObject({
      recipient_id: "34611000001",
      biz_opaque_callback_data: "m-1",
      pricing: { billable: false, pricing_model: "PMP", category: "service" },
    });

    const close = openChat(t.server, "lucia");
    await simulatorOf(t.server).idle();
    expect(statuses().map((s: Json) => s.status)).toEqual(["sent", "delivered", "read"]);

    // While the chat is open, a new message is read as soon as it is delivered.
    const next = await graph(PRESALES_ID, textMessage("34611000001", "¿Algo más?"));
    await simulatorOf(t.server).idle();
    const nextStatuses = capture.requests.flatMap((r) => changeValue(r).statuses ?? []);
    expect(
      nextStatuses.filter((s: Json) => s.id === next.json().messages[0].id).map((s: Json) => s.status),
    ).toEqual(["sent", "delivered", "read"]);
    close();
  });

  it("posts a button_reply with the tapped id when the persona taps a business button", async () => {
    const res = await graph(
      PRESALES_ID,
      buttonsMessage("34611000001", {
        body: "¿Qué necesitas?",
        buttons: [
          { id: "route:presales", title: "Preventa" },
          { id: "route:premium", title: "Premium" },
        ],
      }),
    );
    const businessId = res.json().messages[0].id;
    capture.requests.length = 0;
    await personaTaps(t.server, "lucia", "Premium");
    const messages = capture.requests.flatMap((r) => changeValue(r).messages ?? []);
    expect(messages).toEqual([
      expect.objectContaining({
        type: "interactive",
        context: { from: "34600111222", id: businessId },
        interactive: { type: "button_reply", button_reply: { id: "route:premium", title: "Premium" } },
      }),
    ]);
    expect(simulatorOf(t.server).store.message(businessId)).toMatchObject({
      answered: { id: "route:premium" },
      status: "read",
    });
  });

  it("posts a template quick-reply tap as a `button` message with its payload", async () => {
    await graph(
      PRESALES_ID,
      templateMessage("34611000001", {
        name: "quote",
        languageCode: "es",
        components: [
          {
            type: "button",
            sub_type: "quick_reply",
            index: "0",
            parameters: [{ type: "payload", payload: "q:7:accept" }],
          },
        ],
      }),
    );
    capture.requests.length = 0;
    await personaTaps(t.server, "lucia", "q:7:accept");
    expect(capture.requests.flatMap((r) => changeValue(r).messages ?? [])[0]).toMatchObject({
      type: "button",
      button: { payload: "q:7:accept", text: "q:7:accept" },
    });
  });

  it("sends an image the persona picked, downloadable through the Graph media API with the token", async () => {
    capture.requests.length = 0;
    await personaDoes(t.server, "james", { type: "sample_image", caption: "Este es el error" });
    const image = capture.requests.flatMap((r) => changeValue(r).messages ?? [])[0].image;
    const bytes = sampleImage();
    expect(image).toEqual({
      caption: "Este es el error",
      mime_type: "image/png",
      sha256: createHash("sha256").update(bytes).digest("base64"),
      id: expect.stringMatching(/^\d{16}$/),
    });

    const info = await t.server.app.inject({
      url: `/simulator/graph/v23.0/${image.id}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(info.statusCode).toBe(200);
    const media = info.json();
    expect(media).toMatchObject({
      messaging_product: "whatsapp",
      mime_type: "image/png",
      file_size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      id: image.id,
    });
    const url = new URL(media.url);
    const download = (token?: string) =>
      t.server.app.inject({
        url: `${url.pathname}${url.search}`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await download()).statusCode).toBe(401);
    const ok = await download(TOKEN);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toBe("image/png");
    expect(ok.rawPayload.equals(bytes)).toBe(true);
    clock.advance(6 * 60 * 1000);
    expect((await download(TOKEN)).statusCode).toBe(404);

    // Clearing the chat on the page forgets its media too.
    simulatorOf(t.server).clearChat("james", "presales");
    expect(simulatorOf(t.server).store.media(image.id)).toBeUndefined();
  });

  it("lets a test wait for what the business sends and read it as a person would", async () => {
    const next = nextBusinessMessage(t.server, "lucia", { match: (m) => m.content.type === "buttons" });
    await graph(
      PRESALES_ID,
      buttonsMessage("34611000001", { header: "Hola", body: "*Elige*", buttons: [{ id: "x", title: "X" }] }),
    );
    const message = await next;
    expect(textOf(message)).toBe("Hola\n*Elige*");
    expect(businessMessagesTo(t.server, "lucia").at(-1)?.id).toBe(message.id);
    await expect(nextBusinessMessage(t.server, "lucia", { timeoutMs: 50 })).rejects.toThrow(/No matching/);
    expect(customerMessagesFrom(t.server, "+34 611 000 001").at(0)?.status).toBe("delivered");
  });

  it("retries a webhook beedesk refuses, then marks the customer's message failed", async () => {
    capture.requests.length = 0;
    capture.status = 500;
    const text = "¿Hola? (refused webhook)";
    const { message, outcome } = await personaSends(t.server, "maria", text);
    capture.status = 200;
    expect(outcome).toMatchObject({ ok: false, attempts: 3, httpStatus: 500 });
    // Only this message's deliveries: status webhooks of earlier tests may still arrive on a busy machine.
    const attempts = capture.requests.filter((r) => JSON.stringify(r.json).includes(text));
    expect(attempts).toHaveLength(3);
    expect(simulatorOf(t.server).store.message(message.id)?.status).toBe("failed");
    expect(simulatorOf(t.server).deliveries()[0]).toMatchObject({ ok: false, httpStatus: 500, attempts: 3 });
  });

  it("reads, updates and validates the business profile", async () => {
    const profile = (method: "GET" | "POST", body?: unknown) =>
      t.server.app.inject({
        method,
        url: `/simulator/graph/v23.0/${PRESALES_ID}/whatsapp_business_profile${method === "GET" ? "?fields=about,websites" : ""}`,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });
    const about = "Solo preventa. Soporte premium de pago: +34 600 333 444.";
    const ok = await profile("POST", {
      messaging_product: "whatsapp",
      about,
      websites: ["https://huntbee.com"],
    });
    expect(ok.json()).toEqual({ success: true });
    expect((await profile("GET")).json()).toEqual({
      data: [{ messaging_product: "whatsapp", about, websites: ["https://huntbee.com"] }],
    });
    const numbers = await simulatorOf(t.server).numbers();
    expect(numbers.find((n) => n.role === "presales")?.about).toBe(about);

    const tooLong = await profile("POST", { messaging_product: "whatsapp", about: "a".repeat(140) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe(100);
    expect(
      (await profile("POST", { messaging_product: "whatsapp", websites: ["a", "b", "c"] })).statusCode,
    ).toBe(400);
  });
});

describe("simulator: Meta's 24-hour customer-service window", () => {
  let t: TestServer;
  let capture: Awaited<ReturnType<typeof startCaptureServer>>;
  const clock = new TestClock(new Date("2026-11-25T10:00:00Z"));

  beforeAll(async () => {
    t = await startTestServer("sqlite", { modules: modulesWithSimulator(), clock });
    capture = await startCaptureServer();
    simulatorOf(t.server).setWebhookUrl(capture.url);
  });
  afterAll(async () => {
    await t?.close();
    await capture?.close();
  });

  const send = (body: unknown, id = PRESALES_ID) =>
    t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/v23.0/${id}/messages`,
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      payload: JSON.stringify(body),
    });
  const template = (to: string) => templateMessage(to, { name: "follow_up", languageCode: "en" });

  it("refuses a free-form message to a persona who never wrote with 131047, but accepts a template", async () => {
    const res = await send(textMessage("447700900123", "Hello John"));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 131047, message: "(#131047) Re-engagement message" });
    expect((await send(template("447700900123"))).statusCode).toBe(200);
  });

  it("opens the window when the persona writes, per number, and closes it 24 hours later", async () => {
    await personaSends(t.server, "carlos", "Hola, una pregunta");
    expect((await send(textMessage("34622000303", "¡Hola Carlos!"))).statusCode).toBe(200);
    // The window belongs to the number Carlos wrote to.
    expect((await send(textMessage("34622000303", "Premium aquí"), PREMIUM_ID)).json().error.code).toBe(
      131047,
    );

    clock.advance(24 * 60 * 60 * 1000 - 1000);
    expect((await send(textMessage("34622000303", "Todavía a tiempo"))).statusCode).toBe(200);
    clock.advance(2000);
    expect((await send(textMessage("34622000303", "Demasiado tarde"))).json().error.code).toBe(131047);
    expect((await send(template("34622000303"))).statusCode).toBe(200);

    await personaSends(t.server, "carlos", "Sigo aquí");
    expect((await send(textMessage("34622000303", "¡Genial!"))).statusCode).toBe(200);
  });

  it("creates a persona for a template sent to a number that never wrote", async () => {
    const res = await send(template("+1 415 555 0199"));
    expect(res.json().contacts).toEqual([{ input: "+1 415 555 0199", wa_id: "14155550199" }]);
    expect(simulatorOf(t.server).store.personaByWaId("14155550199")?.name).toBe("+14155550199");
  });

  it("refuses a message to the business's own number with 131021", async () => {
    expect((await send(template("34600111222"))).json().error.code).toBe(131021);
  });
});
