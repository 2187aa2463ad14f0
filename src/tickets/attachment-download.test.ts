import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, type TestServer } from "../test/harness.js";
import { startListeningServer } from "../test/listen.js";
import { capturingLog } from "../test/log-capture.js";
import { buildPortalWorld, multipartBody, portalSession } from "./tickets.factories.js";

describeEachDatabase("attachment downloads under concurrency", (dialect) => {
  let t: TestServer & { url: string };
  let captured: ReturnType<typeof capturingLog>;
  let portalLink: string;
  let apiLink: string;
  let alice: { cookie: string };
  let agentCookie: string;
  // A whole number of read chunks (64 KiB): the file stream learns it has ended only after one more read,
  // which lets a client that has every byte hang up before the response is ended.
  const data = Buffer.alloc(16 * 65_536, "log line with details\n");

  beforeAll(async () => {
    captured = capturingLog();
    t = await startListeningServer(dialect, { log: captured.log, worker: false });
    const world = await buildPortalWorld(t.server.ctx);
    const session = await portalSession(t.server.ctx, world.alice.id);
    alice = session;
    agentCookie = await signInCookie(t.server);
    const body = multipartBody(
      {
        _csrf: session.csrf,
        category: "installation",
        subject: "Filter does not show",
        description: "After installing, the filter module does not appear on the category page.",
        licenseId: world.aliceActive.id,
      },
      [{ name: "error.log", data }],
    );
    const res = await t.server.app.inject({
      method: "POST",
      url: "/support/tickets?lang=en",
      headers: { cookie: session.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(303);
    const ticketId = /\/support\/tickets\/([0-9a-z]+)/.exec(res.headers.location as string)![1]!;
    const attachment = await t.server.ctx.db.kysely
      .selectFrom("ticket_attachments")
      .select("id")
      .where("ticket_id", "=", ticketId)
      .executeTakeFirstOrThrow();
    portalLink = `/support/tickets/${ticketId}/attachments/${attachment.id}`;
    apiLink = `/api/v1/tickets/${ticketId}/attachments/${attachment.id}`;
  });
  afterAll(async () => t.close());

  /**
   * A client that hangs up the moment it has the whole body, as download tools do: the server may still be
   * between writing the last bytes and ending the response.
   */
  function download(url: string, cookie: string): Promise<{ status: number; bytes: Buffer }> {
    const { port } = new URL(t.url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        socket.write(`GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\n\r\n`);
      });
      let received = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = received.subarray(0, end).toString("latin1");
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? Number.NaN);
        const body = received.subarray(end + 4);
        if (body.length >= length) {
          socket.destroy();
          resolve({ status: Number(head.split(" ")[1]), bytes: body });
        }
      });
      socket.on("error", reject);
    });
  }

  it("serves 30 concurrent downloads, each answered once, with nothing logged at warn or above", async () => {
    const results = [];
    for (let round = 0; round < 5; round++)
      results.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            download(i % 2 ? portalLink : apiLink, i % 2 ? alice.cookie : agentCookie),
          ),
        )),
      );
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.bytes.equals(data)).toBe(true);
    }
    // Let the server finish what it was doing when the clients hung up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(captured.lines.map((l) => `${l.msg} ${l.err?.code ?? ""}`)).toEqual([]);
  });
});
