import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { catalogs } from "../platform/i18n/i18n.js";
import { languageSchema, settingsSchema } from "../settings/settings.schema.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { registerCatalogueRoutes } from "./catalogue/catalogue.routes.js";
import { policyPreviewView, policyTextsView, textOverridesSchema } from "./policy.schema.js";
import { POLICY_TEXT_KEYS } from "./policy-text-keys.js";
import { PLACEHOLDERS, previewTexts, validateTexts } from "./policy-texts.js";

export function registerPolicyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const publicUrl = ctx.config.publicUrl;
  registerCatalogueRoutes(app, deps);
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/policy/texts",
      summary:
        "The automatic replies: the owner's wording, the built-in texts and the placeholders each may use",
      tags: ["policy"],
      access: "agent",
      response: policyTextsView,
      handler: async () => {
        const settings = await getSettings(ctx);
        return {
          keys: POLICY_TEXT_KEYS,
          overrides: settings.texts.overrides,
          defaults: { es: catalogs.es.policy.replies, en: catalogs.en.policy.replies },
          placeholders: PLACEHOLDERS,
        };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/policy/texts/preview",
      summary: "Every automatic reply as a draft of the texts would send it, with any limit it breaks",
      tags: ["policy"],
      access: "owner",
      body: z.object({ overrides: textOverridesSchema, language: languageSchema }),
      response: policyPreviewView,
      handler: async ({ body }) => {
        const settings = await getSettings(ctx);
        return {
          previews: previewTexts(settings, body.overrides, publicUrl, body.language),
          problems: validateTexts(settings, body.overrides, publicUrl),
        };
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/api/v1/policy/texts",
      summary:
        "Save the owner's wording of the automatic replies (refused when a filled text breaks a limit)",
      tags: ["policy"],
      access: "owner",
      body: z.object({ overrides: textOverridesSchema }),
      response: settingsSchema.shape.texts,
      handler: async ({ body, user }) => {
        const settings = await getSettings(ctx);
        // Blank texts mean "use the built-in one": drop them so the stored settings stay small.
        const overrides = Object.fromEntries(
          Object.entries(body.overrides)
            .map(([key, v]) => [
              key,
              Object.fromEntries(
                Object.entries(v ?? {}).filter(([, t]) => typeof t === "string" && t.trim() !== ""),
              ),
            ])
            .filter(([, v]) => Object.keys(v as object).length > 0),
        );
        const problems = validateTexts(settings, overrides, publicUrl);
        if (problems.length > 0) {
          throw new AppError(
            "validation_failed",
            problems.map((p) => `${p.key} (${p.language}): ${p.message}`).join("; "),
            problems.map((p) => ({ path: `texts.${p.key}.${p.language}`, message: p.message })),
          );
        }
        return updateSettings(ctx, "texts", { overrides }, user.id);
      },
    }),
  ]);
}
