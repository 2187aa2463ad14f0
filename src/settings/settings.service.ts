import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { defaultSettings } from "./settings.defaults.js";
import { readSettingRows, seedSettingRow, writeSettingRow } from "./settings.repository.js";
import { SETTINGS_KEYS, type Settings, type SettingsKey, settingsSchema } from "./settings.schema.js";

// Settings are read on hot paths (every webhook), sometimes inside a transaction. Once loaded they are
// served from memory and refreshed in the background when older than a second, so a read never waits
// for the database connection (on SQLite a transaction holds the only one: waiting would deadlock), and
// other processes' changes still show within about a second.
const CACHE_MS = 1000;
interface CacheEntry {
  at: number;
  value: Settings;
  refreshing?: Promise<Settings>;
}
const cache = new WeakMap<AppContext, CacheEntry>();

export async function getSettings(ctx: AppContext): Promise<Settings> {
  const cached = cache.get(ctx);
  if (!cached) return loadSettings(ctx);
  if (Date.now() - cached.at >= CACHE_MS && !cached.refreshing) {
    cached.refreshing = loadSettings(ctx).catch((error: unknown) => {
      ctx.log.warn({ err: error }, "settings refresh failed; serving the last known settings");
      cached.refreshing = undefined;
      return cached.value;
    });
  }
  return cached.value;
}

async function loadSettings(ctx: AppContext): Promise<Settings> {
  const rows = await readSettingRows(ctx.db.kysely);
  const defaults = defaultSettings(ctx.config);
  const merged: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) {
    const stored = rows.get(key);
    const candidate = stored && typeof stored === "object" ? { ...defaults[key], ...stored } : defaults[key];
    const parsed = settingsSchema.shape[key].safeParse(candidate);
    merged[key] = parsed.success ? parsed.data : defaults[key];
  }
  const value = Object.freeze(merged) as Settings;
  cache.set(ctx, { at: Date.now(), value });
  return value;
}

/** Write the policy's defaults for every section that has never been saved. */
export async function seedSettings(ctx: AppContext): Promise<void> {
  const defaults = defaultSettings(ctx.config);
  const at = ctx.clock.now().toISOString();
  for (const key of SETTINGS_KEYS) await seedSettingRow(ctx.db.kysely, key, defaults[key], at);
  await loadSettings(ctx);
}

export async function updateSettings<K extends SettingsKey>(
  ctx: AppContext,
  key: K,
  value: unknown,
  by: string | null,
): Promise<Settings[K]> {
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      "validation_failed",
      `Invalid ${key} settings`,
      parsed.error.issues.map((i) => ({ path: [key, ...i.path].join("."), message: i.message })),
    );
  }
  await writeSettingRow(ctx.db.kysely, key, parsed.data, by, ctx.clock.now().toISOString());
  await loadSettings(ctx);
  return parsed.data as Settings[K];
}
