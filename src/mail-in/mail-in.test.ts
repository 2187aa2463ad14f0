import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppContext } from "../platform/context.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { dovecotAvailable, startDovecot, type TestDovecot } from "../test/dovecot.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { startSmtp } from "../test/smtp.js";
import { buildLicense, buildPortalWorld, FAKE_EXE, TINY_PNG } from "../tickets/tickets.factories.js";
import { parseInboundMail } from "./inbound-mail.js";
import { MailReader } from "./mail-in.reader.js";
import { handleInboundMail } from "./mail-in.service.js";

if (!dovecotAvailable()) console.warn("SKIPPED: email-in tests need Dovecot (apt install dovecot-imapd)");

/** A mail as a mail client sends it. */
function mail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    Date: "Wed, 25 Nov 2026 10:00:00 +0000",
    "MIME-Version": "1.0",
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join("\n")}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body}\n`;
}

async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting until ${what}`);
}

const describeMail = dovecotAvailable() ? describeEachDatabase : () => {};

describeMail("email-in against a real Dovecot and a real SMTP server", (dialect) => {
  let dovecot: TestDovecot;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestServer;
  let ctx: AppContext;
  let world: Awaited<ReturnType<typeof buildPortalWorld>>;
  let reader: MailReader;
  let cookie: string;
  const clock = new TestClock(new Date("2026-11-25T10:00:00Z"));

  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtp()]);
    t = await startTestServer(dialect, {
      clock,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: "HuntBee Support <support@huntbee.example>",
        MAIL_IN_URL: dovecot.url(),
      },
    });
    ctx = t.server.ctx;
    world = await buildPortalWorld(ctx);
    const vendor = (await getSettings(ctx)).vendor;
    await updateSettings(ctx, "vendor", { ...vendor, supportEmail: "help@huntbee.example" }, null);
    cookie = await signInCookie(t.server);
    reader = new MailReader(ctx, { pollMs: 200 });
    reader.start();
  });
  afterAll(async () => {
    await reader?.stop();
    await t?.close();
    await Promise.all([dovecot?.stop(), smtp?.close()]);
  });

  const inject = (method: "GET" | "POST", url: string, payload?: object) =>
    t.server.app.inject({
      method,
      url,
      headers: { cookie, ...(payload ? { "content-type": "application/json" } : {}) },
      ...(payload ? { payload } : {}),
    });
  const mailRows = () =>
    ctx.db.kysely
      .selectFrom("mail_in_messages")
      .select(["id", "message_id", "outcome", "state", "ticket_id", "ticket_message_id", "from_address"])
      .orderBy("created_at")
      .execute();
  /** Deliver, then wait until the reader has taken it out of the inbox (or flagged it) and the outbox ran. */
  const deliverAndRead = async (raw: string) => {
    const before = (await mailRows()).length;
    await dovecot.deliver(raw);
    reader.wake();
    await waitUntil("the mail is recorded", async () => (await mailRows()).length > before);
    await waitUntil("the inbox holds only flagged mail", async () =>
      (await dovecot.list()).every((m) => m.flags.includes("\\Flagged")),
    );
    await t.server.worker!.drain();
  };
  const sentTo = (address: string) =>
    smtp.received.filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === address);

  let ticketId = "";
  let agentReplyId = "";

  it("opens a ticket for a customer with an active license who mails support", async () => {
    await deliverAndRead(
      mail(
        {
          From: "Bruno Tienda <bruno@example.com>",
          To: "help@huntbee.example",
          Subject: "El filtro no aparece en la tienda",
          "Message-ID": "<first-1@bruno.example>",
        },
        "Hola, después de instalar Mega Filter PRO el filtro no aparece en la categoría.\n\n-- \nBruno\nTienda Bruno",
      ),
    );
    const [row] = await mailRows();
    expect(row).toMatchObject({
      outcome: "ticket_opened",
      state: "handled",
      message_id: "<first-1@bruno.example>",
    });
    ticketId = row!.ticket_id!;
    const ticket = (await inject("GET", `/api/v1/tickets/${ticketId}`)).json();
    expect(ticket).toMatchObject({
      source: "mail",
      subject: "El filtro no aparece en la tienda",
      language: "es",
      customer: { email: "bruno@example.com" },
      license: { id: world.brunoActive.id },
    });
    // The signature is cut off the ticket; the original keeps it for agents.
    expect(ticket.description).toBe(
      "Hola, después de instalar Mega Filter PRO el filtro no aparece en la categoría.",
    );
    const original = (await inject("GET", `/api/v1/mail-in/messages/${row!.id}`)).json();
    expect(original.text).toContain("Tienda Bruno");
    // Handled mail leaves the inbox, read, for the processed folder.
    expect(await dovecot.list()).toEqual([]);
    const processed = await dovecot.list("Processed");
    expect(processed.map((m) => m.subject)).toEqual(["El filtro no aparece en la tienda"]);
    expect(processed[0]!.flags).toContain("\\Seen");
    // The desk hears about it as about any new ticket.
    expect(sentTo("owner@example.com").some((m) => m.subject?.includes("El filtro no aparece"))).toBe(true);
  });

  it("puts the customer's reply from the mail client, quote cut off, in the same ticket", async () => {
    const reply = await inject("POST", `/api/v1/tickets/${ticketId}/replies`, {
      text: "Hola Bruno: active el módulo en Extensiones > Módulos.",
    });
    expect(reply.statusCode).toBe(201);
    await t.server.worker!.drain();
    const agentMail = sentTo("bruno@example.com").find((m) => m.subject?.includes("Nueva respuesta"))!;
    expect(agentMail.replyTo?.value[0]?.address).toBe("help@huntbee.example");
    agentReplyId = agentMail.messageId!;

    await deliverAndRead(
      mail(
        {
          From: "Bruno Tienda <bruno@example.com>",
          To: "help@huntbee.example",
          Subject: `Re: ${agentMail.subject}`,
          "Message-ID": "<reply-1@bruno.example>",
          "In-Reply-To": agentReplyId,
          References: `<first-1@bruno.example> ${agentReplyId}`,
        },
        [
          "¡Gracias! Ya aparece.",
          "",
          "El mié, 25 nov 2026 a las 10:00, HuntBee Support <support@huntbee.example> escribió:",
          "> Hola Bruno: active el módulo en Extensiones > Módulos.",
          ">",
          "> -- ",
          "> HuntBee",
        ].join("\n"),
      ),
    );
    const rows = await mailRows();
    expect(rows.at(-1)).toMatchObject({ outcome: "ticket_reply", ticket_id: ticketId });
    const ticket = (await inject("GET", `/api/v1/tickets/${ticketId}`)).json();
    const customerMessages = ticket.messages.filter(
      (m: { author: { type: string } }) => m.author.type === "customer",
    );
    expect(customerMessages.map((m: { body: string; source: string }) => [m.body, m.source])).toEqual([
      ["¡Gracias! Ya aparece.", "mail"],
    ]);
    expect(ticket.status).toBe("open");
    const mails = (await inject("GET", `/api/v1/tickets/${ticketId}/mail`)).json();
    expect(mails.items.map((m: { outcome: string }) => m.outcome)).toEqual(["ticket_opened", "ticket_reply"]);
    expect(mails.items[1].ticketMessageId).toBe(customerMessages[0].id);
  });

  it("threads by the ticket number in the subject only for the ticket's own customer", async () => {
    const number = (await inject("GET", `/api/v1/tickets/${ticketId}`)).json().number;
    await deliverAndRead(
      mail(
        {
          From: "bruno@example.com",
          Subject: `Otra cosa sobre [#${number}]`,
          "Message-ID": "<subj-1@bruno.example>",
        },
        "También quería preguntar por el orden de los filtros.",
      ),
    );
    expect((await mailRows()).at(-1)).toMatchObject({ outcome: "ticket_reply", ticket_id: ticketId });
    // Alice names Bruno's ticket: it is not hers, so her mail opens her own ticket instead.
    await deliverAndRead(
      mail(
        { From: "alice@example.com", Subject: `Re: [#${number}] hello`, "Message-ID": "<a-1@alice.example>" },
        "My checkout page shows a blank screen since yesterday.",
      ),
    );
    const last = (await mailRows()).at(-1)!;
    expect(last.outcome).toBe("ticket_opened");
    expect(last.ticket_id).not.toBe(ticketId);
    const alices = (await inject("GET", `/api/v1/tickets/${last.ticket_id}`)).json();
    expect(alices.customer.email).toBe("alice@example.com");
    expect(alices.license.id).toBe(world.aliceActive.id);
  });

  it("keeps attachments the portal would accept and names the ones it left out", async () => {
    const boundary = "b-mail-in-test";
    const part = (name: string, type: string, data: Buffer) =>
      [
        `--${boundary}`,
        `Content-Type: ${type}; name="${name}"`,
        `Content-Disposition: attachment; filename="${name}"`,
        "Content-Transfer-Encoding: base64",
        "",
        data.toString("base64"),
      ].join("\n");
    const raw = [
      "From: bruno@example.com",
      "Subject: Re: captura",
      "Message-ID: <att-1@bruno.example>",
      `In-Reply-To: ${agentReplyId}`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Adjunto una captura de pantalla.",
      part("captura.png", "image/png", TINY_PNG),
      part("factura.png", "image/png", FAKE_EXE),
      `--${boundary}--`,
      "",
    ].join("\n");
    await deliverAndRead(raw);
    const ticket = (await inject("GET", `/api/v1/tickets/${ticketId}`)).json();
    const message = ticket.messages.at(-1);
    expect(message.body).toBe("Adjunto una captura de pantalla.");
    expect(
      ticket.attachments
        .filter((a: { messageId: string }) => a.messageId === message.id)
        .map((a: { fileName: string; contentType: string }) => [a.fileName, a.contentType]),
    ).toEqual([["captura.png", "image/png"]]);
    const mails = (await inject("GET", `/api/v1/tickets/${ticketId}/mail`)).json();
    expect(mails.items.at(-1).notes).toEqual([
      {
        key: "mailIn.note.refusedFile",
        params: { file: "factura.png", reason: expect.stringContaining("factura.png") },
      },
    ]);
  });

  it("opens a ticket on the latest license and flags it when the mail does not say which", async () => {
    const second = await buildLicense(ctx, {
      customerId: world.bruno.id,
      productId: world.other.id,
      purchaseDate: "2026-09-01",
      supportUntil: "2027-09-01",
    });
    await deliverAndRead(
      mail(
        { From: "bruno@example.com", Subject: "Una duda", "Message-ID": "<lic-1@bruno.example>" },
        "Tengo una duda con la extensión.",
      ),
    );
    const row = (await mailRows()).at(-1)!;
    expect(row.outcome).toBe("ticket_opened");
    expect((await inject("GET", `/api/v1/tickets/${row.ticket_id}`)).json().license.id).toBe(second.id);
    const mails = (await inject("GET", `/api/v1/tickets/${row.ticket_id}/mail`)).json();
    expect(mails.items[0].notes[0].key).toBe("mailIn.note.licenseGuess");
    // Naming the product settles it.
    await deliverAndRead(
      mail(
        {
          From: "bruno@example.com",
          Subject: "Mega Filter PRO no filtra",
          "Message-ID": "<lic-2@bruno.example>",
        },
        "El filtro no filtra por precio.",
      ),
    );
    const named = (await mailRows()).at(-1)!;
    expect((await inject("GET", `/api/v1/tickets/${named.ticket_id}`)).json().license.id).toBe(
      world.brunoActive.id,
    );
    expect((await inject("GET", `/api/v1/tickets/${named.ticket_id}/mail`)).json().items[0].notes).toEqual(
      [],
    );
  });

  it("answers a stranger with the policy in their language and opens nothing", async () => {
    const ticketsBefore = (await inject("GET", "/api/v1/tickets")).json().total;
    await deliverAndRead(
      mail(
        { From: "Carl <carl@stranger.example>", Subject: "Question", "Message-ID": "<c-1@stranger.example>" },
        "Hello, I have a problem with my store and the filter does not work. Can you help me?",
      ),
    );
    expect((await mailRows()).at(-1)).toMatchObject({ outcome: "policy_answer", ticket_id: null });
    expect((await inject("GET", "/api/v1/tickets")).json().total).toBe(ticketsBefore);
    const [answer] = sentTo("carl@stranger.example");
    expect(answer).toBeDefined();
    expect(answer!.subject).toBe("Re: Question");
    expect(answer!.headers.get("auto-submitted")).toBe("auto-replied");
    expect(answer!.inReplyTo).toBe("<c-1@stranger.example>");
    expect(answer!.headers.get("content-language")).toBe("en");
    const settings = await getSettings(ctx);
    expect(answer!.text).toContain(settings.channels.presales.displayNumber);
    expect(answer!.text).toContain("active license get free support through support tickets");
    expect(answer!.text).toContain("/support?lang=en");
  });

  it("answers a customer whose support ended with the renewal, in Spanish when they write Spanish", async () => {
    const vendor = (await getSettings(ctx)).vendor;
    await updateSettings(ctx, "vendor", { ...vendor, renewalUrl: "https://huntbee.example/renew" }, null);
    const { createCustomer } = await import("../licenses/customers.service.js");
    const { createLicense, SYSTEM_ACTOR } = await import("../licenses/licenses.service.js");
    const dana = await createCustomer(
      ctx,
      { email: "dana@example.com", name: "Dana", language: "es" },
      SYSTEM_ACTOR,
    );
    await createLicense(
      ctx,
      {
        customerId: dana.id,
        productId: world.product.id,
        purchaseDate: "2024-01-01",
        supportUntil: "2025-01-01",
      },
      SYSTEM_ACTOR,
    );
    await deliverAndRead(
      mail(
        { From: "dana@example.com", Subject: "Ayuda", "Message-ID": "<d-1@dana.example>" },
        "No funciona el módulo.",
      ),
    );
    expect((await mailRows()).at(-1)).toMatchObject({ outcome: "policy_answer", ticket_id: null });
    const [answer] = sentTo("dana@example.com");
    expect(answer!.text).toContain("El soporte de su licencia ha terminado");
    expect(answer!.text).toContain("https://huntbee.example/renew");
  });

  it("never answers automatic mail: out-of-office, bounces, lists", async () => {
    const sentBefore = smtp.received.length;
    const messagesBefore = (await inject("GET", `/api/v1/tickets/${ticketId}`)).json().messages.length;
    await deliverAndRead(
      mail(
        {
          From: "Bruno Tienda <bruno@example.com>",
          Subject: `Respuesta automática: ${"fuera de la oficina"}`,
          "Message-ID": "<ooo-1@bruno.example>",
          "In-Reply-To": agentReplyId,
          "Auto-Submitted": "auto-replied",
        },
        "Estoy fuera de la oficina hasta el lunes.",
      ),
    );
    await deliverAndRead(
      mail(
        { From: "carl@stranger.example", Subject: "Away", "X-Autoreply": "yes", "Message-ID": "<ooo-2@x>" },
        "I am away.",
      ),
    );
    await deliverAndRead(
      mail(
        {
          From: "MAILER-DAEMON@mx.example",
          Subject: "Undelivered Mail Returned to Sender",
          "Message-ID": "<b-1@mx>",
        },
        "This is the mail system at host mx.example.",
      ),
    );
    await deliverAndRead(
      mail(
        { From: "news@shop.example", Subject: "Our news", Precedence: "bulk", "Message-ID": "<n-1@x>" },
        "News!",
      ),
    );
    const rows = (await mailRows()).slice(-4);
    expect(rows.map((r) => r.outcome)).toEqual(["automatic", "automatic", "automatic", "automatic"]);
    expect(smtp.received.length).toBe(sentBefore);
    expect((await inject("GET", `/api/v1/tickets/${ticketId}`)).json().messages.length).toBe(messagesBefore);
  });

  it("never answers the desk's own people or its own mail", async () => {
    const sentBefore = smtp.received.length;
    // The owner answers a new-ticket notification from their mail client.
    await deliverAndRead(
      mail(
        { From: "owner@example.com", Subject: "Re: New ticket", "Message-ID": "<own-1@x>" },
        "Looking at it.",
      ),
    );
    // Our own sender address, e.g. a Bcc that comes back.
    await deliverAndRead(
      mail(
        { From: "HuntBee Support <support@huntbee.example>", Subject: "Copy", "Message-ID": "<own-2@x>" },
        "A copy of what we sent.",
      ),
    );
    expect((await mailRows()).slice(-2).map((r) => r.outcome)).toEqual(["own_mail", "own_mail"]);
    await t.server.worker!.drain();
    expect(smtp.received.length).toBe(sentBefore);
  });

  it("answers one sender at most three times a day", async () => {
    for (let i = 2; i <= 5; i++) {
      await deliverAndRead(
        mail(
          {
            From: "carl@stranger.example",
            Subject: `Question ${i}`,
            "Message-ID": `<c-${i}@stranger.example>`,
          },
          "Hello again, can you help me with my store please?",
        ),
      );
    }
    const outcomes = (await mailRows())
      .filter((r) => r.from_address === "carl@stranger.example")
      .map((r) => r.outcome);
    expect(outcomes.filter((o) => o === "policy_answer")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "rate_limited")).toHaveLength(2);
    expect(sentTo("carl@stranger.example")).toHaveLength(3);
  });

  it("keeps a mail it cannot handle in the inbox, flagged, and shows it to the owner", async () => {
    await deliverAndRead(mail({ Subject: "No sender at all", "Message-ID": "<nos-1@x>" }, "Who am I?"));
    const inbox = await dovecot.list();
    expect(inbox.map((m) => [m.subject, m.flags.includes("\\Flagged")])).toEqual([
      ["No sender at all", true],
    ]);
    const failed = (await inject("GET", "/api/v1/mail-in/messages?state=failed")).json();
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ subject: "No sender at all", outcome: "failed" });
    expect(failed.items[0].notes[0].key).toBe("mailIn.note.noSender");
  });

  it("handles nothing twice across a restart, a crash before the move, or the same mail delivered again", async () => {
    const countMessages = async () =>
      (await inject("GET", `/api/v1/tickets/${ticketId}`)).json().messages.length;
    const before = await countMessages();
    await reader.stop();
    const raw = mail(
      {
        From: "bruno@example.com",
        Subject: "Re: algo más",
        "Message-ID": "<crash-1@bruno.example>",
        "In-Reply-To": agentReplyId,
      },
      "Una pregunta más sobre los filtros.",
    );
    await dovecot.deliver(raw);
    // A reader handled it and died before moving it: its work is committed, the mail still in the inbox.
    const inbox = await dovecot.list();
    const uid = inbox.find((m) => m.subject === "Re: algo más")!.uid;
    const { ImapFlow } = await import("imapflow");
    const probe = new ImapFlow({
      host: "127.0.0.1",
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.pass },
      logger: false,
    });
    await probe.connect();
    const status = await probe.status("INBOX", { uidValidity: true });
    await probe.logout();
    const place = { mailbox: "INBOX", uidValidity: String(status === false ? "" : status.uidValidity), uid };
    await handleInboundMail(ctx, place, await parseInboundMail(Buffer.from(raw.replace(/\n/g, "\r\n"))));
    expect(await countMessages()).toBe(before + 1);

    // The restarted reader moves it without handling it again, and leaves the failed mail where it is.
    reader = new MailReader(ctx, { pollMs: 200 });
    reader.start();
    await waitUntil("the handled mail left the inbox", async () =>
      (await dovecot.list()).every((m) => m.subject !== "Re: algo más"),
    );
    expect((await dovecot.list()).map((m) => m.subject)).toEqual(["No sender at all"]);
    // The same mail delivered again (a second copy, a new UID) is recognised by its Message-ID.
    await deliverAndRead(raw);
    expect((await mailRows()).at(-1)).toMatchObject({
      outcome: "duplicate",
      message_id: "<crash-1@bruno.example>",
    });
    await t.server.worker!.drain();
    expect(await countMessages()).toBe(before + 1);
    const rows = await mailRows();
    expect(rows.filter((r) => r.message_id === "<crash-1@bruno.example>").map((r) => r.outcome)).toEqual([
      "ticket_reply",
      "duplicate",
    ]);
  });

  it("lets one reader at a time read the mailbox", async () => {
    const second = new MailReader(ctx, { pollMs: 200 });
    second.start();
    try {
      for (let i = 0; i < 3; i++) {
        await deliverAndRead(
          mail(
            {
              From: "bruno@example.com",
              Subject: `Re: paralelo ${i}`,
              "Message-ID": `<par-${i}@bruno.example>`,
              "In-Reply-To": agentReplyId,
            },
            `Mensaje paralelo número ${i}.`,
          ),
        );
      }
      const rows = (await mailRows()).filter((r) => r.message_id?.startsWith("<par-"));
      expect(rows.map((r) => r.outcome)).toEqual(["ticket_reply", "ticket_reply", "ticket_reply"]);
      expect(second.passes).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
