import type { AppContext } from "../platform/context.js";
import { translate } from "../platform/i18n/i18n.js";
import { getSettings } from "../settings/settings.service.js";
import { GraphUnreachableError } from "./cloud-api.js";
import { findNumberByDisplay, listNumberRows, type NumberRow, writeNumber } from "./connect.repository.js";
import { markWebhookSubscribed, whatsappConnection } from "./connection.service.js";
import { countFailedSince } from "./delivery.repository.js";
import { readPhoneNumber, readSubscribed, subscribeApp } from "./graph-account.js";
import { type GraphProblem, graphProblem } from "./graph-words.js";
import { tryNoticeOwners } from "./owner-notices.js";
import { type ProfileFields, profileMismatch, wantedProfile } from "./profile.service.js";
import { cloudApi } from "./send.jobs.js";
import type { NumberStatusView, WhatsAppStatusView } from "./whatsapp.schema.js";

// The connection's health: what WhatsApp says about each number (Test connection reads it from the Graph API;
// phone_number_quality_update webhooks change it), the webhook subscription, the last webhook, and the sends
// that failed in the last hour. The owner sees it in Settings → WhatsApp and on Home.

type Lang = "es" | "en";
const ROLES = ["presales", "premium"] as const;
const HOUR_MS = 60 * 60 * 1000;

export async function whatsappStatus(ctx: AppContext, lang: Lang): Promise<WhatsAppStatusView> {
  const [settings, rows, connection] = await Promise.all([
    getSettings(ctx),
    listNumberRows(ctx.db.kysely),
    whatsappConnection(ctx),
  ]);
  const since = new Date(ctx.clock.now().getTime() - HOUR_MS).toISOString();
  const failed = await countFailedSince(ctx.db.kysely, since);
  const numbers = ROLES.map((role): NumberStatusView => {
    const id = settings.channels[role].phoneNumberId;
    const row = rows.find((r) => r.phone_number_id === id);
    const expectedAbout = role === "presales" ? settings.channels.presalesAbout : null;
    const about = row?.about ?? null;
    return {
      role,
      phoneNumberId: id,
      displayPhoneNumber: row?.display_phone_number ?? null,
      verifiedName: row?.verified_name ?? null,
      qualityRating: row?.quality_rating ?? null,
      messagingLimitTier: row?.messaging_limit_tier ?? null,
      nameStatus: row?.name_status ?? null,
      webhookSubscribed: connection.webhookSubscribedAt !== null,
      about,
      aboutSynced: expectedAbout === null ? true : about === expectedAbout,
      profileMismatch: profileMismatch(wantedProfile(settings, role), shownProfile(row?.profile ?? null)),
      error: row?.error_message != null ? { code: row.error_code ?? null, message: row.error_message } : null,
      checkedAt: row?.checked_at ?? null,
      qualityEvent: row?.quality_event ?? null,
      qualityEventAt: row?.quality_event_at ?? null,
      failedSendsLastHour: failed.get(id) ?? 0,
    };
  });
  return {
    numbers,
    lastWebhookAt: connection.lastWebhookAt,
    problems: problemsOf(numbers, lang),
    steps: stepsLeft(numbers, connection, lang),
    simulator: ctx.config.simulator,
  };
}

type Words = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => string;
const wordsIn =
  (lang: Lang): Words =>
  (key, params = {}) =>
    translate(lang, key, params);

/** What is broken now: a number Meta refuses, a poor quality rating, sends failing. */
function problemsOf(numbers: NumberStatusView[], lang: Lang): string[] {
  const t = wordsIn(lang);
  const problems: string[] = [];
  for (const n of numbers) {
    const role = t(`whatsapp.roles.${n.role}`);
    if (n.error) problems.push(t("whatsapp.problems.number", { role, message: n.error.message }));
    if (n.qualityRating === "RED" || n.qualityRating === "YELLOW")
      problems.push(t("whatsapp.problems.quality", { role, rating: n.qualityRating }));
    if (n.failedSendsLastHour > 0)
      problems.push(t("whatsapp.problems.failing", { role, count: n.failedSendsLastHour }));
  }
  return problems;
}

/**
 * Setup still to do. A missing subscription is only worth a word while no webhook has arrived: a signed webhook
 * proves WhatsApp already delivers to this desk (the simulator delivers from the start).
 */
function stepsLeft(
  numbers: NumberStatusView[],
  connection: { businessAccountId: string; lastWebhookAt: string | null },
  lang: Lang,
): string[] {
  const t = wordsIn(lang);
  if (connection.businessAccountId === "") return [t("whatsapp.steps.noWaba")];
  if (connection.lastWebhookAt === null && numbers.some((n) => !n.webhookSubscribed))
    return [t("whatsapp.steps.notSubscribed")];
  return [];
}

