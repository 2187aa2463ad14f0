import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe } from "vitest";
import type { Clock } from "../platform/clock.js";
import { type Config, parseConfig } from "../platform/config.js";
import { type Db, openPostgres, openSqlite } from "../platform/db/database.js";
import { randomToken } from "../platform/ids.js";
import { createLogger } from "../platform/logger.js";
import { BeedeskServer, type ServerOptions } from "../server.js";
import type { Settings } from "../settings/settings.schema.js";
import { readSettingRows } from "../settings/settings.service.js";

export type TestDialect = "sqlite" | "postgres";

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The dialects database tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: TestDialect[] = TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];

/** describe() once per dialect. */
export function describeEachDatabase(name: string, body: (dialect: TestDialect) => void): void {
  for (const dialect of DIALECTS) describe(`${name} [${dialect}]`, () => body(dialect));
}

export function tempDir(prefix = "beedesk-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({
    BEEDESK_DATA_DIR: tempDir(),
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    PUBLIC_URL: "http://127.0.0.1:3999",
    // Tests of the payment-link template run without the simulator's card checkout; Stripe tests turn it on.
    BEEDESK_STRIPE_SIMULATOR: "off",
    ...env,
  });
}

export interface TestDatabase {
  db: Db;
  /** For PostgreSQL: the LISTEN/NOTIFY settings of this database's schema. */
  pgListen?: { url: string; namespace: string };
  /** Drop the database (PostgreSQL schema or SQLite folder). */
  cleanup(): Promise<void>;
  /** Open another connection to the same database (for multi-process style tests). */
  reopen(): Db;
}

/** A fresh, empty database: a SQLite file in a temp folder, or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = tempDir();
    const file = path.join(dir, "test.sqlite");
    const db = openSqlite(file);
    return {
      db,
      reopen: () => openSqlite(file),
      cleanup: async () => {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const schema = `t_${randomToken(12)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openPostgres(TEST_DATABASE_URL, { schema, poolSize: 6 });
  return {
    db,
    pgListen: { url: TEST_DATABASE_URL, namespace: schema },
    reopen: () => openPostgres(TEST_DATABASE_URL, { schema, poolSize: 6 }),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export interface TestServer {
  server: BeedeskServer;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export interface TestServerOptions extends Omit<ServerOptions, "db"> {
  env?: Record<string, string>;
  clock?: Clock;
}

/** A prepared (migrated, seeded) beedesk on a fresh database; requests go through app.inject(). */
export async function startTestServer(
  dialect: TestDialect,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const config = testConfig({
    BEEDESK_ADMIN_EMAIL: OWNER.email,
    BEEDESK_ADMIN_PASSWORD: OWNER.password,
    ...options.env,
  });
  const server = new BeedeskServer(config, {
    worker: { idleMs: 50 },
    pgListen: database.pgListen ?? false,
    ...options,
    db: database.db,
    log: options.log ?? createLogger({ logLevel: "silent" }),
  });
  await server.prepare();
  return {
    server,
    database,
    config,
    close: async () => {
      await server.stop();
      await database.cleanup();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The settings section `key` as stored (its row, not the defaults the service fills in): what a save wrote. */
export async function storedSetting<K extends keyof Settings>(t: TestServer, key: K): Promise<Settings[K]> {
  const value = (await readSettingRows(t.database.db.kysely)).get(key);
  if (value === undefined) throw new Error(`No stored settings row "${key}"`);
  return value as Settings[K];
}

export const OWNER = { email: "owner@example.com", password: "owner-password-1" };

/** Sign in through the real route and return the cookie header to send. */
export async function signInCookie(
  server: BeedeskServer,
  email = OWNER.email,
  password = OWNER.password,
): Promise<string> {
  const res = await server.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "beedesk_session");
  if (!cookie) throw new Error("no session cookie");
  return `beedesk_session=${cookie.value}`;
}

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date("2026-11-25T10:00:00Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
