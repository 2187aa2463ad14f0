import { expect, it } from "vitest";
import { InboundDispatcher } from "./inbound-dispatcher.js";
import type { InboundRef } from "./ingest.repository.js";

const ref = (conversationId: string, n: number): InboundRef => ({
  messageId: `${conversationId}-${n}`,
  conversationId,
});

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

it("handles one conversation's messages one at a time, in order, across jobs; other conversations overlap", async () => {
  const log: string[] = [];
  let inFlight = 0;
  let most = 0;
  const running = new Set<string>();
  const dispatcher = new InboundDispatcher(async (ids) => {
    expect(running.has(ids.conversationId)).toBe(false);
    running.add(ids.conversationId);
    inFlight++;
    most = Math.max(most, inFlight);
    await tick();
    await tick();
    log.push(ids.messageId);
    running.delete(ids.conversationId);
    inFlight--;
  });
  // Two jobs, the second queued while the first is being handled.
  const first = dispatcher.run([ref("a", 1), ref("b", 1), ref("a", 2), ref("c", 1)]);
  await tick();
  const second = dispatcher.run([ref("a", 3), ref("b", 2), ref("d", 1)]);
  expect(await first).toEqual([undefined, undefined, undefined, undefined]);
  expect(await second).toEqual([undefined, undefined, undefined]);

  expect(log.filter((m) => m.startsWith("a-"))).toEqual(["a-1", "a-2", "a-3"]);
  expect(log.filter((m) => m.startsWith("b-"))).toEqual(["b-1", "b-2"]);
  expect(log).toHaveLength(7);
  expect(most).toBeGreaterThan(1);
});

it("reports each message's failure to its own job and goes on with the rest", async () => {
  const boom = new Error("listener failed");
  const dispatcher = new InboundDispatcher(async (ids) => {
    if (ids.messageId === "b-1") throw boom;
  });
  expect(await dispatcher.run([ref("a", 1), ref("b", 1), ref("b", 2)])).toEqual([undefined, boom, undefined]);
});
