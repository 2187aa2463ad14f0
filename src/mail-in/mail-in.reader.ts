import type { ImapFlow } from "imapflow";
import type { AppContext } from "../platform/context.js";
import { isStorageUnavailable } from "../platform/db/unavailable.js";
import { newId } from "../platform/ids.js";
import { closeImap, connectImap, imapErrorText } from "./imap-client.js";
import { MAX_MAIL_BYTES, parseInboundMail } from "./inbound-mail.js";
import { type MailInSetup, mailInSetup } from "./mail-in.config.js";
import { acquireLease, findMailInByPlace, releaseLease } from "./mail-in.repository.js";
import { failMail, handleInboundMail, type MailPlace, unparsedRecord } from "./mail-in.service.js";

const LEASE_NAME = "reader";

export interface MailReaderOptions {
  /** How often the mailbox is read even without an IDLE notice, and the settings re-read (default 60 s). */
  pollMs?: number;
  /** How long the reader lease lasts without renewal (default 3 × pollMs, at least 30 s). */
  leaseMs?: number;
}

/**
 * Reads the support mailbox: one reader at a time across processes (a lease in the database), IDLE for new
 * mail with a poll as the fallback. Each mail is handled once (see handleInboundMail), then marked \Seen and
 * moved to the processed folder; a mail that cannot be handled stays, \Flagged, for the owner.
 */
export class MailReader {
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  /** A wake-up that came while the reader was busy: the next sleep returns at once. */
  private woken = false;
  private client: ImapFlow | undefined;
  private loop: Promise<void> | undefined;
  private readonly holder = newId();
  private readonly pollMs: number;
  private readonly leaseMs: number;
  /** Completed passes over the mailbox (tests wait on it). */
  passes = 0;

  constructor(
    private readonly ctx: AppContext,
    options: MailReaderOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? Math.max(3 * this.pollMs, 30_000);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Read now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    this.client?.close();
    await this.loop;
    await releaseLease(this.ctx.db.kysely, LEASE_NAME, this.holder).catch(() => {});
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.session();
        failures = 0;
      } catch (error) {
        failures++;
        // The server's words only: the URL (with its password) never reaches the log.
        this.ctx.log.warn({ error: imapErrorText(error) }, "email-in: reading the mailbox failed; retrying");
      } finally {
        await closeImap(this.client);
        this.client = undefined;
      }
      await this.sleep(Math.min(this.pollMs * 2 ** Math.min(failures, 4), 10 * 60_000));
    }
  }

  private async holdLease(): Promise<boolean> {
    const now = this.ctx.clock.now();
    return acquireLease(
      this.ctx.db.kysely,
      LEASE_NAME,
      this.holder,
      now.toISOString(),
      new Date(now.getTime() + this.leaseMs).toISOString(),
    );
  }

  /** One connection: read what is there, then wait for more until stopped, the lease is lost or the setup changes. */
  private async session(): Promise<void> {
    const setup = await mailInSetup(this.ctx);
    if (!setup.target || !(await this.holdLease())) return;
    const client = await connectImap(setup.target, { idleMs: this.pollMs });
    this.client = client;
    await ensureFolder(client, setup.processedFolder);
    await client.mailboxOpen(setup.target.mailbox);
    client.on("exists", () => this.wake());
    client.on("close", () => this.wake());
    while (!this.stopped && client.usable) {
      await this.pass(client, setup);
      this.passes++;
      await this.sleep(this.pollMs);
      if (this.stopped || !(await this.holdLease())) return;
      const now = await mailInSetup(this.ctx);
      if (now.version !== setup.version || now.redactedUrl !== setup.redactedUrl) return;
    }
  }

  /** Every mail in the mailbox: new ones handled, handled ones (a crash before the move) moved, failed ones left. */
  private async pass(client: ImapFlow, setup: MailInSetup): Promise<void> {
    const mailbox = setup.target!.mailbox;
    const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : "");
    const found = await client.search({ all: true }, { uid: true });
    const uids = (found || []).sort((a, b) => a - b);
    for (let i = 0; i < uids.length && !this.stopped; i += 100) {
      const chunk = uids.slice(i, i + 100);
      const records = await findMailInByPlace(this.ctx.db.kysely, mailbox, uidValidity, chunk);
      const byUid = new Map(records.map((r) => [r.uid, r]));
      for (const uid of chunk) {
        if (this.stopped) return;
        const record = byUid.get(uid);
        if (record?.state === "failed") continue;
        const place = { mailbox, uidValidity, uid };
        if (record || (await this.handle(client, place))) await finish(client, uid, setup.processedFolder);
        else await client.messageFlagsAdd(String(uid), ["\\Flagged"], { uid: true });
        if (!(await this.holdLease())) return;
      }
    }
  }

  /** Handle one mail; false when it failed and stays in the mailbox. */
  private async handle(client: ImapFlow, place: MailPlace): Promise<boolean> {
    const message = await client.fetchOne(String(place.uid), { source: true, size: true }, { uid: true });
    // Expunged meanwhile: nothing left to handle.
    if (message === false || !message.source) return true;
    if ((message.size ?? message.source.length) > MAX_MAIL_BYTES) {
      await failMail(this.ctx, unparsedRecord(this.ctx, place), [
        { key: "mailIn.note.tooLarge", params: { mb: MAX_MAIL_BYTES / 1024 / 1024 } },
      ]);
      return false;
    }
    try {
      const mail = await parseInboundMail(message.source);
      const result = await handleInboundMail(this.ctx, place, mail);
      return result.outcome !== "failed";
    } catch (error) {
      // The database is away: nothing was recorded, the mail is read again on the next pass.
      if (isStorageUnavailable(error)) throw error;
      const [recorded] = await findMailInByPlace(this.ctx.db.kysely, place.mailbox, place.uidValidity, [
        place.uid,
      ]);
      // Another reader recorded it first (the unique place settled the race).
      if (recorded) return recorded.state === "handled";
      this.ctx.log.error(
        { err: error, uid: place.uid },
        "email-in: a mail could not be handled; kept and flagged",
      );
      const text = error instanceof Error ? error.message : String(error);
      await failMail(this.ctx, unparsedRecord(this.ctx, place), [
        { key: "mailIn.note.error", params: { error: text.slice(0, 500) } },
      ]);
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        this.woken = false;
        done();
      };
    });
  }
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const boxes = await client.list();
  if (boxes.some((b) => b.path === folder)) return;
  await client.mailboxCreate(folder);
}

/** Done with a mail: \Seen, then out of the inbox. Both are harmless to repeat. */
async function finish(client: ImapFlow, uid: number, folder: string): Promise<void> {
  await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
  await client.messageFlagsRemove(String(uid), ["\\Flagged"], { uid: true });
  await client.messageMove(String(uid), folder, { uid: true });
}
