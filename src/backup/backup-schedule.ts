import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { queueMail } from "../mail/mail.service.js";
import type { Config } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import { translate } from "../platform/i18n/i18n.js";
import { defineJob } from "../platform/outbox/job.js";
import { latestJobOfType } from "../platform/outbox/outbox.public.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { listOwners } from "../users/users.service.js";
import { createBackup } from "./backup.service.js";

// Scheduled backups: once a day at the owner's time (vendor's time zone), one job per local date whatever the
// number of processes (its dedupe key), run by a worker. Old archives beyond `keep` go after a success; a
// backup that fails its last attempt mails the owners.

export const BACKUP_JOB = "backup.scheduled";
const MAX_ATTEMPTS = 2;
const ARCHIVE = /^beedesk-\d{8}T\d{6}Z\.tar\.gz$/;

export function backupFolder(config: Config, folder: string): string {
  return folder || path.join(path.dirname(path.resolve(config.dataDir)), "beedesk-backups");
}

/** The local date and time (HH:MM) in a time zone. */
export function localMoment(now: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

/** Deletes the oldest archives beyond `keep` (only files named like ours). */
async function prune(folder: string, keep: number): Promise<string[]> {
  const archives = (await fs.promises.readdir(folder)).filter((f) => ARCHIVE.test(f)).sort();
  const old = archives.slice(0, Math.max(0, archives.length - keep));
  for (const name of old) await fs.promises.rm(path.join(folder, name), { force: true });
  return old;
}

async function notifyOwners(ctx: AppContext, date: string, folder: string, error: string): Promise<void> {
  const owners = await listOwners(ctx);
  await inSharedTransaction(ctx, async (tx) => {
    for (const owner of owners) {
      const lang = owner.language === "es" ? "es" : "en";
      const t = (key: Parameters<typeof translate>[1], params = {}) => translate(lang, key, params);
      await queueMail(tx, {
        kind: "backup.failed",
        to: owner.email,
        content: {
          lang,
          subject: t("backups.failedMail.subject"),
          heading: t("backups.failedMail.heading"),
          paragraphs: [t("backups.failedMail.body", { date, folder, error })],
          notes: [t("backups.failedMail.hint")],
          footer: "beedesk",
        },
      });
    }
  });
  ctx.outbox.wake();
}

export const backupJob = defineJob({
  type: BACKUP_JOB,
  payload: z.object({ date: z.string() }),
  maxAttempts: MAX_ATTEMPTS,
  handle: async ({ date }, run) => {
    const { ctx } = run;
    const settings = (await getSettings(ctx)).backups;
    const folder = backupFolder(ctx.config, settings.folder);
    try {
      await fs.promises.mkdir(folder, { recursive: true });
      const stamp = ctx.clock
        .now()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
      const started = Date.now();
      const result = await createBackup(ctx.config, { out: path.join(folder, `beedesk-${stamp}.tar.gz`) });
      const removed = await prune(folder, settings.keep);
      const summary = {
        file: result.out,
        bytes: result.bytes,
        durationMs: Date.now() - started,
        messages: result.manifest.counts.messages ?? 0,
        secretKey: result.manifest.secretKey,
        removed: removed.length,
      };
      ctx.log.info(summary, "scheduled backup written");
      return summary;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.log.error({ date, folder, error: message }, "scheduled backup failed");
      if (run.attempt >= MAX_ATTEMPTS) await notifyOwners(ctx, date, folder, message);
      throw error;
    }
  },
});

/** Enqueues today's backup once its time has come (a deduplicated insert: cheap to try every minute). */
export async function scheduleBackup(ctx: AppContext): Promise<boolean> {
  const settings = await getSettings(ctx);
  if (!settings.backups.enabled) return false;
  const local = localMoment(ctx.clock.now(), settings.vendor.timeZone);
  if (local.time < settings.backups.time) return false;
  await inSharedTransaction(ctx, (tx) =>
    tx.enqueue({
      type: BACKUP_JOB,
      payload: { date: local.date },
      dedupeKey: `${BACKUP_JOB}:${local.date}`,
    }),
  );
  ctx.outbox.wake();
  return true;
}

export function startBackupScheduler(ctx: AppContext): () => void {
  const tick = () =>
    scheduleBackup(ctx).catch((error: unknown) => ctx.log.error({ err: error }, "backup scheduling failed"));
  void tick();
  const timer = setInterval(tick, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

export interface BackupStatus {
  enabled: boolean;
  time: string;
  timeZone: string;
  folder: string;
  last: {
    status: "ok" | "failed" | "running";
    at: string;
    file: string | null;
    bytes: number | null;
    error: string | null;
  } | null;
}

export async function backupStatus(ctx: AppContext): Promise<BackupStatus> {
  const settings = await getSettings(ctx);
  const job = await latestJobOfType(ctx.db.kysely, BACKUP_JOB);
  let last: BackupStatus["last"] = null;
  if (job) {
    const result = job.result ? (JSON.parse(job.result) as { file?: string; bytes?: number }) : {};
    const status =
      job.status === "done" ? "ok" : job.status === "dead" || job.lastError ? "failed" : "running";
    last = {
      status,
      at: job.updatedAt,
      file: result.file ?? null,
      bytes: result.bytes ?? null,
      error: status === "failed" ? job.lastError : null,
    };
  }
  return {
    enabled: settings.backups.enabled,
    time: settings.backups.time,
    timeZone: settings.vendor.timeZone,
    folder: backupFolder(ctx.config, settings.backups.folder),
    last,
  };
}
