import { queueMail } from "../mail/mail.service.js";
import type { AppContext } from "../platform/context.js";
import { type MessageKey, type Params, translate } from "../platform/i18n/i18n.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { getSettings } from "../settings/settings.service.js";
import { listOwners } from "../users/users.service.js";
import { agentReadableReason } from "./graph-response.js";
import { claimNotice } from "./notices.repository.js";

// The owners hear by mail when the WhatsApp account needs them, not only when they look at Home: a number
// flagged or its limit lowered, a template Meta rejected or paused, sends refused for a reason only the owner
// can fix (the token, a permission, the account). Each problem mails once per period, however often it recurs.

export const NOTICE_PERIOD_MS = 6 * 3600_000;

export type OwnerNotice =
  | {
      kind: "quality";
      phoneNumberId: string;
      role: "presales" | "premium" | null;
      number: string;
      event: "FLAGGED" | "DOWNGRADE";
      tier: string | null;
    }
  | { kind: "template"; name: string; language: string; status: string; reason: string | null }
  | { kind: "sends"; role: "presales" | "premium"; code: number };

/**
 * Send errors only the owner can fix: the token (190), a permission (10, 200), the account locked, blocked
 * or unpaid (131031, 368, 131042), the number not registered (133010, 131045).
 */
const OWNER_CODES = new Set([190, 10, 200, 131031, 368, 131042, 133010, 131045]);

export function needsOwner(code: number | null): code is number {
  return code !== null && OWNER_CODES.has(code);
}

function keyOf(n: OwnerNotice): string {
  if (n.kind === "quality") return `quality:${n.phoneNumberId}:${n.event}`;
  if (n.kind === "template") return `template:${n.name}:${n.language}:${n.status}`;
  return `sends:${n.role}:${n.code}`;
}

function words(n: OwnerNotice, lang: "es" | "en"): { what: string; body: string } {
  const t = (key: MessageKey, params: Params = {}) => translate(lang, key, params);
  if (n.kind === "quality") {
    const role = n.role ? t(`whatsapp.roles.${n.role}`) : n.number;
    return {
      what: t("whatsapp.notices.quality.what", { role }),
      body: t(`whatsapp.notices.quality.${n.event}`, { role, number: n.number, tier: n.tier ?? "-" }),
    };
  }
  if (n.kind === "template") {
    const params = { name: n.name, language: n.language, status: n.status };
    return {
      what: t("whatsapp.notices.template.what", params),
      body: t("whatsapp.notices.template.body", { ...params, reason: n.reason ? ` (${n.reason})` : "" }),
    };
  }
  return {
    what: t("whatsapp.notices.sends.what"),
    body: t("whatsapp.notices.sends.body", {
      role: t(`whatsapp.roles.${n.role}`),
      code: n.code,
      reason: agentReadableReason(n.code, lang),
    }),
  };
}

/** Mails every owner about the problem unless it was mailed in the last period. True when mail was queued. */
export async function noticeOwners(ctx: AppContext, notice: OwnerNotice): Promise<boolean> {
  const kind = `whatsapp.notice.${notice.kind}`;
  const relatedId = keyOf(notice);
  const [owners, settings] = await Promise.all([listOwners(ctx), getSettings(ctx)]);
  if (owners.length === 0) return false;
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - NOTICE_PERIOD_MS).toISOString();
  if (!(await claimNotice(ctx.db.kysely, { key: relatedId, now: now.toISOString(), cutoff }))) return false;
  await inSharedTransaction(ctx, async (tx) => {
    for (const owner of owners) {
      const lang = owner.language === "es" ? "es" : "en";
      const { what, body } = words(notice, lang);
      await queueMail(tx, {
        kind,
        to: owner.email,
        related: { type: "whatsapp", id: relatedId },
        content: {
          lang,
          subject: translate(lang, "whatsapp.notices.subject", { what }),
          heading: translate(lang, "whatsapp.notices.heading"),
          paragraphs: [body],
          action: {
            label: translate(lang, "whatsapp.notices.action"),
            url: `${tx.config.publicUrl}/app/settings#whatsapp`,
          },
          footer: translate(lang, "whatsapp.notices.footer", { vendor: settings.vendor.name }),
        },
      });
    }
  });
  ctx.outbox.wake();
  return true;
}

/** A notice that never fails the work that found the problem (a webhook, a send): a lost notice is logged. */
export async function tryNoticeOwners(ctx: AppContext, notice: OwnerNotice): Promise<void> {
  try {
    await noticeOwners(ctx, notice);
  } catch (error) {
    ctx.log.error({ err: error, notice: notice.kind }, "could not mail the owners a WhatsApp notice");
  }
}
