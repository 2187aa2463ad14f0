import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger.js";
import { BeedeskServer } from "../server.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { OWNER, signInCookie, TestClock, tempDir, testConfig } from "../test/harness.js";
import { createUser } from "../users/users.service.js";
import { backupStatus, localMoment, scheduleBackup } from "./backup-schedule.js";

describe("localMoment", () => {
  it("reads the date and time in the vendor's time zone", () => {
    expect(localMoment(new Date("2026-11-25T22:00:00Z"), "Asia/Kolkata")).toEqual({
      date: "2026-11-26",
      time: "03:30",
    });
    expect(localMoment(new Date("2026-06-30T22:30:00Z"), "Europe/Madrid")).toEqual({
      date: "2026-07-01",
      time: "00:30",
    });
  });
});

describe("scheduled backups [sqlite]", () => {
  let server: BeedeskServer;
  let clock: TestClock;
  let folder: string;
  let dataDir: string;

  beforeEach(async () => {
    clock = new TestClock(new Date("2026-11-25T21:00:00Z")); // 02:30 in Asia/Kolkata
    const config = testConfig({ BEEDESK_ADMIN_EMAIL: OWNER.email, BEEDESK_ADMIN_PASSWORD: OWNER.password });
    dataDir = config.dataDir;
    folder = tempDir("beedesk-scheduled-");
    server = new BeedeskServer(config, {
      clock,
      worker: { idleMs: 20 },
      log: createLogger({ logLevel: "silent" }),
    });
    await server.prepare();
    const ctx = server.ctx;
    await updateSettings(
      ctx,
      "vendor",
      { ...(await getSettings(ctx)).vendor, timeZone: "Asia/Kolkata" },
      null,
    );
    await updateSettings(ctx, "backups", { enabled: true, time: "03:30", folder, keep: 2 }, null);
  });
  afterEach(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const archives = () =>
    fs
      .readdirSync(folder)
      .filter((f) => f.endsWith(".tar.gz"))
      .sort();

  it("runs once a day at the owner's time, keeps the newest archives, and shows the last result", async () => {
    const ctx = server.ctx;
    expect(await scheduleBackup(ctx)).toBe(false); // 02:30: not yet
    await server.worker!.drain();
    expect(archives()).toEqual([]);
    expect((await backupStatus(ctx)).last).toBeNull();

    for (let day = 0; day < 3; day++) {
      clock.set(new Date(Date.parse("2026-11-25T22:05:00Z") + day * 86_400_000).toISOString());
      expect(await scheduleBackup(ctx)).toBe(true);
      expect(await scheduleBackup(ctx)).toBe(true); // the same day's job, not a second one
      await server.worker!.drain();
    }
    expect(archives()).toEqual(["beedesk-20261126T220500Z.tar.gz", "beedesk-20261127T220500Z.tar.gz"]);
    const jobs = await ctx.db.kysely
      .selectFrom("jobs")
      .select("status")
      .where("type", "=", "backup.scheduled")
      .execute();
    expect(jobs.map((j) => j.status)).toEqual(["done", "done", "done"]);

    const cookie = await signInCookie(server);
    const status = await server.app.inject({
      method: "GET",
      url: "/api/v1/backups/status",
      headers: { cookie },
    });
    expect(status.json()).toMatchObject({
      enabled: true,
      time: "03:30",
      timeZone: "Asia/Kolkata",
      folder,
      last: { status: "ok", file: path.join(folder, "beedesk-20261127T220500Z.tar.gz"), error: null },
    });
    expect(status.json().last.bytes).toBe(fs.statSync(path.join(folder, archives()[1]!)).size);

    await createUser(ctx, {
      email: "agent@example.com",
      name: "Agent",
      role: "agent",
      password: "agent-password-1",
    });
    const agentCookie = await signInCookie(server, "agent@example.com", "agent-password-1");
    const refused = await server.app.inject({
      method: "GET",
      url: "/api/v1/backups/status",
      headers: { cookie: agentCookie },
    });
    expect(refused.statusCode).toBe(403);
  });

  it("a backup that cannot be written fails on Home and mails the owner once", async () => {
    const ctx = server.ctx;
    const blocker = path.join(folder, "not-a-folder");
    fs.writeFileSync(blocker, "x");
    await updateSettings(
      ctx,
      "backups",
      { enabled: true, time: "03:30", folder: path.join(blocker, "sub"), keep: 2 },
      null,
    );
    clock.set("2026-11-25T22:05:00Z");
    await scheduleBackup(ctx);
    for (let i = 0; i < 3; i++) {
      await server.worker!.drain();
      clock.advance(15 * 60_000); // past the retry's backoff
    }
    const status = await backupStatus(ctx);
    expect(status.last).toMatchObject({ status: "failed" });
    expect(status.last?.error).toMatch(/ENOTDIR|not a directory/);
    const mails = await ctx.db.kysely
      .selectFrom("mail_messages")
      .select(["to_address", "subject", "text_body"])
      .where("kind", "=", "backup.failed")
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to_address: OWNER.email,
      subject: "beedesk: the scheduled backup failed",
    });
    expect(mails[0]?.text_body).toContain("2026-11-26");
  });
});
