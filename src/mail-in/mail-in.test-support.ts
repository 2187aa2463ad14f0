import type { Response as InjectResponse } from "light-my-request";
import type { ParsedMail } from "mailparser";
import type { AppContext } from "../platform/context.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { dovecotAvailable, startDovecot, type TestDovecot } from "../test/dovecot.js";
import {
  describeEachDatabase,
  signInCookie,
  startTestServer,
  TestClock,
  type TestDialect,
  type TestServer,
} from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { startSmtp } from "../test/smtp.js";
import { buildPortalWorld } from "../tickets/tickets.factories.js";
import { MailReader } from "./mail-in.reader.js";

// The email-in suites' world: a private Dovecot, a real SMTP server, beedesk with MAIL_IN_URL, the portal's
// customers, and a reader polling every 200 ms (woken at once by IDLE).

if (!dovecotAvailable()) console.warn("SKIPPED: email-in tests need Dovecot (apt install dovecot-imapd)");

export const describeMail = dovecotAvailable() ? describeEachDatabase : () => {};

/** A mail as a mail client sends it. */
export function mail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    Date: "Wed, 25 Nov 2026 10:00:00 +0000",
    "MIME-Version": "1.0",
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join("\n")}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body}\n`;
}

export async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting until ${what}`);
}

export interface MailInWorld {
  dovecot: TestDovecot;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  t: TestServer;
  ctx: AppContext;
  world: Awaited<ReturnType<typeof buildPortalWorld>>;
  reader: MailReader;
  inject(method: "GET" | "POST", url: string, payload?: object): Promise<InjectResponse>;
  mailRows(): Promise<
    {
      id: string;
      message_id: string | null;
      outcome: string;
      state: string;
      ticket_id: string | null;
      ticket_message_id: string | null;
      from_address: string;
    }[]
  >;
  /** Deliver, then wait until the reader has taken it out of the inbox (or flagged it) and the outbox ran. */
  deliverAndRead(raw: string): Promise<void>;
  sentTo(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startMailInWorld(dialect: TestDialect): Promise<MailInWorld> {
  const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtp()]);
  const t = await startTestServer(dialect, {
    clock: new TestClock(new Date("2026-11-25T10:00:00Z")),
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: "HuntBee Support <support@huntbee.example>",
      MAIL_IN_URL: dovecot.url(),
    },
  });
  const ctx = t.server.ctx;
  const world = await buildPortalWorld(ctx);
  const vendor = (await getSettings(ctx)).vendor;
  await updateSettings(ctx, "vendor", { ...vendor, supportEmail: "help@huntbee.example" }, null);
  const cookie = await signInCookie(t.server);
  const http = testHttp(() => t.server);
  const w: MailInWorld = {
    dovecot,
    smtp,
    t,
    ctx,
    world,
    reader: new MailReader(ctx, { pollMs: 200 }),
    inject: (method, url, payload) => http.request(method, url, { as: cookie, body: payload }),
    mailRows: () =>
      ctx.db.kysely
        .selectFrom("mail_in_messages")
        .select(["id", "message_id", "outcome", "state", "ticket_id", "ticket_message_id", "from_address"])
        .orderBy("created_at")
        .execute(),
    async deliverAndRead(raw) {
      const before = (await w.mailRows()).length;
      await dovecot.deliver(raw);
      w.reader.wake();
      await waitUntil("the mail is recorded", async () => (await w.mailRows()).length > before);
      await waitUntil("the inbox holds only flagged mail", async () =>
        (await dovecot.list()).every((m) => m.flags.includes("\\Flagged")),
      );
      await t.server.worker!.drain();
    },
    sentTo: (address) =>
      smtp.received.filter((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === address),
    async close() {
      await w.reader.stop();
      await t.close();
      await Promise.all([dovecot.stop(), smtp.close()]);
    },
  };
  w.reader.start();
  return w;
}
