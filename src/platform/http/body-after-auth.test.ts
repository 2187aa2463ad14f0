import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { startListeningServer } from "../../test/listen.js";

/**
 * Send only the head of a request that announces a large body, and read the status line of the answer.
 * The answer can only come if the server decides without waiting for the body.
 */
function headOnly(url: string, port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
      socket.write(`POST ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join("\r\n")}\r\n\r\n`);
    });
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on("error", reject);
  });
}

describeEachDatabase("bodies are read only after authentication and rate limits", (dialect) => {
  let t: TestServer & { url: string };
  let port: number;
  beforeAll(async () => {
    t = await startListeningServer(dialect, { worker: false });
    port = Number(new URL(t.url).port);
  });
  afterAll(async () => t.close());

  it("refuses an anonymous 19 MB CSV import before its body arrives", async () => {
    const status = await headOnly("/api/v1/licenses/import", port, {
      "content-type": "text/csv",
      "content-length": String(19 * 1024 * 1024),
    });
    expect(status).toBe(401);
  });

  it("refuses an anonymous 20 MB WhatsApp attachment before its body arrives", async () => {
    const status = await headOnly("/api/v1/conversations/x/attachments", port, {
      "content-type": "application/json",
      "content-length": String(20 * 1024 * 1024),
    });
    expect(status).toBe(401);
  });

  it("refuses a sign-in past its rate limit before its body arrives", async () => {
    for (let i = 0; i < 10; i++) {
      const res = await t.server.app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: `n${i}@example.com`, password: "wrong-password" },
      });
      expect(res.statusCode).toBe(401);
    }
    const status = await headOnly("/api/v1/session", port, {
      "content-type": "application/json",
      "content-length": String(1024 * 1024),
    });
    expect(status).toBe(429);
  });
});
