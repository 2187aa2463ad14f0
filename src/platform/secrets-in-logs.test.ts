import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNER, startTestServer, type TestServer } from "../test/harness.js";
import { createLogger } from "./logger.js";
import { createSecretBox } from "./secrets.js";

const SECRETS = {
  WHATSAPP_ACCESS_TOKEN: "tok-live-9f8e7d6c5b4a",
  WHATSAPP_APP_SECRET: "appsecret-1a2b3c4d5e",
  WHATSAPP_VERIFY_TOKEN: "verify-0x1234abcd",
  BEEDESK_SECRET_KEY: "cd".repeat(32),
};

describe("secrets never reach the logs", () => {
  let t: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startTestServer("sqlite", {
      env: {
        ...SECRETS,
        WHATSAPP_PRESALES_PHONE_NUMBER_ID: "555",
        WHATSAPP_PRESALES_NUMBER: "+34 600 000 001",
        LOG_LEVEL: "trace",
      },
      log: createLogger({ logLevel: "trace" }, sink),
    });
  });
  afterAll(async () => t.close());

  it("keeps passwords, session tokens, API keys and configured secrets out of every log line", async () => {
    const app = t.server.app;
    const signIn = await app.inject({ method: "POST", url: "/api/v1/session", payload: OWNER });
    const session = signIn.cookies.find((c) => c.name === "beedesk_session")!.value;
    const cookie = `beedesk_session=${session}`;
    await app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: OWNER.email, password: "a-wrong-password-xyz" },
    });
    const key = (
      await app.inject({
        method: "POST",
        url: "/api/v1/api-keys",
        headers: { cookie },
        payload: { name: "shop" },
      })
    ).json().secret as string;
    await app.inject({ method: "GET", url: "/api/v1/users", headers: { authorization: `Bearer ${key}` } });
    await app.inject({
      method: "GET",
      url: "/api/v1/users",
      headers: { authorization: "Bearer bdk_not-a-real-key" },
    });
    // A failing request logs at error level with its context: still no secrets.
    await app.inject({
      method: "GET",
      url: "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
    });

    expect(lines.length).toBeGreaterThan(3);
    const log = lines.join("\n");
    for (const secret of [...Object.values(SECRETS), OWNER.password, "a-wrong-password-xyz", session, key]) {
      expect(log).not.toContain(secret);
    }
  });

  it("encrypts with AES-256-GCM: authenticated, random IV, tamper-evident", () => {
    const box = createSecretBox(Buffer.alloc(32, 1));
    const a = box.encrypt("ftp password");
    const b = box.encrypt("ftp password");
    expect(a).not.toBe(b);
    expect(a).not.toContain("ftp password");
    expect(box.decrypt(a)).toBe("ftp password");
    const parts = a.split(".");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = data[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), data.toString("base64url")].join(".");
    expect(() => box.decrypt(tampered)).toThrow();
    expect(() => createSecretBox(Buffer.alloc(32, 2)).decrypt(a)).toThrow();
  });
});