/** Reads every number from the Graph API (and the subscription) and keeps what it learned or what failed. */
export async function testConnection(ctx: AppContext, lang: Lang): Promise<WhatsAppStatusView> {
  const settings = await getSettings(ctx);
  const api = cloudApi(ctx);
  const now = ctx.clock.now().toISOString();
  for (const role of ROLES) {
    const id = settings.channels[role].phoneNumberId;
    let problem: GraphProblem | undefined;
    try {
      const { answer, info } = await readPhoneNumber(api, id);
      if (info) {
        const profile = await api.getBusinessProfile(id);
        await writeNumber(ctx.db.kysely, id, {
          display_phone_number: info.displayPhoneNumber,
          verified_name: info.verifiedName,
          quality_rating: info.qualityRating,
          messaging_limit_tier: info.messagingLimitTier,
          name_status: info.nameStatus,
          about: profile.profile?.about ?? null,
          profile: profile.profile ? JSON.stringify(profile.profile) : null,
          error_code: null,
          error_message: null,
          checked_at: now,
          updated_at: now,
        });
        continue;
      }
      problem = graphProblem(answer, lang, id);
    } catch (error) {
      if (!(error instanceof GraphUnreachableError)) throw error;
      problem = {
        code: null,
        message: translate(lang, "whatsapp.errors.unreachable", { detail: error.message }),
      };
    }
    await writeNumber(ctx.db.kysely, id, {
      error_code: problem.code,
      error_message: problem.message,
      checked_at: now,
      updated_at: now,
    });
  }
  const waba = (await whatsappConnection(ctx)).businessAccountId;
  if (waba) {
    try {
      const { subscribed } = await readSubscribed(api, waba);
      if (subscribed === true && (await whatsappConnection(ctx)).webhookSubscribedAt === null)
        await markWebhookSubscribed(ctx, now);
    } catch (error) {
      if (!(error instanceof GraphUnreachableError)) throw error;
    }
  }
  return whatsappStatus(ctx, lang);
}

/** POST /{waba-id}/subscribed_apps; a refusal comes back in words with Meta's code. */
export async function subscribeWebhooks(
  ctx: AppContext,
  lang: Lang,
): Promise<{ subscribed: boolean; businessAccountId: string; problem?: GraphProblem }> {
  const waba = (await whatsappConnection(ctx)).businessAccountId;
  if (!waba)
    return {
      subscribed: false,
      businessAccountId: "",
      problem: { code: null, message: translate(lang, "whatsapp.steps.noWaba") },
    };
  try {
    const answer = await subscribeApp(cloudApi(ctx), waba);
    if (answer.status >= 200 && answer.status < 300) {
      await markWebhookSubscribed(ctx, ctx.clock.now().toISOString());
      return { subscribed: true, businessAccountId: waba };
    }
    return { subscribed: false, businessAccountId: waba, problem: graphProblem(answer, lang, waba) };
  } catch (error) {
    if (!(error instanceof GraphUnreachableError)) throw error;
    return {
      subscribed: false,
      businessAccountId: waba,
      problem: {
        code: null,
        message: translate(lang, "whatsapp.errors.unreachable", { detail: error.message }),
      },
    };
  }
}

export interface QualityUpdate {
  displayPhoneNumber: string;
  event: string;
  currentLimit: string | null;
}

/** FLAGGED: quality dropped to low; UNFLAGGED: back to high; UPGRADE/DOWNGRADE: a new messaging limit. */
export async function applyQualityUpdate(ctx: AppContext, update: QualityUpdate): Promise<void> {
  const settings = await getSettings(ctx);
  const digits = update.displayPhoneNumber.replace(/\D/g, "");
  const known: NumberRow | undefined = await findNumberByDisplay(ctx.db.kysely, update.displayPhoneNumber);
  const role = ROLES.find((r) => settings.channels[r].displayNumber.replace(/\D/g, "") === digits);
  const id = known?.phone_number_id ?? (role ? settings.channels[role].phoneNumberId : undefined);
  if (!id) {
    ctx.log.warn({ display: update.displayPhoneNumber }, "quality update for a number beedesk does not use");
    return;
  }
  const now = ctx.clock.now().toISOString();
  const quality = update.event === "FLAGGED" ? "RED" : update.event === "UNFLAGGED" ? "GREEN" : undefined;
  await writeNumber(ctx.db.kysely, id, {
    ...(quality && { quality_rating: quality }),
    ...(update.currentLimit && { messaging_limit_tier: update.currentLimit }),
    ...(!known && { display_phone_number: update.displayPhoneNumber }),
    quality_event: update.event,
    quality_event_at: now,
    updated_at: now,
  });
  ctx.events.publish({
    type: "whatsapp.health",
    audience: "agents",
    data: { phoneNumberId: id, event: update.event },
  });
  if (update.event === "FLAGGED" || update.event === "DOWNGRADE") {
    const ownRole = ROLES.find((r) => settings.channels[r].phoneNumberId === id) ?? role ?? null;
    await tryNoticeOwners(ctx, {
      kind: "quality",
      phoneNumberId: id,
      role: ownRole,
      number: update.displayPhoneNumber,
      event: update.event,
      tier: update.currentLimit ?? null,
    });
  }
}

function shownProfile(json: string | null): ProfileFields | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as ProfileFields;
  } catch {
    return null;
  }
}
