import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { SETTINGS_KEYS, settingsSchema } from "./settings.schema.js";
import { getSettings, updateSettings } from "./settings.service.js";

/** PUT answers the section as saved: one of the settings' sections. */
const [firstSection, ...otherSections] = SETTINGS_KEYS.map((key) => settingsSchema.shape[key]);
const settingsSectionView = z.union([firstSection!, ...otherSections]);

export function registerSettingsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/settings",
      summary: "All settings",
      tags: ["settings"],
      access: "agent",
      response: settingsSchema,
      handler: async () => getSettings(ctx),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/v1/settings/:section",
      summary: "Replace one settings section (owner only)",
      tags: ["settings"],
      access: "owner",
      params: z.object({ section: z.enum(SETTINGS_KEYS as [string, ...string[]]) }),
      body: z.record(z.string(), z.unknown()),
      response: settingsSectionView,
      handler: async ({ params, body, user }) =>
        updateSettings(ctx, params.section as (typeof SETTINGS_KEYS)[number], body, user.id),
    }),
  ]);
}
