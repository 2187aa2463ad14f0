import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  acceptTap,
  agent,
  type BillingTest,
  call,
  closeApproved,
  customerTaps,
  customerWrites,
  OWNER,
  QUOTE,
  quote,
  requestedEngagement,
  startBillingServer,
} from "../billing/billing.test-support.js";
import { linkContactToCustomer } from "../inbox/inbox.public.js";
import { indexNewMessages } from "../inbox/search-index.js";
import { createCustomer } from "../licenses/customers.service.js";
import { SYSTEM_ACTOR } from "../licenses/licenses.service.js";
import { listAudit } from "../platform/audit/audit.service.js";
import { localStorageFor } from "../platform/storage.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import { checkUploads, uploadFromBuffer } from "../tickets/attachments.js";
import { replyAsAgent } from "../tickets/ticket-replies.service.js";
import { buildLicense, buildProduct, TINY_PNG } from "../tickets/tickets.factories.js";
import { openTicket } from "../tickets/tickets.service.js";
import { listUsers } from "../users/users.service.js";
import { setMessageMedia } from "../whatsapp/whatsapp.public.js";

// Strings that exist only in this person's data: after erasure they must appear nowhere.
const NAME = "Zyxwan Qorbel";
const EMAIL = "zyxwan.qorbel@erase-test.example";
const PHONE = "34699887766";
const WORD = "glimmerquux";
const FILE_NAME = "qorbelshot.png";
const STORE = "https://qorbelshop.example";
const SECRET_STRINGS = ["Zyxwan", "Qorbel", EMAIL, PHONE, WORD, STORE];

