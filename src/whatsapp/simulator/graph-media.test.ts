import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness.js";
import { FAKE_EXE, multipartBody, TINY_PNG } from "../../tickets/tickets.factories.js";
import { mediaMessage } from "../outbound.js";
import { modulesWithSimulator, personaSends, simulatorOf } from "./simulator.testing.js";

// The fake Graph API's media upload, called as Meta documents it (multipart: messaging_product, type, file).

const TOKEN = "simulator-access-token";
const PRESALES_ID = "100000000000001";
const LUCIA = "34611000001";

describe("fake Graph API: POST /{phone-number-id}/media", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { modules: modulesWithSimulator() });
    await personaSends(t.server, "lucia", "Hola");
  });
  afterAll(async () => t?.close());

  const upload = (fields: Record<string, string>, file?: { data: Buffer; type: string }, token = TOKEN) => {
    const body = multipartBody(
      fields,
      file ? [{ field: "file", name: "file.bin", data: file.data, type: file.type }] : [],
    );
    return t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/v23.0/${PRESALES_ID}/media`,
      headers: { ...body.headers, authorization: `Bearer ${token}` },
      payload: body.payload,
    });
  };

  it("keeps the file and answers its id, which a message may then send", async () => {
    const res = await upload(
      { messaging_product: "whatsapp", type: "image/png" },
      { data: TINY_PNG, type: "image/png" },
    );
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json() as { id: string };
    expect(id).toMatch(/^\d+$/);
    expect(simulatorOf(t.server).store.mediaBytes(id)?.equals(TINY_PNG)).toBe(true);

    const sent = await t.server.app.inject({
      method: "POST",
      url: `/simulator/graph/v23.0/${PRESALES_ID}/messages`,
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      payload: JSON.stringify(mediaMessage(LUCIA, { type: "image", id, caption: "Mira" })),
    });
    expect(sent.statusCode, sent.body).toBe(200);
  });

  it("answers Graph's errors for a missing product, a missing file, an unsupported type and a bad token", async () => {
    const png = { data: TINY_PNG, type: "image/png" };
    const cases = [
      await upload({ type: "image/png" }, png),
      await upload({ messaging_product: "whatsapp", type: "image/png" }),
      await upload(
        { messaging_product: "whatsapp", type: "application/x-msdownload" },
        { data: FAKE_EXE, type: "application/x-msdownload" },
      ),
    ];
    for (const res of cases) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 100 });
    }
    const unauthorized = await upload(
      { messaging_product: "whatsapp", type: "image/png" },
      png,
      "wrong-token-of-the-same-len",
    );
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.json().error).toMatchObject({ code: 190 });
  });
});
