import { afterAll, beforeAll, expect, it } from "vitest";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { parseInboundMail } from "./inbound-mail.js";
import { MailReader } from "./mail-in.reader.js";
import { handleInboundMail } from "./mail-in.service.js";
import { describeMail, type MailInWorld, mail, startMailInWorld, waitUntil } from "./mail-in.test-support.js";

describeMail("email-in against a real Dovecot and a real SMTP server", (dialect) => {
  let w: MailInWorld;
  beforeAll(async () => {
    w = await startMailInWorld(dialect);
  });
  afterAll(async () => w?.close());

  let ticketId = "";
  let agentReplyId = "";

  it("opens a ticket for a customer with an active license who mails support", async () => {
    await w.deliverAndRead(
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
    const [row] = await w.mailRows();
    expect(row).toMatchObject({
      outcome: "ticket_opened",
      state: "handled",
      message_id: "<first-1@bruno.example>",
    });
    ticketId = row!.ticket_id!;
    const ticket = (await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json();
    expect(ticket).toMatchObject({
      source: "mail",
      subject: "El filtro no aparece en la tienda",
      language: "es",
      customer: { email: "bruno@example.com" },
      license: { id: w.world.brunoActive.id },
    });
    // The signature is cut off the ticket; the original keeps it for agents.
    expect(ticket.description).toBe(
      "Hola, después de instalar Mega Filter PRO el filtro no aparece en la categoría.",
    );
    const original = (await w.inject("GET", `/api/v1/mail-in/messages/${row!.id}`)).json();
    expect(original.text).toContain("Tienda Bruno");
    // Handled mail leaves the inbox, read, for the processed folder.
    expect(await w.dovecot.list()).toEqual([]);
    const processed = await w.dovecot.list("Processed");
    expect(processed.map((m) => m.subject)).toEqual(["El filtro no aparece en la tienda"]);
    expect(processed[0]!.flags).toContain("\\Seen");
    // The desk hears about it as about any new ticket.
    expect(w.sentTo("owner@example.com").some((m) => m.subject?.includes("El filtro no aparece"))).toBe(true);
  });

  it("puts the customer's reply from the mail client, quote cut off, in the same ticket", async () => {
    const reply = await w.inject("POST", `/api/v1/tickets/${ticketId}/replies`, {
      text: "Hola Bruno: active el módulo en Extensiones > Módulos.",
    });
    expect(reply.statusCode).toBe(201);
    await w.t.server.worker!.drain();
    const agentMail = w.sentTo("bruno@example.com").find((m) => m.subject?.includes("Nueva respuesta"))!;
    expect(agentMail.replyTo?.value[0]?.address).toBe("help@huntbee.example");
    agentReplyId = agentMail.messageId!;

    await w.deliverAndRead(
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
    const rows = await w.mailRows();
    expect(rows.at(-1)).toMatchObject({ outcome: "ticket_reply", ticket_id: ticketId });
    const ticket = (await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json();
    const customerMessages = ticket.messages.filter(
      (m: { author: { type: string } }) => m.author.type === "customer",
    );
    expect(customerMessages.map((m: { body: string; source: string }) => [m.body, m.source])).toEqual([
      ["¡Gracias! Ya aparece.", "mail"],
    ]);
    expect(ticket.status).toBe("open");
    const mails = (await w.inject("GET", `/api/v1/tickets/${ticketId}/mail`)).json();
    expect(mails.data.map((m: { outcome: string }) => m.outcome)).toEqual(["ticket_opened", "ticket_reply"]);
    expect(mails.data[1].ticketMessageId).toBe(customerMessages[0].id);
  });

  it("answers a stranger with the policy in their language and opens nothing", async () => {
    const ticketsBefore = (await w.inject("GET", "/api/v1/tickets")).json().total;
    await w.deliverAndRead(
      mail(
        { From: "Carl <carl@stranger.example>", Subject: "Question", "Message-ID": "<c-1@stranger.example>" },
        "Hello, I have a problem with my store and the filter does not work. Can you help me?",
      ),
    );
    expect((await w.mailRows()).at(-1)).toMatchObject({ outcome: "policy_answer", ticket_id: null });
    expect((await w.inject("GET", "/api/v1/tickets")).json().total).toBe(ticketsBefore);
    const [answer] = w.sentTo("carl@stranger.example");
    expect(answer).toBeDefined();
    expect(answer!.subject).toBe("Re: Question");
    expect(answer!.headers.get("auto-submitted")).toBe("auto-replied");
    expect(answer!.inReplyTo).toBe("<c-1@stranger.example>");
    expect(answer!.headers.get("content-language")).toBe("en");
    const settings = await getSettings(w.ctx);
    expect(answer!.text).toContain(settings.channels.presales.displayNumber);
    expect(answer!.text).toContain("active license get free support through support tickets");
    expect(answer!.text).toContain("/support?lang=en");
  });

  it("answers a customer whose support ended with the renewal, in Spanish when they write Spanish", async () => {
    const vendor = (await getSettings(w.ctx)).vendor;
    await updateSettings(w.ctx, "vendor", { ...vendor, renewalUrl: "https://huntbee.example/renew" }, null);
    const { createCustomer } = await import("../licenses/customers.service.js");
    const { createLicense, SYSTEM_ACTOR } = await import("../licenses/licenses.service.js");
    const dana = await createCustomer(
      w.ctx,
      { email: "dana@example.com", name: "Dana", language: "es" },
      SYSTEM_ACTOR,
    );
    await createLicense(
      w.ctx,
      {
        customerId: dana.id,
        productId: w.world.product.id,
        purchaseDate: "2024-01-01",
        supportUntil: "2025-01-01",
      },
      SYSTEM_ACTOR,
    );
    await w.deliverAndRead(
      mail(
        { From: "dana@example.com", Subject: "Ayuda", "Message-ID": "<d-1@dana.example>" },
        "No funciona el módulo.",
      ),
    );
    expect((await w.mailRows()).at(-1)).toMatchObject({ outcome: "policy_answer", ticket_id: null });
    const [answer] = w.sentTo("dana@example.com");
    expect(answer!.text).toContain("El soporte de su licencia ha terminado");
    expect(answer!.text).toContain("https://huntbee.example/renew");
  });

  it("never answers automatic mail: out-of-office, bounces, lists", async () => {
    const sentBefore = w.smtp.received.length;
    const messagesBefore = (await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json().messages.length;
    await w.deliverAndRead(
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
    await w.deliverAndRead(
      mail(
        { From: "carl@stranger.example", Subject: "Away", "X-Autoreply": "yes", "Message-ID": "<ooo-2@x>" },
        "I am away.",
      ),
    );
    await w.deliverAndRead(
      mail(
        {
          From: "MAILER-DAEMON@mx.example",
          Subject: "Undelivered Mail Returned to Sender",
          "Message-ID": "<b-1@mx>",
        },
        "This is the mail system at host mx.example.",
      ),
    );
    await w.deliverAndRead(
      mail(
        { From: "news@shop.example", Subject: "Our news", Precedence: "bulk", "Message-ID": "<n-1@x>" },
        "News!",
      ),
    );
    const rows = (await w.mailRows()).slice(-4);
    expect(rows.map((r) => r.outcome)).toEqual(["automatic", "automatic", "automatic", "automatic"]);
    expect(w.smtp.received.length).toBe(sentBefore);
    expect((await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json().messages.length).toBe(
      messagesBefore,
    );
  });

  it("never answers the desk's own people or its own mail", async () => {
    const sentBefore = w.smtp.received.length;
    // The owner answers a new-ticket notification from their mail client.
    await w.deliverAndRead(
      mail(
        { From: "owner@example.com", Subject: "Re: New ticket", "Message-ID": "<own-1@x>" },
        "Looking at it.",
      ),
    );
    // Our own sender address, e.g. a Bcc that comes back.
    await w.deliverAndRead(
      mail(
        { From: "HuntBee Support <support@huntbee.example>", Subject: "Copy", "Message-ID": "<own-2@x>" },
        "A copy of what we sent.",
      ),
    );
    expect((await w.mailRows()).slice(-2).map((r) => r.outcome)).toEqual(["own_mail", "own_mail"]);
    await w.t.server.worker!.drain();
    expect(w.smtp.received.length).toBe(sentBefore);
  });

  it("answers one sender at most three times a day", async () => {
    for (let i = 2; i <= 5; i++) {
      await w.deliverAndRead(
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
    const outcomes = (await w.mailRows())
      .filter((r) => r.from_address === "carl@stranger.example")
      .map((r) => r.outcome);
    expect(outcomes.filter((o) => o === "policy_answer")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "rate_limited")).toHaveLength(2);
    expect(w.sentTo("carl@stranger.example")).toHaveLength(3);
  });

  it("keeps a mail it cannot handle in the inbox, flagged, and shows it to the owner", async () => {
    await w.deliverAndRead(mail({ Subject: "No sender at all", "Message-ID": "<nos-1@x>" }, "Who am I?"));
    const inbox = await w.dovecot.list();
    expect(inbox.map((m) => [m.subject, m.flags.includes("\\Flagged")])).toEqual([
      ["No sender at all", true],
    ]);
    const failed = (await w.inject("GET", "/api/v1/mail-in/messages?state=failed")).json();
    expect(failed.data).toHaveLength(1);
    expect(failed.data[0]).toMatchObject({ subject: "No sender at all", outcome: "failed" });
    expect(failed.data[0].notes[0].key).toBe("mailIn.note.noSender");
  });

  it("handles nothing twice across a restart, a crash before the move, or the same mail delivered again", async () => {
    const countMessages = async () =>
      (await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json().messages.length;
    const before = await countMessages();
    await w.reader.stop();
    const raw = mail(
      {
        From: "bruno@example.com",
        Subject: "Re: algo más",
        "Message-ID": "<crash-1@bruno.example>",
        "In-Reply-To": agentReplyId,
      },
      "Una pregunta más sobre los filtros.",
    );
    await w.dovecot.deliver(raw);
    // A w.reader handled it and died before moving it: its work is committed, the mail still in the inbox.
    const inbox = await w.dovecot.list();
    const uid = inbox.find((m) => m.subject === "Re: algo más")!.uid;
    const { ImapFlow } = await import("imapflow");
    const probe = new ImapFlow({
      host: "127.0.0.1",
      port: w.dovecot.port,
      secure: false,
      auth: { user: w.dovecot.user, pass: w.dovecot.pass },
      logger: false,
    });
    await probe.connect();
    const status = await probe.status("INBOX", { uidValidity: true });
    await probe.logout();
    const place = { mailbox: "INBOX", uidValidity: String(status === false ? "" : status.uidValidity), uid };
    await handleInboundMail(w.ctx, place, await parseInboundMail(Buffer.from(raw.replace(/\n/g, "\r\n"))));
    expect(await countMessages()).toBe(before + 1);

    // The restarted w.reader moves it without handling it again, and leaves the failed mail where it is.
    w.reader = new MailReader(w.ctx, { pollMs: 200 });
    w.reader.start();
    await waitUntil("the handled mail left the inbox", async () =>
      (await w.dovecot.list()).every((m) => m.subject !== "Re: algo más"),
    );
    expect((await w.dovecot.list()).map((m) => m.subject)).toEqual(["No sender at all"]);
    // The same mail delivered again (a second copy, a new UID) is recognised by its Message-ID.
    await w.deliverAndRead(raw);
    expect((await w.mailRows()).at(-1)).toMatchObject({
      outcome: "duplicate",
      message_id: "<crash-1@bruno.example>",
    });
    await w.t.server.worker!.drain();
    expect(await countMessages()).toBe(before + 1);
    const rows = await w.mailRows();
    expect(rows.filter((r) => r.message_id === "<crash-1@bruno.example>").map((r) => r.outcome)).toEqual([
      "ticket_reply",
      "duplicate",
    ]);
  });

  it("lets one w.reader at a time read the mailbox", async () => {
    const second = new MailReader(w.ctx, { pollMs: 200 });
    second.start();
    try {
      for (let i = 0; i < 3; i++) {
        await w.deliverAndRead(
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
      const rows = (await w.mailRows()).filter((r) => r.message_id?.startsWith("<par-"));
      expect(rows.map((r) => r.outcome)).toEqual(["ticket_reply", "ticket_reply", "ticket_reply"]);
      expect(second.passes).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
