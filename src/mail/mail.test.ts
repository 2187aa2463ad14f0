import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { checkedJson } from "../test/api-shape.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestServer,
} from "../test/harness.js";
import { startSmtp } from "../test/smtp.js";
import { buildPortalWorld, multipartBody, portalSession } from "../tickets/tickets.factories.js";
import { findMail } from "./mail.repository.js";
import { deliverMail } from "./mail.service.js";

describeEachDatabase("mail through a real SMTP server", (dialect) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestServer;
  let world: Awaited<ReturnType<typeof buildPortalWorld>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestServer(dialect, {
      clock: new TestClock(new Date("2026-11-25T10:00:00Z")),
      env: { SMTP_URL: smtp.url, MAIL_FROM: "HuntBee Support <support@huntbee.example>" },
    });
    world = await buildPortalWorld(t.server.ctx);
    const vendor = (await getSettings(t.server.ctx)).vendor;
    await updateSettings(t.server.ctx, "vendor", { ...vendor, supportEmail: "help@huntbee.example" }, null);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const inject = (opts: InjectOptions) => t.server.app.inject(opts);

  it("sends the agents' and the customer's mail in their languages, plain text and HTML, text escaped", async () => {
    const bruno = await portalSession(t.server.ctx, world.bruno.id);
    const body = multipartBody({
      _csrf: bruno.csrf,
      licenseId: world.brunoActive.id,
      category: "product_problem",
      subject: "El filtro no aparece",
      description: "Después de instalar, el filtro <script>alert(1)</script> no aparece.",
    });
    const opened = await inject({
      method: "POST",
      url: "/support/tickets?lang=es",
      headers: { cookie: bruno.cookie, ...body.headers },
      payload: body.payload,
    });
    expect(opened.statusCode).toBe(303);
    const ticketId = /tickets\/([0-9a-z]+)/.exec(opened.headers.location ?? "")![1]!;
    const agent = await signInCookie(t.server);
    const reply = await inject({
      method: "POST",
      url: `/api/v1/tickets/${ticketId}/replies`,
      headers: { cookie: agent, "content-type": "application/json" },
      payload: { text: "Hola Bruno: active el módulo en Extensiones > Módulos." },
    });
    expect(reply.statusCode).toBe(201);
    await t.server.worker!.drain();

    const toOwner = smtp.received.find(
      (m) => m.subject?.includes("Nuevo ticket") || m.subject?.includes("New ticket"),
    )!;
    expect(toOwner).toBeDefined();
    expect(smtp.envelopes[smtp.received.indexOf(toOwner)]).toEqual(["owner@example.com"]);
    expect(toOwner.subject).toMatch(/^\[#\d+\] New ticket from Bruno Tienda: El filtro no aparece$/);
    expect(toOwner.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(toOwner.html).not.toContain("<script>");
    expect(toOwner.text).toContain("<script>alert(1)</script>");
    expect(toOwner.text).toContain(`/app/tickets/${ticketId}`);

    const toCustomer = smtp.received.find((m) => m.subject?.includes("Nueva respuesta"))!;
    expect(toCustomer).toBeDefined();
    expect(toCustomer.to && !Array.isArray(toCustomer.to) ? toCustomer.to.value[0]!.address : "").toBe(
      "bruno@example.com",
    );
    expect(toCustomer.from?.value[0]).toEqual({
      address: "support@huntbee.example",
      name: "HuntBee Support",
    });
    expect(toCustomer.subject).toMatch(/^\[#\d+\] Nueva respuesta: El filtro no aparece$/);
    expect(toCustomer.headers.get("content-language")).toBe("es");
    expect(toCustomer.html).toContain('lang="es"');
    expect(toCustomer.text).toContain("> Hola Bruno: active el módulo en Extensiones > Módulos.");
    expect(toCustomer.text).toContain(`/support/tickets/${ticketId}?lang=es`);
    expect(toCustomer.messageId).toMatch(/@huntbee\.example>$/);
    // An agent wrote it: no Auto-Submitted; answers go to the support mailbox email-in reads.
    expect(toCustomer.headers.get("auto-submitted")).toBeUndefined();
    expect(toCustomer.replyTo?.value[0]?.address).toBe("help@huntbee.example");
    expect(toOwner.headers.get("auto-submitted")).toBe("auto-generated");
    expect(toOwner.replyTo).toBeUndefined();
    const stored = await t.server.ctx.db.kysely
      .selectFrom("mail_messages")
      .select(["message_id", "kind"])
      .where("related_id", "=", ticketId)
      .where("kind", "=", "ticket.reply")
      .executeTakeFirstOrThrow();
    // The Message-ID is fixed when the mail is queued, so a reply to it can be traced to this ticket.
    expect(stored.message_id).toBe(toCustomer.messageId);

    const rows = await t.server.ctx.db.kysely
      .selectFrom("mail_messages")
      .select(["status", "transport", "provider_message_id"])
      .where("related_id", "=", ticketId)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.status).toBe("sent");
      expect(row.transport).toBe("smtp");
      expect(row.provider_message_id).toMatch(/^<.+>$/);
    }
  });

  it("delivers a mail once even when its job runs twice", async () => {
    const before = smtp.received.length;
    const rows = await t.server.ctx.db.kysely
      .selectFrom("mail_messages")
      .select("id")
      .where("status", "=", "sent")
      .limit(1)
      .execute();
    const again = await deliverMail(t.server.ctx, rows[0]!.id);
    expect(again.status).toBe("sent");
    expect(smtp.received.length).toBe(before);
  });

  it("keeps the development viewer closed when SMTP is configured", async () => {
    const cookie = await signInCookie(t.server);
    expect(
      (await inject({ method: "GET", url: "/api/v1/dev-mail/status", headers: { cookie } })).json(),
    ).toEqual({
      enabled: false,
    });
    expect((await inject({ method: "GET", url: "/api/v1/dev-mail", headers: { cookie } })).statusCode).toBe(
      404,
    );
  });
});

describe("development mail viewer (no SMTP_URL)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("sqlite");
    await buildPortalWorld(t.server.ctx);
  });
  afterAll(async () => t?.close());

  it("stores the mail and lists it for agents with HTML and plain text", async () => {
    const page = await t.server.app.inject({ method: "GET", url: "/support?lang=es" });
    const pre = page.cookies.find((c) => c.name === "beedesk_portal_csrf")!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    await t.server.app.inject({
      method: "POST",
      url: "/support/sign-in?lang=es",
      headers: {
        cookie: `beedesk_portal_csrf=${pre.value}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ email: "bruno@example.com", _csrf: csrf }).toString(),
    });
    await t.server.worker!.drain();
    const cookie = await signInCookie(t.server);
    expect(
      (
        await t.server.app.inject({ method: "GET", url: "/api/v1/dev-mail/status", headers: { cookie } })
      ).json(),
    ).toEqual({
      enabled: true,
    });
    const list = checkedJson(
      t.server,
      await t.server.app.inject({ method: "GET", url: "/api/v1/dev-mail", headers: { cookie } }),
    );
    expect(list.data[0]).toMatchObject({
      to: "bruno@example.com",
      kind: "portal.magic_link",
      language: "es",
      status: "stored",
      subject: "Su enlace de acceso al soporte de HuntBee",
    });
    const one = checkedJson(
      t.server,
      await t.server.app.inject({
        method: "GET",
        url: `/api/v1/dev-mail/${list.data[0].id}`,
        headers: { cookie },
      }),
    );
    expect(one.text).toContain("/support/auth?token=");
    expect(one.html).toContain("Entrar en el portal de soporte");
    const stored = await findMail(t.server.ctx.db.kysely, list.data[0].id);
    expect(stored?.transport).toBe("viewer");
    expect((await t.server.app.inject({ method: "GET", url: "/api/v1/dev-mail" })).statusCode).toBe(401);
  });
});
