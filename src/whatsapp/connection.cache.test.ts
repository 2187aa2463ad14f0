import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { forgetConnection, whatsappConnection } from "./connection.service.js";
import { APP_SECRET, whatsappEnv } from "./test-support.js";

// Every webhook reads the connection (its app secret checks the signature): a burst arriving when the cached
// entry has expired must share one read, not take a pooled connection each.

describeEachDatabase("the WhatsApp connection cache", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
  });
  afterEach(async () => t.close());

  it("answers a burst of callers with one read, and reads again once forgotten", async () => {
    const ctx = t.server.ctx;
    forgetConnection(ctx);
    const burst = await Promise.all(Array.from({ length: 20 }, () => whatsappConnection(ctx)));
    expect(new Set(burst).size).toBe(1);
    expect(burst[0]!.appSecret).toBe(APP_SECRET);
    expect(await whatsappConnection(ctx)).toBe(burst[0]);

    forgetConnection(ctx);
    const next = await whatsappConnection(ctx);
    expect(next).not.toBe(burst[0]);
    expect(next.appSecret).toBe(APP_SECRET);
  });
});
