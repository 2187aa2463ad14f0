import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BillingTest, startBillingServer } from "../billing/billing.test-support.js";
import type { Config } from "../platform/config.js";
import { randomToken } from "../platform/ids.js";
import { createLogger } from "../platform/logger.js";
import { PROJECT_ROOT } from "../platform/paths.js";
import { BeedeskServer } from "../server.js";
import { OWNER, signInCookie, TestClock, tempDir, testConfig } from "../test/harness.js";
import { TINY_PNG } from "../tickets/tickets.factories.js";
import { buildTextPayload, FIXTURE } from "../whatsapp/fixtures.js";
import { postWebhook, whatsappEnv } from "../whatsapp/test-support.js";
import { createBackup } from "./backup.service.js";
import { filesUnder, MEDIA_KEY, seedEveryKind } from "./backup.test-support.js";
import { ArchiveError } from "./backup-archive.js";
import { COUNTED_TABLES, type Manifest } from "./backup-manifest.js";
import { RestoreError, restoreBackup } from "./restore.service.js";

const PASSPHRASE = "correct horse battery staple";

/** The test server's config, pointed at the SQLite file the harness opened for it. */
function liveConfig(t: BillingTest): Config {
  return { ...t.config, database: { kind: "sqlite", file: t.database.db.sqlite!.name } };
}

/** A fresh, empty place to restore into. */
function freshConfig(t: BillingTest): Config {
  const parent = tempDir("beedesk-restore-");
  return {
    ...testConfig(whatsappEnv()),
    dataDir: path.join(parent, "data"),
    database: { kind: "sqlite", file: path.join(parent, "data", "beedesk.sqlite") },
    publicUrl: t.config.publicUrl,
  };
}

