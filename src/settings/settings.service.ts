import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { defaultSettings } from "./settings.defaults.js";
import { readSettingRows, seedSettingRow, writeSettingRow } from "./settings.repository.js";
import { SETTINGS_KEYS, type Settings, type SettingsKey, settingsSchema } from "./settings.schema.js";

// Inside a transaction the settings are read on its connection (getSettings would read through ctx.db).
export { readSettingRows } from "./settings.repository.js";

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
    merged[key] = readSection(ctx, key, candidate as Record<string, unknown>, defaults[key]);
  }
  const value = Object.freeze(merged) as Settings;
  cache.set(ctx, { at: Date.now(), value });
  return value;
}

/** Problems already logged, so a stored bad value is reported once per process, not at every refresh. */
const reported = new WeakMap<AppContext, Set<string>>();

/**
 * A stored section as the rest of beedesk may use it. Values saved before today's checks (an unknown time
 * zone, "99:99", a javascript: link) must never take a page down: each invalid field falls back to its
 * default, with a warning naming it, and the rest of the section is kept.
 */
function readSection(
  ctx: AppContext,
  key: SettingsKey,
  candidate: Record<string, unknown>,
  fallback: Settings[SettingsKey],
): Settings[SettingsKey] {
  const schema = settingsSchema.shape[key];
  const first = schema.safeParse(candidate);
  if (first.success) return first.data;
  const fields = [...new Set(first.error.issues.map((i) => String(i.path[0] ?? "")))];
  const repaired = { ...candidate };
  for (const field of fields) repaired[field] = (fallback as Record<string, unknown>)[field];
  const second = schema.safeParse(repaired);
  const signature = `${key}:${JSON.stringify(first.error.issues.map((i) => [i.path, i.message]))}`;
  const seen = reported.get(ctx) ?? new Set<string>();
  reported.set(ctx, seen);
  if (!seen.has(signature)) {
    seen.add(signature);
    ctx.log.warn(
      {
        section: key,
        fields: second.success ? fields : ["*"],
        problems: first.error.issues.map((i) => i.message),
      },
      "stored settings are invalid; their defaults are used until an owner saves them again",
    );
  }
  return second.success ? second.data : fallback;
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