describeEachDatabase("data rights: export and erasure", (dialect) => {
  let t: BillingTest;
  let customerId: string;
  let contactId: string;
  let ticketId: string;
  let invoiceId: string;
  const mediaKey = "privacy/photo.png";

  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
    const ctx = t.server.ctx;
    const customer = await createCustomer(
      ctx,
      { email: EMAIL, name: NAME, language: "es", phones: [`+${PHONE}`] },
      SYSTEM_ACTOR,
    );
    customerId = customer.id;
    const product = await buildProduct(ctx);
    const license = await buildLicense(ctx, {
      customerId,
      productId: product.id,
      supportUntil: "2027-11-20",
    });
    const ticket = await openTicket(
      ctx,
      { type: "customer", customerId },
      {
        customerId,
        licenseId: license.id,
        category: "installation",
        subject: `El filtro ${WORD} no aparece`,
        description: `Mi tienda ${STORE} no muestra el filtro ${WORD}.`,
        storeUrl: STORE,
        opencartVersion: "4.0.2.3",
        phpVersion: "8.2",
        language: "es",
        credentials: { adminUrl: `${STORE}/admin`, adminUser: "zyxwan", adminPassword: "pw", ftp: "" },
        files: checkUploads([uploadFromBuffer(ctx.config.dataDir, FILE_NAME, TINY_PNG)]),
      },
    );
    ticketId = ticket.id;
    const owner = (await listUsers(ctx.db.kysely)).find((u) => u.email === OWNER.email);
    await replyAsAgent(ctx, owner!, ticketId, { text: `Hola ${NAME}, revise el módulo.`, internal: false });

    const person = { waId: PHONE, name: NAME };
    const made = await requestedEngagement(t, person, "urgent_critical", "es");
    contactId = made.engagement.contactId;
    await linkContactToCustomer(ctx.db.kysely, contactId, customerId, new Date().toISOString());
    const wamid = await customerWrites(t, person, `Mi tienda ${WORD} sigue rota`);
    const message = await ctx.db.kysely
      .selectFrom("messages")
      .select("id")
      .where("wamid", "=", wamid)
      .executeTakeFirstOrThrow();
    await localStorageFor(t.config.dataDir, "media").put(mediaKey, TINY_PNG);
    await setMessageMedia(ctx.db.kysely, message.id, {
      status: "stored",
      key: mediaKey,
      size: TINY_PNG.length,
      mime: "image/png",
    });
    const q = await quote(t, made.engagement.id, { ...QUOTE, capHours: 10 });
    await customerTaps(t, person, acceptTap(q.id));
    await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
      minutes: 30,
      note: "Module fixed",
    });
    expect((await closeApproved(t, made.engagement.id)).status).toBe(200);
    const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
    expect(invoice.status).toBe(201);
    invoiceId = invoice.body.id;
  });
  afterEach(async () => t.stop());

  it("exports the customer's data, their contacts' conversations and files as a zip, with a read-me in their language", async () => {
    const res = await t.server.app.inject({
      method: "GET",
      url: `/api/v1/customers/${customerId}/export`,
      headers: { cookie: t.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const text = (name: string) => new TextDecoder().decode(files[name]);
    expect(text("LEAME.txt")).toContain("Este archivo contiene todo lo que");
    const customer = JSON.parse(text("customer.json"));
    expect(customer).toMatchObject({ name: NAME, email: EMAIL, phones: [PHONE], language: "es" });
    expect(customer.licenses).toHaveLength(1);
    const tickets = JSON.parse(text("tickets.json"));
    expect(tickets[0].subject).toContain(WORD);
    expect(tickets[0].messages.map((m: { text: string }) => m.text)).toContain(
      `Hola ${NAME}, revise el módulo.`,
    );
    const attachment = tickets[0].attachments[0];
    expect(attachment.fileName).toBe(FILE_NAME);
    expect(Buffer.from(files[attachment.file] ?? [])).toEqual(TINY_PNG);
    const whatsapp = JSON.parse(text("whatsapp.json"));
    expect(whatsapp[0].phone).toBe(PHONE);
    const texts = whatsapp[0].conversations.flatMap((c: { messages: { text: string }[] }) =>
      c.messages.map((m) => m.text),
    );
    expect(texts).toContain(`Mi tienda ${WORD} sigue rota`);
    const withMedia = whatsapp[0].conversations[0].messages.find((m: { file: string | null }) => m.file);
    expect(Buffer.from(files[withMedia.file] ?? [])).toEqual(TINY_PNG);
    const billing = JSON.parse(text("billing.json"));
    expect(billing[0].invoices[0].number).toMatch(/^INV-2026-\d{4}$/);
    expect(billing[0].agreements).toHaveLength(1);
    expect(JSON.parse(text("mail.json")).length).toBeGreaterThan(0);
    expect((await listAudit(t.server.ctx.db.kysely, "customer", customerId)).map((a) => a.action)).toContain(
      "privacy.export",
    );
  });

  it("refuses an agent, and an erasure without confirm, changing nothing", async () => {
    const { cookie } = await agent(t);
    const asAgent = (method: "GET" | "POST", url: string) =>
      t.server.app.inject({
        method,
        url,
        headers: { cookie },
        ...(method === "POST" ? { payload: { confirm: true } } : {}),
      });
    expect((await asAgent("GET", `/api/v1/customers/${customerId}/export`)).statusCode).toBe(403);
    expect((await asAgent("POST", `/api/v1/customers/${customerId}/erase`)).statusCode).toBe(403);
    expect((await asAgent("POST", `/api/v1/contacts/${contactId}/erase`)).statusCode).toBe(403);
    const unconfirmed = await call(t, "POST", `/api/v1/customers/${customerId}/erase`, { confirm: false });
    expect(unconfirmed.status).toBe(400);
    expect((await call(t, "POST", "/api/v1/customers/nope/erase", { confirm: true })).status).toBe(404);
    const row = await t.server.ctx.db.kysely
      .selectFrom("customers")
      .select("email")
      .where("id", "=", customerId)
      .executeTakeFirst();
    expect(row?.email).toBe(EMAIL);
  });

  it("erases the customer everywhere: tables, search index and files; invoices keep only the name", async () => {
    const db = t.server.ctx.db.kysely;
    const searchHits = async () => {
      if (dialect === "sqlite") {
        while ((await db.transaction().execute((trx) => indexNewMessages(trx))) > 0) {}
        const r = await sql<{
          n: number;
        }>`select count(*) as n from messages_fts where messages_fts match ${WORD}`.execute(db);
        return Number(r.rows[0]?.n);
      }
      const r = await sql<{ n: number }>`select count(*) as n from messages
        where to_tsvector('simple', coalesce(text, '')) @@ plainto_tsquery('simple', ${WORD})`.execute(db);
      return Number(r.rows[0]?.n);
    };
    expect(await searchHits()).toBeGreaterThan(0);
    const before = await allRows();
    for (const s of SECRET_STRINGS) expect(before, s).toContain(s.toLowerCase());

    const res = await call(t, "POST", `/api/v1/customers/${customerId}/erase`, { confirm: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ erased: true, contacts: 1, tickets: 1, invoices: 1, files: 2 });

    expect(await searchHits()).toBe(0);
    const after = await allRows();
    for (const s of SECRET_STRINGS) {
      const where = after.split("\n").filter((line) => line.includes(s.toLowerCase()));
      expect(
        where.map((line) => line.slice(0, 300)),
        `${s} left in the database`,
      ).toEqual([]);
    }
    // The invoice keeps the name (the law requires it) and nothing else of the person.
    const invoice = await call(t, "GET", `/api/v1/invoices/${invoiceId}`);
    expect(invoice.body.billTo).toMatchObject({ name: NAME, email: null, phone: null });
    expect((await call(t, "GET", `/api/v1/invoices/${invoiceId}/pdf`)).status).toBe(200);

    for (const [file, bytes] of walk(t.config.dataDir)) {
      for (const s of [...SECRET_STRINGS, "qorbelshot"]) {
        expect(file.toLowerCase().includes(s.toLowerCase()), file).toBe(false);
        expect(bytes.toString("latin1").toLowerCase().includes(s.toLowerCase()), file).toBe(false);
      }
      expect(bytes.equals(TINY_PNG), `${file} is an erased file`).toBe(false);
    }
    const audit = await listAudit(db, "customer", customerId);
    expect(audit.find((a) => a.action === "privacy.erase")?.details).toMatchObject({
      contacts: 1,
      tickets: 1,
    });
    // The desk still works with the anonymous rows.
    expect((await call(t, "GET", `/api/v1/tickets/${ticketId}`)).status).toBe(200);
    expect((await call(t, "GET", "/api/v1/conversations")).status).toBe(200);
  });

  it("erases one WhatsApp contact: identity, messages and media", async () => {
    const res = await call(t, "POST", `/api/v1/contacts/${contactId}/erase`, { confirm: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ contacts: 1, files: 1 });
    const db = t.server.ctx.db.kysely;
    const contact = await db
      .selectFrom("contacts")
      .selectAll()
      .where("id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ wa_id: null, profile_name: null, customer_id: null });
    const texts = await db
      .selectFrom("messages")
      .innerJoin("conversations", "conversations.id", "messages.conversation_id")
      .select(["messages.text", "messages.raw"])
      .where("conversations.contact_id", "=", contactId)
      .execute();
    expect(texts.every((m) => m.text === null && m.raw === "{}")).toBe(true);
    expect(fs.existsSync(path.join(t.config.dataDir, "media", mediaKey))).toBe(false);
    // The customer record itself is another erasure.
    const customer = await db
      .selectFrom("customers")
      .select("email")
      .where("id", "=", customerId)
      .executeTakeFirst();
    expect(customer?.email).toBe(EMAIL);
  });

  /** Every row of every table (search index internals aside), as lower-case JSON. */
  async function allRows(): Promise<string> {
    const db = t.server.ctx.db.kysely;
    const tables =
      dialect === "sqlite"
        ? (
            await sql<{ name: string }>`select name from sqlite_master where type = 'table'
              and name not like 'sqlite_%' and name not like 'messages_fts%'`.execute(db)
          ).rows.map((r) => r.name)
        : (
            await sql<{ name: string }>`select table_name as name from information_schema.tables
              where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
          ).rows.map((r) => r.name);
    const parts: string[] = [];
    for (const table of tables) {
      const rows = (await sql`select * from ${sql.table(table)}`.execute(db)).rows as Record<
        string,
        unknown
      >[];
      // The invoice's bill-to name is the one thing the law keeps.
      const kept =
        table === "invoices"
          ? rows.map((r) => ({ ...r, bill_to: JSON.parse(String(r.bill_to)).email ?? "" }))
          : rows;
      parts.push(`${table}: ${JSON.stringify(kept)}`);
    }
    return parts.join("\n").toLowerCase();
  }
});

function walk(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else found.set(full, fs.readFileSync(full));
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return found;
}
