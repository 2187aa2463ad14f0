import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../platform/config.js";
import { openPostgres } from "../platform/db/database.js";
import { randomToken } from "../platform/ids.js";
import { createLogger } from "../platform/logger.js";
import { localStorageFor } from "../platform/storage.js";
import { BeedeskServer } from "../server.js";
import { OWNER, signInCookie, startTestServer, type TestServer, tempDir } from "../test/harness.js";
import { buildPortalWorld, TINY_PNG } from "../tickets/tickets.factories.js";
import { buildTextPayload, FIXTURE } from "../whatsapp/fixtures.js";
import { postWebhook, whatsappEnv } from "../whatsapp/test-support.js";
import { createBackup } from "./backup.service.js";
import { filesUnder } from "./backup.test-support.js";
import { COUNTED_TABLES } from "./backup-manifest.js";
import { RestoreError, restoreBackup } from "./restore.service.js";

const URL = process.env.TEST_DATABASE_URL;

describe.skipIf(!URL)("backup and restore [postgres]: pg_dump, pg_restore and the files folder", () => {
  let t: TestServer;
  let schema: string;
  const restoredDb = `beedesk_restore_${randomToken(8).toLowerCase()}`;
  const restoredUrl = () => {
    const u = new globalThis.URL(URL as string);
    u.pathname = `/${restoredDb}`;
    return u.toString();
  };
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  const dirs: string[] = [];

  beforeAll(async () => {
    t = await startTestServer("postgres", { env: whatsappEnv() });
    schema = t.database.pgListen?.namespace as string;
    await admin(`create database ${restoredDb}`);
  });
  afterAll(async () => {
    await t.close();
    await admin(`drop database if exists ${restoredDb} with (force)`);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restores the database and the files into an empty database and folder, and refuses a second time", async () => {
    const world = await buildPortalWorld(t.server.ctx);
    for (let i = 0; i < 5; i++) {
      const res = await postWebhook(
        t.server,
        buildTextPayload({
          phoneNumberId: FIXTURE.presales.phoneNumberId,
          displayPhoneNumber: FIXTURE.presales.displayPhoneNumber,
          from: `3460200000${i}`,
          name: `Pg ${i}`,
          wamid: `wamid.PG${i}${randomToken(8)}`,
          text: i === 0 ? "postgres drill: una canción" : `postgres drill ${i}`,
          timestamp: new Date(),
        }),
      );
      expect(res.statusCode).toBe(200);
    }
    await localStorageFor(t.config.dataDir, "media").put("pg/photo.png", TINY_PNG);

    const archiveDir = tempDir("beedesk-archive-");
    dirs.push(archiveDir);
    const live: Config = { ...t.config, database: { kind: "postgres", url: URL as string } };
    const result = await createBackup(live, { out: path.join(archiveDir, "pg.tar.gz"), pgSchema: schema });
    expect(result.manifest.database).toBe("postgres");
    expect(result.manifest.databaseIncluded).toBe(true);
    expect(result.manifest.counts.messages).toBe(5);
    expect(result.manifest.counts.customers).toBeGreaterThanOrEqual(2);
    expect(result.manifest.entries.map((e) => e.path)).toEqual(
      expect.arrayContaining(["database/beedesk.pgdump", "files/media/pg/photo.png"]),
    );

    const parent = tempDir("beedesk-restore-");
    dirs.push(parent);
    const target: Config = {
      ...t.config,
      dataDir: path.join(parent, "data"),
      database: { kind: "postgres", url: restoredUrl() },
    };
    await restoreBackup(target, { archive: result.out, pgSchema: schema });
    expect(filesUnder(target.dataDir).get(path.join("media", "pg", "photo.png"))).toEqual(TINY_PNG);

    const server = new BeedeskServer(target, {
      db: openPostgres(restoredUrl(), { schema }),
      worker: false,
      pgListen: false,
      log: createLogger({ logLevel: "silent" }),
    });
    try {
      await server.prepare();
      for (const table of COUNTED_TABLES) {
        const rows = await server.ctx.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .execute();
        expect(Number(rows[0]?.n), table).toBe(result.manifest.counts[table]);
      }
      const cookie = await signInCookie(server, OWNER.email, OWNER.password);
      const customers = await server.app.inject({
        method: "GET",
        url: "/api/v1/customers",
        headers: { cookie },
      });
      expect(customers.body).toContain(world.alice.email);
      // Search, accents folded (search_fold() and the words index come back with the schema).
      const found = await server.app.inject({
        method: "GET",
        url: "/api/v1/conversations?q=cancion",
        headers: { cookie },
      });
      expect(found.json().data.map((c: { contact: { waId: string } }) => c.contact.waId)).toEqual([
        "34602000000",
      ]);
    } finally {
      await server.stop();
    }

    // A database that already holds beedesk is refused, even with an empty folder.
    const again: Config = { ...target, dataDir: path.join(parent, "again") };
    await expect(restoreBackup(again, { archive: result.out, pgSchema: schema })).rejects.toBeInstanceOf(
      RestoreError,
    );
    expect(fs.existsSync(again.dataDir)).toBe(false);
  });
});
