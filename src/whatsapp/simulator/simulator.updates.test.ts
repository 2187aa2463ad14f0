import { afterAll, beforeAll, expect, it } from "vitest";
import { checkedJson } from "../../test/api-shape.js";
import { describeEachDatabase, signInCookie, type TestServer } from "../../test/harness.js";
import { userIdOf } from "./customer-updates.js";
import {
  personaDoes,
  personaOf,
  personaSends,
  simulatorOf,
  startSimulatorServer,
} from "./simulator.testing.js";
import { UPDATE_KINDS, type UpdateKind } from "./simulator.types.js";

// The simulator sends every kind of WhatsApp update a newcomer should see, through the real signed webhook; the
// inbox API then shows each as WhatsApp would.

interface Out {
  wamid: string | null;
  type: string;
  text: string | null;
  direction: string;
  reactions: { emoji: string }[];
  editedAt: string | null;
  deletedAt: string | null;
  referral: { headline: string | null } | null;
}

describeEachDatabase("simulator: WhatsApp updates", (dialect) => {
  let t: TestServer & { url: string };
  let cookie: string;
  beforeAll(async () => {
    t = await startSimulatorServer(dialect);
    cookie = await signInCookie(t.server);
  });
  afterAll(async () => t?.close());

  async function get<T>(url: string): Promise<T> {
    return checkedJson<T>(t.server, await t.server.app.inject({ method: "GET", url, headers: { cookie } }));
  }
  async function threadOf(
    match: (c: { contact: { waId: string | null; userId: string | null } }) => boolean,
  ) {
    const list = await get<{
      data: { id: string; contact: { waId: string | null; userId: string | null } }[];
    }>("/api/v1/conversations?limit=100");
    const conversation = list.data.find(match);
    if (!conversation) return [];
    return (await get<{ data: Out[] }>(`/api/v1/conversations/${conversation.id}/messages`)).data.filter(
      (m) => m.direction === "in",
    );
  }
  const update = async (kind: UpdateKind, extra: { text?: string } = {}) => {
    const { outcome, message } = await personaDoes(t.server, "carlos", { type: "update", kind, ...extra });
    expect(outcome, kind).toMatchObject({ ok: true, httpStatus: 200 });
    return message;
  };

  it("offers every update kind", () => {
    expect([...UPDATE_KINDS].sort()).toEqual([
      "ad_referral",
      "contacts",
      "edit",
      "location",
      "number_change",
      "order",
      "reaction",
      "revoke",
      "user_id_only",
    ]);
  });

  it("sends each update, and beedesk shows it on the right message or as its own item", async () => {
    const persona = personaOf(t.server, "carlos");
    const waId = persona.waId;
    const byPhone = (c: { contact: { waId: string | null } }) => c.contact.waId === waId;
    const { message: first } = await personaSends(t.server, "carlos", "¿Funciona con OpenCart 4?");
    await update("reaction");
    await update("edit", { text: "¿Funciona con OpenCart 4.1?" });
    let thread = await threadOf(byPhone);
    const shown = thread.find((m) => m.wamid === first.id)!;
    expect(shown).toMatchObject({ text: "¿Funciona con OpenCart 4.1?", editedAt: expect.any(String) });

    for (const kind of ["contacts", "order", "location", "ad_referral"] as const) await update(kind);
    thread = await threadOf(byPhone);
    expect(thread.map((m) => m.type)).toEqual(["text", "contacts", "order", "location", "text"]);
    expect(thread.at(-1)!.referral?.headline).toBeTruthy();

    await update("revoke");
    thread = await threadOf(byPhone);
    expect(thread.at(-1)!.deletedAt).not.toBeNull();

    await update("user_id_only");
    const username = await threadOf((c) => c.contact.userId === userIdOf(persona) && c.contact.waId === null);
    expect(username.map((m) => m.text)).toEqual(["Hola"]);

    await update("number_change");
    const moved = personaOf(t.server, "carlos").waId;
    expect(moved).not.toBe(waId);
    const after = await threadOf((c) => c.contact.waId === moved);
    expect(after.at(-1)!.type).toBe("system");
    expect(after.length).toBe(thread.length + 1);
    expect(simulatorOf(t.server).store.personaByWaId(moved)?.id).toBe("carlos");
  });
});
