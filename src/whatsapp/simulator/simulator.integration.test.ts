import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import {
  nextBusinessMessage,
  personaSends,
  redeliver,
  simulatorOf,
  startSimulatorServer,
  textOf,
} from "./simulator.testing.js";

// End to end through the production path: the simulator posts a real signed webhook over HTTP to beedesk's own
// POST /webhooks/whatsapp, and the message must be stored. Skipped (with a note) while the webhook route is not
// registered; the webhook's own tests cover its details.

describeEachDatabase("simulator → POST /webhooks/whatsapp → stored message", (dialect) => {
  let t: TestServer & { url: string };
  beforeAll(async () => {
    t = await startSimulatorServer(dialect);
  });
  afterAll(async () => t?.close());

  const webhookRegistered = () =>
    t.server.deps.allRoutes.some((r) => r.method === "POST" && r.url === "/webhooks/whatsapp");

  it("stores a persona's message, non-ASCII text intact, sent over HTTP with a real signature", async ({
    skip,
  }) => {
    skip(!webhookRegistered(), "POST /webhooks/whatsapp is not registered yet: nothing to integrate with");
    expect(simulatorOf(t.server).webhookTarget()).toEqual({ kind: "url", url: `${t.url}/webhooks/whatsapp` });

    const text = "¿Funciona con OpenCart 4? ñ";
    const { message, outcome } = await personaSends(t.server, "carlos", text);
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });

    const stored = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .innerJoin("conversations", "conversations.id", "messages.conversation_id")
      .innerJoin("contacts", "contacts.id", "conversations.contact_id")
      .select(["messages.text", "messages.direction", "conversations.role", "contacts.wa_id"])
      .where("messages.wamid", "=", message.id)
      .execute();
    expect(stored).toEqual([{ text, direction: "in", role: "presales", wa_id: "34622000303" }]);

    // The same webhook again (Meta delivers at least once) stores nothing new.
    expect(await redeliver(t.server, message.id)).toMatchObject({ ok: true, httpStatus: 200 });
    const count = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("messages.wamid", "=", message.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("gets beedesk's answer back through the fake Graph API, and beedesk records its delivery", async ({
    skip,
  }) => {
    const jobs = t.server.modules.flatMap((m) => m.jobs ?? []).map((j) => j.type);
    skip(
      !webhookRegistered() ||
        !jobs.includes("whatsapp.send") ||
        !t.server.modules.some((m) => m.name === "policy"),
      "needs the webhook route, the outbox sender (whatsapp.send) and the policy's auto-reply",
    );
    const reply = nextBusinessMessage(t.server, "john", { timeoutMs: 15_000 });
    const { message } = await personaSends(t.server, "john", "If I buy three, is there a discount?");
    const answer = await reply;
    expect(answer.status).not.toBe("failed");
    expect(textOf(answer).length).toBeGreaterThan(0);
    // The simulator's "sent" and "delivered" status webhooks reach beedesk's record of its own message.
    const storedStatus = async () =>
      (
        await t.server.ctx.db.kysely
          .selectFrom("messages")
          .select("status")
          .where("wamid", "=", answer.id)
          .executeTakeFirst()
      )?.status;
    await expect.poll(storedStatus, { timeout: 15_000 }).toBe("delivered");
    expect(simulatorOf(t.server).store.message(message.id)?.status).toMatch(/^(delivered|read)$/);
  });
});
