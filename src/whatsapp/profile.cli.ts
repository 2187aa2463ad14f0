import type { Config } from "../platform/config.js";
import { createContext } from "../platform/context-factory.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { isAppError } from "../platform/errors.js";
import { seedSettings } from "../settings/settings.service.js";
import { syncPresalesProfile } from "./profile.service.js";

/** `beedesk whatsapp profile sync`: push the presales "about" text from settings to WhatsApp. */
export async function whatsappCommand(args: string[], config: Config): Promise<number> {
  if (args[0] !== "profile" || args[1] !== "sync") {
    console.error("Usage: beedesk whatsapp profile sync");
    return 2;
  }
  const ctx = createContext(config);
  try {
    await migrateToLatest(ctx.db);
    await seedSettings(ctx);
    const result = await syncPresalesProfile(ctx);
    console.log(`Profile of number ${result.phoneNumberId} updated: "${result.about}"`);
    return 0;
  } catch (error) {
    console.error(isAppError(error) || error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await ctx.db.close();
  }
}
