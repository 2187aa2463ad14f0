import fs from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { FAKE_EXE, TINY_PNG } from "../tickets/tickets.factories.js";
import {
  businessMessagesTo,
  injectFailure,
  personaDoes,
  simulatorOf,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// An agent attaches a file in the composer: beedesk uploads it to (the simulator's) Graph API as multipart,
// then sends a message with the media id; the customer receives the very bytes and the thread shows them.

describeEachDatabase("POST /api/v1/conversations/:id/attachments", (dialect) => {
  let t: TestServer & { url: string };
  let owner: string;
  let conversationId: string;
  const { get, post } = testHttp(() => t.server);

  beforeAll(async () => {
    t = await startSimulatorServer(dialect);
    owner = await signInCookie(t.server);
    await personaDoes(t.server, "carlos", { type: "text", text: "¿Me mandas la factura?" }, { wait: true });
    const conversations = (await get("/api/v1/conversations", owner)).json().data as Array<{
      id: string;
      contact: { waId: string };
    }>;
    conversationId = conversations.find((c) => c.contact.waId === "34622000303")!.id;
  });
  afterAll(async () => t?.close());

  const attach = (body: Record<string, unknown>) =>
    post(`/api/v1/conversations/${conversationId}/attachments`, owner, body);
  const png = (bytes: Buffer = TINY_PNG) => ({
    filename: "captura.png",
    mimeType: "image/png",
    data: bytes.toString("base64"),
  });
  const uploadsInSimulator = () => {
    const dir = simulatorOf(t.server).store.mediaDir;
    return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
  };
  const outboundMedia = async () =>
    (
      await t.server.ctx.db.kysely
        .selectFrom("messages")
        .select(["id", "media_id"])
        .where("conversation_id", "=", conversationId)
        .where("direction", "=", "out")
        .where("media_id", "is not", null)
        .execute()
    ).length;
  const sendJobs = async () =>
    (
      await t.server.ctx.db.kysely
        .selectFrom("jobs")
        .select("id")
        .where("type", "=", "whatsapp.send")
        .execute()
    ).length;

  it("uploads the image to Graph, sends it by its media id, and shows it in the agent's thread", async () => {
    const res = await attach({ ...png(), caption: "Aquí la tienes 📎" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      direction: "out",
      type: "image",
      text: "Aquí la tienes 📎",
      media: { status: "stored", mimeType: "image/png", size: TINY_PNG.length },
    });

    const received = await waitForBusinessMessage(t.server, "carlos", {
      match: (m) => m.content.type === "media",
      timeoutMs: 10_000,
    });
    expect(received.content).toMatchObject({ type: "media", kind: "image", caption: "Aquí la tienes 📎" });
    const mediaId = (received.content as { mediaId: string }).mediaId;
    expect(simulatorOf(t.server).store.mediaBytes(mediaId)?.equals(TINY_PNG)).toBe(true);
    expect(simulatorOf(t.server).store.media(mediaId)).toMatchObject({ mimeType: "image/png" });

    const thread = (await get(`/api/v1/conversations/${conversationId}/messages`, owner)).json()
      .data as Array<{
      id: string;
      type: string;
      media: { url: string } | null;
    }>;
    const shown = thread.find((m) => m.id === res.json().id)!;
    expect(shown.media).not.toBeNull();
    const file = await t.server.app.inject({
      method: "GET",
      url: shown.media!.url,
      headers: { cookie: owner },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(file.rawPayload.equals(TINY_PNG)).toBe(true);
  });

  it("refuses a wrong type, a disguised file or a too large one with 4xx, and queues and uploads nothing", async () => {
    const before = { uploads: uploadsInSimulator(), media: await outboundMedia(), jobs: await sendJobs() };
    const exe = await attach({
      filename: "setup.exe",
      mimeType: "application/x-msdownload",
      data: FAKE_EXE.toString("base64"),
    });
    expect(exe.statusCode).toBe(415);
    const disguised = await attach(png(FAKE_EXE));
    expect(disguised.statusCode).toBe(415);
    const big = Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024 + 1)]);
    const tooLarge = await attach(png(big));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe("payload_too_large");
    const notBase64 = await attach({ ...png(), data: "not base64!" });
    expect(notBase64.statusCode).toBe(400);
    expect({ uploads: uploadsInSimulator(), media: await outboundMedia(), jobs: await sendJobs() }).toEqual(
      before,
    );
  });

  it("answers Meta's refusal of the upload (422) or its outage (503), and queues nothing", async () => {
    const before = { media: await outboundMedia(), jobs: await sendJobs() };
    injectFailure(t.server, { count: 1, httpStatus: 400, code: 100 });
    const refused = await attach(png());
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe("whatsapp_rejected");
    injectFailure(t.server, { count: 1, httpStatus: 503 });
    const down = await attach(png());
    expect(down.statusCode, down.body).toBe(503);
    expect({ media: await outboundMedia(), jobs: await sendJobs() }).toEqual(before);
  });

  it("refuses outside the 24-hour window like a text reply, before uploading anything", async () => {
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString();
    await t.server.ctx.db.kysely
      .updateTable("conversations")
      .set({ last_inbound_at: old })
      .where("id", "=", conversationId)
      .execute();
    const uploads = uploadsInSimulator();
    const sent = businessMessagesTo(t.server, "carlos").length;
    const text = await post(`/api/v1/conversations/${conversationId}/messages`, owner, { text: "late" });
    const file = await attach(png());
    expect([text.statusCode, file.statusCode]).toEqual([409, 409]);
    expect(file.json().error.code).toBe(text.json().error.code);
    expect(uploadsInSimulator()).toBe(uploads);
    expect(businessMessagesTo(t.server, "carlos")).toHaveLength(sent);
  });

  it("is for signed-in agents only", async () => {
    const res = await t.server.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/attachments`,
      headers: { "content-type": "application/json" },
      payload: png(),
    });
    expect(res.statusCode).toBe(401);
  });
});
