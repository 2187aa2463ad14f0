import { afterAll, beforeAll, expect, it } from "vitest";
import { buildLicense, FAKE_EXE, TINY_PNG } from "../tickets/tickets.factories.js";
import { describeMail, type MailInWorld, mail, startMailInWorld } from "./mail-in.test-support.js";

describeMail("email-in threading, attachments and licenses", (dialect) => {
  let w: MailInWorld;
  let ticketId = "";
  let agentReplyId = "";
  beforeAll(async () => {
    w = await startMailInWorld(dialect);
    await w.deliverAndRead(
      mail(
        { From: "bruno@example.com", Subject: "El filtro no aparece", "Message-ID": "<t-1@bruno.example>" },
        "Hola, el filtro no aparece en la categoría.",
      ),
    );
    ticketId = (await w.mailRows())[0]!.ticket_id!;
    await w.inject("POST", `/api/v1/tickets/${ticketId}/replies`, { text: "Hola Bruno: active el módulo." });
    await w.t.server.worker!.drain();
    agentReplyId = w.sentTo("bruno@example.com").find((m) => m.subject?.includes("Nueva respuesta"))!
      .messageId!;
  });
  afterAll(async () => w?.close());

  it("threads by the ticket number in the subject only for the ticket's own customer", async () => {
    const number = (await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json().number;
    await w.deliverAndRead(
      mail(
        {
          From: "bruno@example.com",
          Subject: `Otra cosa sobre [#${number}]`,
          "Message-ID": "<subj-1@bruno.example>",
        },
        "También quería preguntar por el orden de los filtros.",
      ),
    );
    expect((await w.mailRows()).at(-1)).toMatchObject({ outcome: "ticket_reply", ticket_id: ticketId });
    // Alice names Bruno's ticket: it is not hers, so her mail opens her own ticket instead.
    await w.deliverAndRead(
      mail(
        { From: "alice@example.com", Subject: `Re: [#${number}] hello`, "Message-ID": "<a-1@alice.example>" },
        "My checkout page shows a blank screen since yesterday.",
      ),
    );
    const last = (await w.mailRows()).at(-1)!;
    expect(last.outcome).toBe("ticket_opened");
    expect(last.ticket_id).not.toBe(ticketId);
    const alices = (await w.inject("GET", `/api/v1/tickets/${last.ticket_id}`)).json();
    expect(alices.customer.email).toBe("alice@example.com");
    expect(alices.license.id).toBe(w.world.aliceActive.id);
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
    await w.deliverAndRead(raw);
    const ticket = (await w.inject("GET", `/api/v1/tickets/${ticketId}`)).json();
    const message = ticket.messages.at(-1);
    expect(message.body).toBe("Adjunto una captura de pantalla.");
    expect(
      ticket.attachments
        .filter((a: { messageId: string }) => a.messageId === message.id)
        .map((a: { fileName: string; contentType: string }) => [a.fileName, a.contentType]),
    ).toEqual([["captura.png", "image/png"]]);
    const mails = (await w.inject("GET", `/api/v1/tickets/${ticketId}/mail`)).json();
    expect(mails.data.at(-1).notes).toEqual([
      {
        key: "mailIn.note.refusedFile",
        params: { file: "factura.png", reason: expect.stringContaining("factura.png") },
      },
    ]);
  });

  it("opens a ticket on the latest license and flags it when the mail does not say which", async () => {
    const second = await buildLicense(w.ctx, {
      customerId: w.world.bruno.id,
      productId: w.world.other.id,
      purchaseDate: "2026-09-01",
      supportUntil: "2027-09-01",
    });
    await w.deliverAndRead(
      mail(
        { From: "bruno@example.com", Subject: "Una duda", "Message-ID": "<lic-1@bruno.example>" },
        "Tengo una duda con la extensión.",
      ),
    );
    const row = (await w.mailRows()).at(-1)!;
    expect(row.outcome).toBe("ticket_opened");
    expect((await w.inject("GET", `/api/v1/tickets/${row.ticket_id}`)).json().license.id).toBe(second.id);
    const mails = (await w.inject("GET", `/api/v1/tickets/${row.ticket_id}/mail`)).json();
    expect(mails.data[0].notes[0].key).toBe("mailIn.note.licenseGuess");
    // Naming the product settles it.
    await w.deliverAndRead(
      mail(
        {
          From: "bruno@example.com",
          Subject: "Mega Filter PRO no filtra",
          "Message-ID": "<lic-2@bruno.example>",
        },
        "El filtro no filtra por precio.",
      ),
    );
    const named = (await w.mailRows()).at(-1)!;
    expect((await w.inject("GET", `/api/v1/tickets/${named.ticket_id}`)).json().license.id).toBe(
      w.world.brunoActive.id,
    );
    expect((await w.inject("GET", `/api/v1/tickets/${named.ticket_id}/mail`)).json().data[0].notes).toEqual(
      [],
    );
  });
});
