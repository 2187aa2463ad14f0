import { eraseBilling } from "../billing/billing-data.service.js";
import {
  anonymiseConversations,
  conversationsToAnonymise,
  deleteMediaFiles,
  dropOldConversationMedia,
} from "../inbox/contact-data.service.js";
import { listRecentAudit, recordAudit, scrubAuditDetails } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { latestJobOfType } from "../platform/outbox/outbox.public.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { deleteLanguagePin } from "../policy/policy.public.js";
import { getSettings } from "../settings/settings.service.js";
import { deleteAttachmentFiles, dropOldTicketAttachments } from "../tickets/ticket-data.service.js";
import type { RetentionRun, RetentionStatus } from "./privacy.schema.js";

// Retention (settings → retention): media and attachments of closed conversations and tickets go after N days;
// closed conversations are anonymised after M months, with the same erasure code as a customer's request. Work
// is done in small batches (each its own short transaction, files deleted after its commit), so the webhook's
// writes are never held up for long; each run leaves one audit entry with its counts, which the owner sees.

export const RETENTION_JOB = "privacy.retention";
const BATCH = 200;
const DAY_MS = 86_400_000;
const RUN_LOG = { subjectType: "retention", subjectId: "runs" } as const;

export type RetentionActor = { type: "system" } | { type: "user"; id: string };

/** `months` calendar months before `now` (UTC), the day clamped to the target month's last day. */
export function monthsBefore(now: Date, months: number): Date {
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  target.setUTCHours(now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds());
  return target;
}

/** Runs `batch` until it returns fewer than BATCH items; returns how many it handled in all. */
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < BATCH) return total;
  }
}

/** One retention run with the settings in force; logged in the audit trail and returned. */
export async function runRetention(ctx: AppContext, actor: RetentionActor): Promise<RetentionRun> {
  const { mediaDays, anonymiseMonths } = (await getSettings(ctx)).retention;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const run: RetentionRun = {
    at,
    by: actor.type === "user" ? "owner" : "schedule",
    mediaDays,
    anonymiseMonths,
    mediaFiles: 0,
    attachmentFiles: 0,
    conversations: 0,
    contacts: 0,
  };

  if (mediaDays > 0) {
    const cutoff = new Date(now.getTime() - mediaDays * DAY_MS).toISOString();
    run.mediaFiles = await inBatches(async () => {
      const keys = await inSharedTransaction(ctx, (tx) => dropOldConversationMedia(tx.trx, cutoff, BATCH));
      await deleteMediaFiles(ctx, keys);
      return keys.length;
    });
    run.attachmentFiles = await inBatches(async () => {
      const keys = await inSharedTransaction(ctx, (tx) => dropOldTicketAttachments(tx.trx, cutoff, BATCH));
      deleteAttachmentFiles(ctx, keys);
      return keys.length;
    });
  }

  if (anonymiseMonths > 0) {
    const cutoff = monthsBefore(now, anonymiseMonths).toISOString();
    run.conversations = await inBatches(async () => {
      const due = await conversationsToAnonymise(ctx, cutoff, BATCH);
      if (!due.length) return 0;
      const done = await inSharedTransaction(ctx, async (tx) => {
        const result = await anonymiseConversations(tx.trx, due, at);
        for (const contactId of result.contactIds) await deleteLanguagePin(tx.trx, contactId);
        const billing = await eraseBilling(tx.trx, { contactIds: result.contactIds });
        await scrubAuditDetails(tx.trx, [
          ...due.map((c) => c.id),
          ...result.contactIds,
          ...billing.engagementIds,
        ]);
        return result;
      });
      await deleteMediaFiles(ctx, done.mediaKeys);
      run.mediaFiles += done.mediaKeys.length;
      run.contacts += done.contactIds.length;
      return due.length;
    });
  }

  await inSharedTransaction(ctx, (tx) =>
    recordAudit(tx.trx, {
      actorType: actor.type,
      actorId: actor.type === "user" ? actor.id : null,
      action: "retention.run",
      ...RUN_LOG,
      details: { ...run },
      at,
    }),
  );
  ctx.log.info({ ...run }, "retention run");
  return run;
}

/** The settings in force, whether a run is waiting or under way, and the last runs (newest first). */
export async function retentionStatus(ctx: AppContext, limit = 10): Promise<RetentionStatus> {
  const { mediaDays, anonymiseMonths } = (await getSettings(ctx)).retention;
  const job = await latestJobOfType(ctx.db.kysely, RETENTION_JOB);
  const entries = await listRecentAudit(ctx.db.kysely, RUN_LOG.subjectType, RUN_LOG.subjectId, limit);
  return {
    mediaDays,
    anonymiseMonths,
    pending: job !== undefined && job.status !== "done" && job.status !== "dead",
    runs: entries.map((e) => ({ ...(e.details as Omit<RetentionRun, "at">), at: e.at })),
  };
}
