import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  agent,
  type BillingTest,
  type Customer,
  call,
  newCustomer,
  startBillingServer,
} from "../billing/billing.test-support.js";
import { indexNewMessages } from "../inbox/search-index.js";
import { randomToken } from "../platform/ids.js";
import { localStorageFor } from "../platform/storage.js";
import { describeEachDatabase, signInCookie, TestClock } from "../test/harness.js";
import { checkUploads, uploadFromBuffer } from "../tickets/attachments.js";
import { buildPortalWorld, TINY_PNG } from "../tickets/tickets.factories.js";
import { openTicket } from "../tickets/tickets.service.js";
import { buildTextPayload, FIXTURE } from "../whatsapp/fixtures.js";
import { postWebhook } from "../whatsapp/test-support.js";
import { setMessageMedia } from "../whatsapp/whatsapp.public.js";
import { scheduleRetention } from "./retention.jobs.js";
import { monthsBefore } from "./retention.service.js";

describe("monthsBefore", () => {
  it("goes back calendar months in UTC, keeping the day unless the month is shorter", () => {
    expect(monthsBefore(new Date("2026-08-10T12:00:00Z"), 6).toISOString()).toBe("2026-02-10T12:00:00.000Z");
    expect(monthsBefore(new Date("2026-03-31T00:00:00Z"), 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(monthsBefore(new Date("2026-01-15T08:30:00Z"), 13).toISOString()).toBe("2024-12-15T08:30:00.000Z");
  });
});

const T0 = "2026-01-10T10:00:00.000Z";
const DAY = 86_400_000;

describeEachDatabase("retention: old closed conversations and tickets", (dialect) => {
  let t: BillingTest;
  const media = (key: string) => path.join(t.config.dataDir, "media", key);

  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date(T0)));
  });
  afterEach(async () => t.stop());

  /** A customer writes on a number (through the real webhook); returns the message and conversation ids. */
  async function writes(line: "presales" | "premium", person: Customer, text: string, mediaKey?: string) {
    const wamid = `wamid.R${randomToken(20)}`;
    const number = FIXTURE[line];
    const res = await postWebhook(
      t.server,
      buildTextPayload({
        phoneNumberId: number.phoneNumberId,
        displayPhoneNumber: number.displayPhoneNumber,
        from: person.waId,
        name: person.name,
        wamid,
        text,
        timestamp: t.clock.now(),
      }),
    );
    expect(res.statusCode).toBe(200);
    await t.server.worker!.drain();
    const row = await t.server.ctx.db.kysely
      .selectFrom("messages")
      .select(["id", "conversation_id"])
      .where("wamid", "=", wamid)
      .executeTakeFirstOrThrow();
    if (mediaKey) {
      // What the media job leaves behind once it has downloaded a picture.
      await localStorageFor(t.config.dataDir, "media").put(mediaKey, TINY_PNG);
      await setMessageMedia(t.server.ctx.db.kysely, row.id, {
        status: "stored",
        key: mediaKey,
        size: TINY_PNG.length,
        mime: "image/png",
      });
    }
    return { messageId: row.id, conversationId: row.conversation_id };
  }

  async function searchHits(word: string): Promise<number> {
    const db = t.server.ctx.db.kysely;
    if (dialect === "sqlite") {
      while ((await db.transaction().execute((trx) => indexNewMessages(trx))) > 0) {}
      const r = await sql<{ n: number }>`select count(*) as n from messages_fts
        where messages_fts match ${word}`.execute(db);
      return Number(r.rows[0]?.n);
    }
    const r = await sql<{ n: number }>`select count(*) as n from messages
      where to_tsvector('simple', coalesce(text, '')) @@ plainto_tsquery('simple', ${word})`.execute(db);
    return Number(r.rows[0]?.n);
  }

  const message = (id: string) =>
    t.server.ctx.db.kysely
      .selectFrom("messages")
      .select(["text", "raw", "media_key", "media_status"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const contact = (conversationId: string) =>
    t.server.ctx.db.kysely
      .selectFrom("contacts")
      .innerJoin("conversations", "conversations.contact_id", "contacts.id")
      .select(["contacts.wa_id", "contacts.profile_name"])
      .where("conversations.id", "=", conversationId)
      .executeTakeFirstOrThrow();

  /** Moves the clock, and signs in again (a session does not last months). */
  async function moveTo(at: string) {
    t.clock.set(at);
    t.cookie = await signInCookie(t.server);
  }

  /** Runs the day's retention job as the worker does. */
  async function dailyRun(at: string) {
    await moveTo(at);
    expect(await scheduleRetention(t.server.ctx)).toBe(true);
    await t.server.worker!.drain();
  }

  it("deletes media and attachments after N days and anonymises after M months, only closed and old enough, and logs each run", async () => {
    const ctx = t.server.ctx;
    const world = await buildPortalWorld(ctx);
    const ticket = async (subject: string, file: string) =>
      openTicket(
        ctx,
        { type: "customer", customerId: world.alice.id },
        {
          customerId: world.alice.id,
          licenseId: world.aliceActive.id,
          category: "installation",
          subject,
          description: "Screenshot attached.",
          storeUrl: "https://alice.example.com",
          opencartVersion: "4.0.2.3",
          phpVersion: "8.2",
          language: "en",
          files: checkUploads([uploadFromBuffer(ctx.config.dataDir, file, TINY_PNG)]),
        },
      );

    // Day 0: A writes on pre-sales and is closed; B writes and stays open; D writes on both lines, the
    // pre-sales one is closed, the premium one stays open. Ticket 1 is closed, ticket 2 stays open.
    const a = newCustomer("Ana Antigua");
    const b = newCustomer("Beto Abierto");
    const d = newCustomer("Dora Doble");
    const aMsg = await writes("presales", a, "Pregunta sobre quuxalpha en mi tienda", "ret/a.png");
    const bMsg = await writes("presales", b, "Question about quuxbravo please", "ret/b.png");
    const dPresales = await writes("presales", d, "Consulta quuxdelta antigua", "ret/d.png");
    await writes("premium", d, "Hello again on premium quuxdelta");
    for (const id of [aMsg.conversationId, dPresales.conversationId]) {
      expect((await call(t, "POST", `/api/v1/conversations/${id}/close`, {})).status).toBe(200);
    }
    const closedTicket = await ticket("Closed ticket", "closed.png");
    const openTicket2 = await ticket("Open ticket", "open.png");
    expect(
      (await call(t, "POST", `/api/v1/tickets/${closedTicket.id}/status`, { status: "closed" })).status,
    ).toBe(200);
    const attachments = async () =>
      ctx.db.kysely.selectFrom("ticket_attachments").select(["ticket_id", "storage_key"]).execute();
    const keyOf = async (ticketId: string) => (await attachments()).find((r) => r.ticket_id === ticketId)!;
    const closedKey = (await keyOf(closedTicket.id)).storage_key;
    const openKey = (await keyOf(openTicket2.id)).storage_key;
    const attachmentFile = (key: string) => path.join(ctx.config.dataDir, "attachments", key);
    expect(fs.existsSync(attachmentFile(closedKey))).toBe(true);

    // Day 60: C writes and is closed.
    await moveTo(new Date(Date.parse(T0) + 60 * DAY).toISOString());
    const c = newCustomer("Carla Cerrada");
    const cMsg = await writes("presales", c, "Consulta quuxcharlie reciente", "ret/c.png");
    expect((await call(t, "POST", `/api/v1/conversations/${cMsg.conversationId}/close`, {})).status).toBe(
      200,
    );

    // Nothing happens while retention is off (the default).
    await moveTo(new Date(Date.parse(T0) + 70 * DAY).toISOString());
    expect(await scheduleRetention(ctx)).toBe(false);
    const bad = await call(t, "PUT", "/api/v1/settings/retention", { mediaDays: -1, anonymiseMonths: 6 });
    expect(bad.status).toBe(400);
    expect(
      (await call(t, "PUT", "/api/v1/settings/retention", { mediaDays: 30, anonymiseMonths: 6 })).status,
    ).toBe(200);

    // Day 70: media of closed conversations quiet for 30 days (A, D's pre-sales) and ticket 1's attachment go.
    await dailyRun(new Date(Date.parse(T0) + 70 * DAY).toISOString());
    expect(fs.existsSync(media("ret/a.png"))).toBe(false);
    expect(fs.existsSync(media("ret/d.png"))).toBe(false);
    expect(fs.existsSync(media("ret/b.png"))).toBe(true); // open
    expect(fs.existsSync(media("ret/c.png"))).toBe(true); // closed 10 days ago
    expect(await message(aMsg.messageId)).toMatchObject({ media_key: null, media_status: "deleted" });
    expect((await message(aMsg.messageId)).text).toContain("quuxalpha");
    expect(fs.existsSync(attachmentFile(closedKey))).toBe(false);
    expect(fs.existsSync(attachmentFile(openKey))).toBe(true);
    expect((await attachments()).map((r) => r.storage_key)).toEqual([openKey]);
    const thread = await call(t, "GET", `/api/v1/conversations/${aMsg.conversationId}/messages`);
    expect(thread.status).toBe(200);
    expect(await searchHits("quuxalpha")).toBe(1);

    // Month 7 (2026-08-10): A and D's pre-sales conversation (quiet since day 0) are anonymised; C (quiet since
    // day 60, 2026-03-11) is younger than 6 months but loses its media; B, open, keeps everything.
    await dailyRun("2026-08-10T10:00:00.000Z");
    expect(await message(aMsg.messageId)).toMatchObject({ text: null, raw: "{}" });
    expect(await message(dPresales.messageId)).toMatchObject({ text: null, raw: "{}" });
    expect((await message(cMsg.messageId)).text).toContain("quuxcharlie");
    expect(await message(cMsg.messageId)).toMatchObject({ media_key: null, media_status: "deleted" });
    expect(fs.existsSync(media("ret/c.png"))).toBe(false);
    expect((await message(bMsg.messageId)).text).toContain("quuxbravo");
    expect(await message(bMsg.messageId)).toMatchObject({ media_key: "ret/b.png", media_status: "stored" });
    expect(fs.existsSync(media("ret/b.png"))).toBe(true);
    // A has nothing left: the contact loses phone and name. D still has an open conversation: kept.
    expect(await contact(aMsg.conversationId)).toEqual({ wa_id: null, profile_name: null });
    expect(await contact(dPresales.conversationId)).toEqual({ wa_id: d.waId, profile_name: d.name });
    expect(await searchHits("quuxalpha")).toBe(0);
    expect(await searchHits("quuxcharlie")).toBe(1);
    expect(await searchHits("quuxbravo")).toBe(1);
    expect(await searchHits("quuxdelta")).toBe(1); // the open premium conversation only
    const list = await call(t, "GET", "/api/v1/conversations?q=quuxalpha");
    expect(list.body.data).toEqual([]);

    // A run by hand the same day finds nothing more to do; every run is in the log, newest first.
    const manual = await call(t, "POST", "/api/v1/retention/run", {});
    expect(manual.status).toBe(202);
    await t.server.worker!.drain();
    const status = await call(t, "GET", "/api/v1/retention");
    expect(status.status).toBe(200);
    expect(status.body.pending).toBe(false);
    expect(status.body.runs).toEqual([
      {
        at: "2026-08-10T10:00:00.000Z",
        by: "owner",
        mediaDays: 30,
        anonymiseMonths: 6,
        mediaFiles: 0,
        attachmentFiles: 0,
        conversations: 0,
        contacts: 0,
      },
      {
        at: "2026-08-10T10:00:00.000Z",
        by: "schedule",
        mediaDays: 30,
        anonymiseMonths: 6,
        mediaFiles: 1,
        attachmentFiles: 0,
        conversations: 2,
        contacts: 1,
      },
      {
        at: new Date(Date.parse(T0) + 70 * DAY).toISOString(),
        by: "schedule",
        mediaDays: 30,
        anonymiseMonths: 6,
        mediaFiles: 2,
        attachmentFiles: 1,
        conversations: 0,
        contacts: 0,
      },
    ]);
  });

  it("a conversation the customer writes in again is kept until it is closed and old enough again", async () => {
    await call(t, "PUT", "/api/v1/settings/retention", { mediaDays: 0, anonymiseMonths: 1 });
    const e = newCustomer("Eva Vuelve");
    await writes("premium", e, "Hello on premium, still open"); // keeps the contact's identity
    const first = await writes("presales", e, "Primera consulta quuxecho");
    await call(t, "POST", `/api/v1/conversations/${first.conversationId}/close`, {});
    await dailyRun("2026-03-01T10:00:00.000Z");
    expect(await message(first.messageId)).toMatchObject({ text: null });
    expect(await contact(first.conversationId)).toEqual({ wa_id: e.waId, profile_name: e.name });

    const again = await writes("presales", e, "Vuelvo con quuxfoxtrot");
    expect(again.conversationId).toBe(first.conversationId);
    await dailyRun("2026-03-02T10:00:00.000Z"); // open again: untouched
    expect((await message(again.messageId)).text).toContain("quuxfoxtrot");
    await call(t, "POST", `/api/v1/conversations/${again.conversationId}/close`, {});
    await dailyRun("2026-03-20T10:00:00.000Z"); // closed, but not a month old
    expect((await message(again.messageId)).text).toContain("quuxfoxtrot");
    expect(await searchHits("quuxfoxtrot")).toBe(1);
    await dailyRun("2026-04-05T10:00:00.000Z");
    expect(await message(again.messageId)).toMatchObject({ text: null });
    expect(await searchHits("quuxfoxtrot")).toBe(0);
  });

  it("is the owner's: an agent is refused the status, the run and the settings", async () => {
    const { cookie } = await agent(t);
    const asAgent = (method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
      t.server.app.inject({
        method,
        url,
        headers: { cookie, "content-type": "application/json" },
        ...(payload ? { payload: payload as object } : {}),
      });
    expect((await asAgent("GET", "/api/v1/retention")).statusCode).toBe(403);
    expect((await asAgent("POST", "/api/v1/retention/run", {})).statusCode).toBe(403);
    const put = await asAgent("PUT", "/api/v1/settings/retention", { mediaDays: 1, anonymiseMonths: 1 });
    expect(put.statusCode).toBe(403);
    const jobs = await t.server.ctx.db.kysely
      .selectFrom("jobs")
      .select("id")
      .where("type", "=", "privacy.retention")
      .execute();
    expect(jobs).toEqual([]);
    expect((await call(t, "GET", "/api/v1/settings")).body.retention).toEqual({
      mediaDays: 0,
      anonymiseMonths: 0,
    });
  });
});