/** Webhooks from new contacts, one after another, until stopped; each acknowledged wamid with its moment. */
function webhookStream(t: BillingTest) {
  const acked: { wamid: string; at: number }[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const wamid = `wamid.DRILL${randomToken(16)}`;
      const res = await postWebhook(
        t.server,
        buildTextPayload({
          phoneNumberId: FIXTURE.presales.phoneNumberId,
          displayPhoneNumber: FIXTURE.presales.displayPhoneNumber,
          from: `3460${String(1_000_000 + i)}`,
          name: `Drill ${i}`,
          wamid,
          text: `drill message ${i}`,
          timestamp: t.clock.now(),
        }),
      );
      if (res.statusCode === 200) acked.push({ wamid, at: performance.now() });
    }
  })();
  return {
    acked,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe("backup and restore [sqlite]", () => {
  let t: BillingTest;
  const cleanup: string[] = [];
  beforeEach(async () => {
    t = await startBillingServer("sqlite", new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => {
    await t.stop();
    for (const dir of cleanup.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function backupTo(options: { passphrase?: string } = {}) {
    const dir = tempDir("beedesk-archive-");
    cleanup.push(dir);
    const out = path.join(dir, "backup.tar.gz");
    return createBackup(liveConfig(t), { out, ...options });
  }

  it("restore drill: a backup taken while webhooks arrive restores everything acknowledged before it began", async () => {
    const seeded = await seedEveryKind(t);
    const stream = webhookStream(t);
    await waitFor(() => stream.acked.length >= 40);
    const startedAt = performance.now();
    const before = stream.acked.filter((a) => a.at < startedAt).map((a) => a.wamid);
    const result = await backupTo({ passphrase: PASSPHRASE });
    const duringBackup = stream.acked.length - before.length;
    await stream.stop();
    expect(duringBackup).toBeGreaterThan(0); // webhooks really were being written while the snapshot ran

    const manifest = result.manifest;
    for (const table of COUNTED_TABLES) expect(manifest.counts[table], table).toBeGreaterThan(0);
    expect(manifest.secretKey).toBe("sealed");
    expect(manifest.entries.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        "database/beedesk.sqlite",
        "secret.key.sealed",
        `files/media/${MEDIA_KEY}`,
        expect.stringMatching(/^files\/attachments\//),
      ]),
    );

    const target = freshConfig(t);
    cleanup.push(path.dirname(target.dataDir));
    const restored = await restoreBackup(target, { archive: result.out, passphrase: PASSPHRASE });
    expect(restored.warnings).toEqual([]);
    // Every file of the data folder came back byte for byte (the live database and the key file aside).
    const original = filesUnder(t.config.dataDir);
    const back = filesUnder(target.dataDir);
    for (const [name, bytes] of original) {
      if (name === "secret.key") continue;
      expect(back.get(name), name).toEqual(bytes);
    }

    const server = new BeedeskServer(target, { worker: false, log: createLogger({ logLevel: "silent" }) });
    try {
      await server.prepare();
      const db = server.ctx.db.kysely;
      const stored = new Set((await db.selectFrom("messages").select("wamid").execute()).map((r) => r.wamid));
      const missing = before.filter((w) => !stored.has(w));
      expect(missing).toEqual([]);
      for (const table of COUNTED_TABLES) {
        const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
        expect(Number(row.rows[0]?.n), table).toBe(manifest.counts[table]);
      }

      const cookie = await signInCookie(server, OWNER.email, OWNER.password);
      const get = (url: string) => server.app.inject({ method: "GET", url, headers: { cookie } });
      const ticket = await get(`/api/v1/tickets/${seeded.ticket.id}`);
      expect(ticket.statusCode).toBe(200);
      const attachment = ticket.json().attachments[0] as { id: string };
      const file = await get(`/api/v1/tickets/${seeded.ticket.id}/attachments/${attachment.id}`);
      expect(file.rawPayload).toEqual(TINY_PNG);
      // The sealed key came back: the store credentials still open.
      expect((await get(`/api/v1/tickets/${seeded.ticket.id}/credentials`)).json().adminPassword).toBe(
        "s3cret-pw",
      );
      const pdf = await get(`/api/v1/invoices/${seeded.invoiceId}/pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
      const customers = await get("/api/v1/customers");
      expect(JSON.stringify(customers.json())).toContain("alice@example.com");
    } finally {
      await server.stop();
    }
  });

  it("without a passphrase leaves the key out and says so, and a restore says it too", async () => {
    const result = await backupTo();
    expect(result.manifest.secretKey).toBe("absent");
    expect(result.manifest.entries.some((e) => e.path.includes("secret"))).toBe(false);
    expect(result.warnings.join(" ")).toContain("secret key is NOT in this backup");
    const target = freshConfig(t);
    cleanup.push(path.dirname(target.dataDir));
    const restored = await restoreBackup(target, { archive: result.out });
    expect(restored.warnings.join(" ")).toContain("holds no secret key");
    expect(fs.existsSync(path.join(target.dataDir, "secret.key"))).toBe(false);
  });

  describe("refusals leave nothing behind", () => {
    let archive: string;
    let manifest: Manifest;
    let target: Config;
    beforeEach(async () => {
      await seedEveryKind(t);
      const result = await backupTo({ passphrase: PASSPHRASE });
      archive = result.out;
      manifest = result.manifest;
      target = freshConfig(t);
      cleanup.push(path.dirname(target.dataDir));
    });

    /** The restore fails with this kind of error, and the target's parent holds nothing new. */
    async function refused(file: string, kind: "foreign" | "damaged" | "refused", options = {}) {
      const parent = path.dirname(target.dataDir);
      const before = fs.readdirSync(parent);
      const error = await restoreBackup(target, { archive: file, passphrase: PASSPHRASE, ...options }).catch(
        (e: unknown) => e,
      );
      if (kind === "refused") expect(error).toBeInstanceOf(Error);
      else {
        expect(error).toBeInstanceOf(ArchiveError);
        expect((error as ArchiveError).kind).toBe(kind);
      }
      expect(fs.readdirSync(parent)).toEqual(before);
      return (error as Error).message;
    }

    function variant(name: string, bytes: Buffer): string {
      const file = path.join(path.dirname(archive), name);
      fs.writeFileSync(file, bytes);
      return file;
    }

    it("refuses a flipped byte, a cut archive, a foreign tar.gz and a file that is no archive", async () => {
      const bytes = fs.readFileSync(archive);
      const flipped = Buffer.from(bytes);
      const at = Math.floor(flipped.length * 0.6);
      flipped[at] = (flipped[at] ?? 0) ^ 0xff;
      expect(await refused(variant("flipped.tar.gz", flipped), "damaged")).toMatch(/^damaged: /);
      expect(await refused(variant("cut.tar.gz", bytes.subarray(0, bytes.length >> 1)), "damaged")).toMatch(
        /^damaged: /,
      );
      const foreign = spawnSync("tar", ["czf", "-", "-C", PROJECT_ROOT, "package.json"]).stdout;
      expect(await refused(variant("foreign.tar.gz", foreign), "foreign")).toBe(
        "not a beedesk backup (no manifest first)",
      );
      expect(await refused(variant("text.tar.gz", Buffer.from("hello")), "foreign")).toMatch(
        /^not a beedesk backup/,
      );
      expect(fs.existsSync(target.dataDir)).toBe(false);
    });

    it("refuses an archive whose entry does not match the manifest's checksum", async () => {
      const unpacked = tempDir("beedesk-unpacked-");
      cleanup.push(unpacked);
      expect(spawnSync("tar", ["xzf", archive, "-C", unpacked]).status).toBe(0);
      fs.writeFileSync(path.join(unpacked, "files", "media", MEDIA_KEY), Buffer.from("not the photo"));
      const names = ["manifest.json", ...manifest.entries.map((e) => e.path)];
      const repacked = path.join(path.dirname(archive), "tampered.tar.gz");
      expect(spawnSync("tar", ["czf", repacked, "-C", unpacked, ...names]).status).toBe(0);
      expect(await refused(repacked, "damaged")).toBe(
        `damaged: files/media/${MEDIA_KEY} does not match its checksum`,
      );
    });

    it("refuses a folder that is not empty, and a wrong passphrase, writing nothing", async () => {
      fs.mkdirSync(target.dataDir, { recursive: true });
      fs.writeFileSync(path.join(target.dataDir, "keep.txt"), "mine");
      const error = await restoreBackup(target, { archive, passphrase: PASSPHRASE }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestoreError);
      expect(fs.readdirSync(target.dataDir)).toEqual(["keep.txt"]);
      fs.rmSync(target.dataDir, { recursive: true });
      expect(await refused(archive, "refused", { passphrase: "a wrong passphrase" })).toBe(
        "the passphrase does not open the secret key in this backup",
      );
      expect(await refused(archive, "refused", { passphrase: undefined })).toMatch(/--key-passphrase-file/);
    });

    it("the command prints one line and exits non-zero on a damaged archive", () => {
      const bytes = fs.readFileSync(archive);
      const cut = variant("cut.tar.gz", bytes.subarray(0, bytes.length - 100));
      const run = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(PROJECT_ROOT, "src", "cli.ts"), "restore", cut, "--without-key"],
        {
          env: { ...process.env, BEEDESK_DATA_DIR: target.dataDir, LOG_LEVEL: "silent", DATABASE_URL: "" },
          encoding: "utf8",
        },
      );
      expect(run.status).toBe(1);
      const lines = run.stderr.split("\n").filter((l) => l && !l.startsWith("reading and checking"));
      expect(lines).toEqual([expect.stringMatching(/^beedesk restore: .*cut\.tar\.gz: damaged: /)]);
      expect(fs.existsSync(target.dataDir)).toBe(false);
    });
  });
});
