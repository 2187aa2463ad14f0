import type { TestDialect, TestServer, TestServerOptions } from "./harness.js";
import { startTestServer } from "./harness.js";

/** A test server listening on a free port, for browsers and real HTTP clients. */
export async function startListeningServer(
  dialect: TestDialect,
  options: TestServerOptions = {},
): Promise<TestServer & { url: string }> {
  const t = await startTestServer(dialect, options);
  await t.server.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.server.app.server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  t.server.startBackground();
  return { ...t, url: `http://127.0.0.1:${address.port}` };
}
