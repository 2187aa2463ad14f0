import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { modules } from "../modules.js";
import { newId } from "../platform/ids.js";
import type { DomainModule } from "../platform/module.js";
import { describeEachDatabase, startTestServer, type TestServer } from "../test/harness.js";
import { insertOutboundMessage, recordSentWamid } from "./delivery.repository.js";
import {
  batchPayload,
  bsuidPayload,
  buildInboundPayload,
  buildStatusPayload,
  buildTextPayload,
  FIXTURE,
  messageFixtures,
  wamid,
} from "./fixtures.js";
import { onInboundMessage } from "./inbound-events.js";
import { signBody } from "./signature.js";
import { APP_SECRET, postWebhook, VERIFY_TOKEN, whatsappEnv } from "./test-support.js";

describeEachDatabase("POST /webhooks/whatsapp", (dialect) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
  });
  afterEach(async () => t.close());

  const db = () => t.server.ctx.db.kysely;
  const countMessages = async () =>
    Number(
      (
        await db()
          .selectFrom("messages")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Messages handed to whatsapp.inbound jobs (one job may carry a whole committed batch). */
  const inboundJobMessages = async () => {
    const jobs = await db()
      .selectFrom("jobs")
      .select("payload")
      .where("type", "=", "whatsapp.inbound")
      .execute();
    return jobs.flatMap((j) => (JSON.parse(j.payload) as { messages: { messageId: string }[] }).messages);
  };
  const countJobs = async (type: string) =>
    Number(
      (
        await db()
          .selectFrom("jobs")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("type", "=", type)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("answers the verification handshake with the raw challenge, and 403 for a wrong token", async () => {
    const ok = await t.server.app.inject({
      method: "GET",
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("1158201444");
    for (const query of [
      "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
      `hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${VERIFY_TOKEN}`,
      "hub.mode=subscribe&hub.challenge=1",
      "",
    ]) {
      const res = await t.server.app.inject({ method: "GET", url: `/webhooks/whatsapp?${query}` });
      expect(res.statusCode, query).toBe(403);
    }
  });

  it("refuses a missing or wrong signature with 401 and stores nothing", async () => {
    const payload = buildTextPayload({ from: "34600000001", wamid: wamid(1), text: "hola" });
    const missing = await postWebhook(t.server, payload, { signature: null });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe("invalid_signature");
    const wrong = await postWebhook(t.server, payload, { signature: signBody("other", APP_SECRET) });
    expect(wrong.statusCode).toBe(401);
    const otherSecret = await postWebhook(t.server, payload, {
      signature: signBody(JSON.stringify(payload), "not-the-secret"),
    });
    expect(otherSecret.statusCode).toBe(401);
    const garbage = await postWebhook(t.server, payload, { signature: "sha256=zz" });
    expect(garbage.statusCode).toBe(401);
    expect(await countMessages()).toBe(0);
    const right = await postWebhook(t.server, payload);
    expect(right.statusCode).toBe(200);
    expect(await countMessages()).toBe(1);
  });

  it("checks the signature on the bytes as sent, with non-ASCII text \\u-escaped as Meta sends it", async () => {
    const text = "¿Tiene descuento? Ñandú 👍";
    const payload = buildTextPayload({ from: "34600000002", wamid: wamid(2), text });
    const escaped = JSON.stringify(payload).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    expect(escaped).not.toContain("Ñ");
    // Signing the re-serialised (unescaped) JSON must not pass.
    const reserialised = await postWebhook(t.server, payload, {
      raw: escaped,
      signature: signBody(JSON.stringify(payload), APP_SECRET),
    });
    expect(reserialised.statusCode).toBe(401);
    const res = await postWebhook(t.server, payload, { raw: escaped });
    expect(res.statusCode).toBe(200);
    const row = await db().selectFrom("messages").select(["text"]).executeTakeFirstOrThrow();
    expect(row.text).toBe(text);
  });

  it("stores every message and status of a batch across entries, changes and both numbers", async () => {
    const res = await postWebhook(t.server, batchPayload);
    expect(res.statusCode).toBe(200);
    const messages = await db()
      .selectFrom("messages")
      .innerJoin("conversations", "conversations.id", "messages.conversation_id")
      .select(["messages.wamid", "messages.type", "conversations.role"])
      .orderBy("messages.wamid")
      .execute();
    expect(messages).toEqual([
      { wamid: wamid(1), type: "text", role: "presales" },
      { wamid: wamid(5), type: "interactive", role: "premium" },
      { wamid: wamid(8), type: "image", role: "presales" },
    ]);
    const pending = await db()
      .selectFrom("whatsapp_pending_statuses")
      .select(["wamid", "status", "error_code"])
      .orderBy("wamid")
      .orderBy("status")
      .execute();
    expect(pending.map((p) => `${p.wamid.slice(-7)} ${p.status} ${p.error_code ?? ""}`)).toEqual([
      "000500A delivered ",
      "000500A sent ",
      "000501A read ",
      "000502A failed 131047",
    ]);
    // One contact talks to both numbers: one contact, two conversations.
    expect(await db().selectFrom("contacts").select("id").execute()).toHaveLength(1);
    expect(await db().selectFrom("conversations").select("id").execute()).toHaveLength(2);
  });

  it("stores every message type with its readable text, and queues media downloads", async () => {
    const all = Object.values(messageFixtures);
    const payload = buildInboundPayload(all[0]!);
    (payload.entry[0]!.changes[0]!.value as { messages: unknown[] }).messages = all;
    const res = await postWebhook(t.server, payload);
    expect(res.statusCode).toBe(200);
    const rows = await db()
      .selectFrom("messages")
      .select(["wamid", "type", "text", "media_id", "media_status", "context_wamid", "raw"])
      .execute();
    expect(rows).toHaveLength(all.length);
    const byWamid = new Map(rows.map((r) => [r.wamid, r]));
    const row = (name: keyof typeof messageFixtures) => byWamid.get(messageFixtures[name].id)!;
    expect(row("text").text).toBe("¿Tiene descuento si compro tres?");
    expect(row("buttonReply").text).toBe("Pregunta de preventa");
    expect(row("buttonReply").context_wamid).toBe(wamid(901));
    expect(row("listReply").text).toBe("Soporte técnico");
    expect(row("templateButton").text).toBe("Acepto");
    expect(row("image")).toMatchObject({ type: "image", text: "Este es el error", media_status: "pending" });
    expect(row("document").media_id).toBe("1003383421387259");
    expect(row("location").text).toBe("Oficina, Puerta del Sol, Madrid");
    expect(row("contacts").text).toBe("Pedro Gómez");
    expect(row("reaction").text).toBe("👍");
    expect(row("system").type).toBe("system");
    expect(row("unsupported").type).toBe("unsupported");
    expect(row("requestWelcome").type).toBe("request_welcome");
    expect(row("futureType")).toMatchObject({ type: "order", text: "Quiero estos dos" });
    expect(JSON.parse(row("futureType").raw).order.product_items).toHaveLength(1);
    // Reactions (shown on the message they touch) and system notices are not the customer writing.
    expect(await inboundJobMessages()).toHaveLength(all.length - 3);
    expect(await countJobs("whatsapp.media")).toBe(5);
  });

  it("stores a duplicate delivery once and enqueues one job", async () => {
    const payload = buildTextPayload({ from: "34600000003", wamid: wamid(3), text: "dup" });
    expect((await postWebhook(t.server, payload)).statusCode).toBe(200);
    expect((await postWebhook(t.server, payload)).statusCode).toBe(200);
    expect(await countMessages()).toBe(1);
    expect(await inboundJobMessages()).toHaveLength(1);
    const conv = await db().selectFrom("conversations").select(["unread_count"]).executeTakeFirstOrThrow();
    expect(Number(conv.unread_count)).toBe(1);
  });

  it("stores 20 concurrent identical deliveries once, with one job", async () => {
    const payload = buildTextPayload({ from: "34600000004", wamid: wamid(4), text: "race" });
    const answers = await Promise.all(Array.from({ length: 20 }, () => postWebhook(t.server, payload)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(await countMessages()).toBe(1);
    expect(await inboundJobMessages()).toHaveLength(1);
  });

  it("keeps a BSUID-only contact (no phone number) and files its conversation", async () => {
    const res = await postWebhook(t.server, bsuidPayload);
    expect(res.statusCode).toBe(200);
    const contact = await db()
      .selectFrom("contacts")
      .select(["wa_id", "user_id", "profile_name", "username"])
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({
      wa_id: null,
      user_id: FIXTURE.customer.userId,
      profile_name: "Marta",
      username: "@marta.shop",
    });
    // Later the same person writes with a phone number too: the contact learns it.
    const both = buildTextPayload({
      from: "34611111111",
      userId: FIXTURE.customer.userId,
      wamid: wamid(31),
      text: "x",
    });
    expect((await postWebhook(t.server, both)).statusCode).toBe(200);
    const contacts = await db().selectFrom("contacts").select(["wa_id", "user_id"]).execute();
    expect(contacts).toEqual([{ wa_id: "34611111111", user_id: FIXTURE.customer.userId }]);
  });

  it("applies statuses forward only, whatever order they arrive in; failed is final", async () => {
    const conversationId = await seedConversation();
    const messageId = newId();
    await insertOutboundMessage(db(), {
      id: messageId,
      conversationId,
      type: "text",
      text: "hello",
      raw: "{}",
      sentByUserId: null,
      contextWamid: null,
      createdAt: new Date().toISOString(),
    });
    await db()
      .transaction()
      .execute((trx) => recordSentWamid(trx, dialect, messageId, wamid(700), new Date().toISOString()));
    const status = async () =>
      await db()
        .selectFrom("messages")
        .select(["status", "error_code"])
        .where("id", "=", messageId)
        .executeTakeFirstOrThrow();
    const post = (s: string, extra = {}) =>
      postWebhook(t.server, buildStatusPayload({ wamid: wamid(700), status: s, ...extra }));
    expect((await post("read")).statusCode).toBe(200);
    expect((await status()).status).toBe("read");
    await post("delivered");
    await post("sent");
    expect((await status()).status).toBe("read");
    await post("failed", { errors: [{ code: 131026, title: "Message Undeliverable" }] });
    expect(await status()).toEqual({ status: "failed", error_code: 131026 });
    await post("read");
    expect((await status()).status).toBe("failed");
    await post("deleted"); // a status value beedesk does not know is ignored
    expect((await status()).status).toBe("failed");
  });

  it("keeps a status for an unknown wamid and applies it once the send records that wamid", async () => {
    const res = await postWebhook(t.server, buildStatusPayload({ wamid: wamid(800), status: "delivered" }));
    expect(res.statusCode).toBe(200);
    const conversationId = await seedConversation();
    const messageId = newId();
    await insertOutboundMessage(db(), {
      id: messageId,
      conversationId,
      type: "text",
      text: "hi",
      raw: "{}",
      sentByUserId: null,
      contextWamid: null,
      createdAt: new Date().toISOString(),
    });
    const applied = await db()
      .transaction()
      .execute((trx) => recordSentWamid(trx, dialect, messageId, wamid(800), new Date().toISOString()));
    expect(applied?.status).toBe("delivered");
    const row = await db()
      .selectFrom("messages")
      .select(["status", "wamid"])
      .where("id", "=", messageId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "delivered", wamid: wamid(800) });
    expect(await db().selectFrom("whatsapp_pending_statuses").select("wamid").execute()).toEqual([]);
  });

  it("answers 400 to bodies that are not JSON or not WhatsApp payloads, and goes on", async () => {
    for (const raw of [
      "not json",
      "",
      "null",
      "[]",
      "{}",
      '{"object":"page","entry":[]}',
      '{"object":"whatsapp_business_account"}',
    ]) {
      const res = await postWebhook(t.server, undefined, { raw });
      expect(res.statusCode, raw).toBe(400);
      expect(res.json().error.code).toBe("bad_request");
    }
    const ok = await postWebhook(
      t.server,
      buildTextPayload({ from: "34600000005", wamid: wamid(5), text: "ok" }),
    );
    expect(ok.statusCode).toBe(200);
  });

  it("keeps the good elements of a batch when one is malformed", async () => {
    const payload = buildInboundPayload(messageFixtures.text);
    (payload.entry[0]!.changes[0]!.value as { messages: unknown[] }).messages = [
      { id: "no-from-no-timestamp" },
      messageFixtures.text,
      "garbage",
    ];
    payload.entry.push({ id: "x", changes: "not-an-array" } as never);
    const res = await postWebhook(t.server, payload);
    expect(res.statusCode).toBe(200);
    expect(await countMessages()).toBe(1);
  });

  it("answers 5xx (so Meta delivers again) when the messages cannot be stored, and recovers", async () => {
    const payload = buildTextPayload({ from: "34600000006", wamid: wamid(6), text: "later" });
    if (dialect === "sqlite") {
      await sql`create trigger refuse_messages before insert on messages begin select raise(fail, 'disk says no'); end`.execute(
        db(),
      );
    } else {
      await sql`create function refuse_messages() returns trigger as $$ begin raise exception 'disk says no'; end $$ language plpgsql`.execute(
        db(),
      );
      await sql`create trigger refuse_messages before insert on messages for each row execute function refuse_messages()`.execute(
        db(),
      );
    }
    const refused = await postWebhook(t.server, payload);
    expect(refused.statusCode).toBe(500);
    expect(await countMessages()).toBe(0);
    await sql`drop trigger refuse_messages${sql.raw(dialect === "postgres" ? " on messages" : "")}`.execute(
      db(),
    );
    expect((await postWebhook(t.server, payload)).statusCode).toBe(200);
    expect(await countMessages()).toBe(1);
  });

  async function seedConversation(): Promise<string> {
    await postWebhook(t.server, buildTextPayload({ from: "34699999999", wamid: wamid(999), text: "seed" }));
    const row = await db().selectFrom("conversations").select("id").executeTakeFirstOrThrow();
    return row.id;
  }
});

describe("onInboundMessage", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite", { env: whatsappEnv(), worker: { idleMs: 20 } });
  });
  afterAll(async () => t.close());

  it("calls listeners once per new message with the conversation, contact, window and tapped reply", async () => {
    const seen: string[] = [];
    const off = onInboundMessage(t.server.ctx, async (event) => {
      seen.push(
        `${event.message.wamid} ${event.conversation.role} ${event.contact.waId} ${event.reply?.id ?? "-"} ${event.window.open}`,
      );
    });
    try {
      const tap = buildInboundPayload(messageFixtures.buttonReply, {
        phoneNumberId: FIXTURE.premium.phoneNumberId,
      });
      const now = String(Math.floor(Date.now() / 1000));
      (tap.entry[0]!.changes[0]!.value as { messages: { timestamp: string }[] }).messages[0]!.timestamp = now;
      await postWebhook(t.server, tap);
      await postWebhook(t.server, tap);
      await t.server.worker!.drain();
      expect(seen).toEqual([`${wamid(4)} premium ${FIXTURE.customer.waId} route:presales true`]);
    } finally {
      off();
    }
  });

  it("runs a module's declared listeners for the messages of its own server only", async () => {
    const heard: string[] = [];
    const probe: DomainModule = {
      name: "probe",
      inboundListeners: [async (event) => void heard.push(event.message.text ?? "")],
    };
    const other = await startTestServer("sqlite", {
      env: whatsappEnv(),
      worker: { idleMs: 20 },
      modules: [...modules, probe],
    });
    try {
      await postWebhook(t.server, buildTextPayload({ from: "34611111111", wamid: wamid(701), text: "to t" }));
      await t.server.worker!.drain();
      await postWebhook(
        other.server,
        buildTextPayload({ from: "34611111111", wamid: wamid(702), text: "to other" }),
      );
      await other.server.worker!.drain();
      expect(heard).toEqual(["to other"]);
    } finally {
      await other.close();
    }
  });
});
