import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { inSharedTransaction } from "../platform/transaction.js";
import { readConnection, recordLastWebhook, writeConnection } from "./connect.repository.js";

// The credentials beedesk uses with the Cloud API: an environment variable wins (shown locked in the app);
// otherwise what the owner entered in Settings → WhatsApp (stored sealed); otherwise the configured default
// (the simulator's). Read often (every webhook, every send), so kept a few seconds in memory per process.

const CACHE_MS = 5_000;
/** How often a process writes the time of its latest webhook (the webhook path never waits for it). */
const WEBHOOK_NOTE_MS = 10_000;

export const CREDENTIAL_FIELDS = ["accessToken", "appSecret", "verifyToken", "businessAccountId"] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

export interface WhatsAppConnection {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  businessAccountId: string;
  /** Where each value comes from. */
  source: Record<CredentialField, "env" | "app" | "default">;
  webhookSubscribedAt: string | null;
  lastWebhookAt: string | null;
}

const cache = new WeakMap<AppContext, { at: number; value: WhatsAppConnection }>();
const webhookNotes = new WeakMap<AppContext, { latest: string; written: number }>();

/** The read in progress, shared by everyone who asks meanwhile. */
const reading = new WeakMap<AppContext, Promise<WhatsAppConnection>>();

export async function whatsappConnection(ctx: AppContext): Promise<WhatsAppConnection> {
  const cached = cache.get(ctx);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  // One read however many ask while it runs: webhooks arriving by the hundred when the entry expires would
  // otherwise each read the row (and take a pooled connection the group commit is waiting for).
  let pending = reading.get(ctx);
  if (!pending) {
    const read = readFresh(ctx);
    pending = read;
    reading.set(ctx, read);
    read.then(
      (value) => {
        // Not when forgotten meanwhile (the owner changed the credentials): the next call reads again.
        if (reading.get(ctx) !== read) return;
        reading.delete(ctx);
        cache.set(ctx, { at: Date.now(), value });
      },
      () => {
        if (reading.get(ctx) === read) reading.delete(ctx);
      },
    );
  }
  return pending;
}

async function readFresh(ctx: AppContext): Promise<WhatsAppConnection> {
  const row = await readConnection(ctx.db.kysely);
  const w = ctx.config.whatsapp;
  const open = (sealed: string | null | undefined) => (sealed ? ctx.secrets.decrypt(sealed) : undefined);
  const stored: Record<CredentialField, string | undefined> = {
    accessToken: open(row?.access_token_sealed),
    appSecret: open(row?.app_secret_sealed),
    verifyToken: open(row?.verify_token_sealed),
    businessAccountId: row?.business_account_id ?? undefined,
  };
  const value = {
    source: {} as WhatsAppConnection["source"],
    webhookSubscribedAt: row?.webhook_subscribed_at ?? null,
    lastWebhookAt: latest(row?.last_webhook_at ?? null, webhookNotes.get(ctx)?.latest ?? null),
  } as WhatsAppConnection;
  for (const field of CREDENTIAL_FIELDS) {
    const fromEnv = w.fromEnv[field];
    const own = stored[field];
    value[field] = fromEnv ? w[field] : (own ?? w[field]);
    value.source[field] = fromEnv ? "env" : own !== undefined ? "app" : "default";
  }
  return value;
}

export function forgetConnection(ctx: AppContext): void {
  cache.delete(ctx);
  reading.delete(ctx);
}

/**
 * Save what the owner entered: a field left out keeps its value, "" removes it. A field set in the
 * environment cannot be changed here (409).
 */
export async function saveConnection(
  ctx: AppContext,
  input: Partial<Record<CredentialField, string>>,
  by: string,
): Promise<WhatsAppConnection> {
  const values: Record<string, string | null> = {};
  for (const field of CREDENTIAL_FIELDS) {
    const given = input[field];
    if (given === undefined) continue;
    if (ctx.config.whatsapp.fromEnv[field] && given.trim() !== "") {
      throw new AppError("conflict", `${field} is set in the server's environment; change it there`);
    }
    const v = given.trim();
    if (field === "businessAccountId") {
      if (v !== "" && !/^\d{5,30}$/.test(v))
        throw new AppError("validation_failed", "The WhatsApp Business Account id is a number");
      values.business_account_id = v === "" ? null : v;
    } else {
      if (v.length > 1000) throw new AppError("validation_failed", `${field} is too long`);
      const column = {
        accessToken: "access_token_sealed",
        appSecret: "app_secret_sealed",
        verifyToken: "verify_token_sealed",
      }[field];
      values[column] = v === "" ? null : ctx.secrets.encrypt(v);
    }
  }
  await writeConnection(ctx.db.kysely, {
    ...values,
    updated_by: by,
    updated_at: ctx.clock.now().toISOString(),
  });
  forgetConnection(ctx);
  return whatsappConnection(ctx);
}

export async function markWebhookSubscribed(ctx: AppContext, at: string): Promise<void> {
  await writeConnection(ctx.db.kysely, { webhook_subscribed_at: at, updated_at: at });
  forgetConnection(ctx);
}

/**
 * A signed webhook arrived. Remembered in memory at once and written at most every few seconds, so the
 * webhook path costs no extra query (the status screen reads both).
 */
export function noteWebhook(ctx: AppContext): void {
  const at = ctx.clock.now().toISOString();
  const note = webhookNotes.get(ctx) ?? { latest: at, written: 0 };
  note.latest = latest(note.latest, at) ?? at;
  webhookNotes.set(ctx, note);
  const cached = cache.get(ctx);
  if (cached) cached.value.lastWebhookAt = latest(cached.value.lastWebhookAt, at);
  if (Date.now() - note.written < WEBHOOK_NOTE_MS) return;
  note.written = Date.now();
  // Through the shared transactions: on SQLite they take the write lock without blocking the thread while the
  // webhook's writer holds it.
  const latestAt = note.latest;
  void inSharedTransaction(ctx, (tx) => recordLastWebhook(tx.trx, latestAt)).catch((error) =>
    ctx.log.warn({ err: error }, "could not record the last webhook time"),
  );
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
