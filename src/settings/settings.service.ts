import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { defaultSettings } from "./settings.defaults.js";
import { readSettingRows, seedSettingRow, writeSettingRow } from "./settings.repository.js";
import { SETTINGS_KEYS, type Settings, type SettingsKey, settingsSchema } from "./settings.schema.js";

// Settings are read on hot paths (every webhook); a short cache keeps them cheap while other
// processes' changes still show within a second.
const CACHE_MS = 1000;
const cache = new WeakMap<AppContext, { at: number; value: Settings }>();

export async function getSettings(ctx: AppContext): Promise<Settings> {
  const cached = cache.get(ctx);
  const now = Date.now();
  if (cached && now - cached.at < CACHE_MS) return cached.value;
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
  cache.set(ctx, { at: now, value });
  return value;
}

/** Write the policy's defaults for every section that has never been saved. */
export async function seedSettings(ctx: AppContext): Promise<void> {
  const defaults = defaultSettings(ctx.config);
  const at = ctx.clock.now().toISOString();
  for (const key of SETTINGS_KEYS) await seedSettingRow(ctx.db.kysely, key, defaults[key], at);
  cache.delete(ctx);
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
  cache.delete(ctx);
  return parsed.data as Settings[K];
}
