import type { Settings } from "../../../settings/settings.schema.js";

export type AppSettings = Settings;
