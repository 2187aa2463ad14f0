import { afterEach, beforeEach, expect, it } from "vitest";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { buildTextPayload } from "./fixtures.js";
import { postWebhook, whatsappEnv } from "./test-support.js";

// The webhook receiver caches contacts by phone number. An erasure (or retention) takes a contact's identity:
// the next message from that phone must start a fresh contact, never land on the erased one or give it its
// phone number back.

describeEachDatabase("webhook ingest after a contact's erasure", (dialect) => {
  let t: TestServer;
  const http = testHttp(() => t.server);
  const PHONE = "34611222333";

  beforeEach(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
  });
  afterEach(async () => t.close());

  const contactsOf = (waId: string) =>
    t.server.ctx.db.kysely.selectFrom("contacts").select(["id", "wa_id"]).where("wa_id", "=", waId).execute();
  const contactOfMessage = async (wamid: string) =>
    (
      await t.server.ctx.db.kysely
        .selectFrom("messages")
        .innerJoin("conversations", "conversations.id", "messages.conversation_id")
        .select("conversations.contact_id")
        .where("messages.wamid", "=", wamid)
        .executeTakeFirstOrThrow()
    ).contact_id;

  it("stores a message from an erased contact's phone on a fresh contact", async () => {
    const first = buildTextPayload({ from: PHONE, name: "Ana", wamid: "wamid.ERASE-1", text: "Hola" });
    expect((await postWebhook(t.server, first)).statusCode).toBe(200);
    // A second message makes sure the contact is in the receiver's cache.
    const second = buildTextPayload({
      from: PHONE,
      name: "Ana",
      wamid: "wamid.ERASE-2",
      text: "¿Sigue ahí?",
    });
    expect((await postWebhook(t.server, second)).statusCode).toBe(200);
    const [erased] = await contactsOf(PHONE);
    expect(erased).toBeDefined();

    const owner = await signInCookie(t.server);
    const res = await http.post(`/api/v1/contacts/${erased!.id}/erase`, owner, { confirm: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(await contactsOf(PHONE)).toEqual([]);

    const after = buildTextPayload({
      from: PHONE,
      name: "Ana",
      wamid: "wamid.ERASE-3",
      text: "Hola otra vez",
    });
    expect((await postWebhook(t.server, after)).statusCode).toBe(200);
    const fresh = await contactsOf(PHONE);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.id).not.toBe(erased!.id);
    expect(await contactOfMessage("wamid.ERASE-3")).toBe(fresh[0]!.id);
    const old = await t.server.ctx.db.kysely
      .selectFrom("contacts")
      .select(["wa_id", "profile_name"])
      .where("id", "=", erased!.id)
      .executeTakeFirstOrThrow();
    expect(old).toEqual({ wa_id: null, profile_name: null });
  });
});
