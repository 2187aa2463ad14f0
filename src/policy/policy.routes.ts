import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { catalogs } from "../platform/i18n/i18n.js";
import { LANGUAGES, languageSchema, settingsSchema } from "../settings/settings.schema.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import { POLICY_TEXT_KEYS } from "./policy-text-keys.js";
import { PLACEHOLDERS, previewTexts, validateTexts } from "./policy-texts.js";

const overridesSchema = settingsSchema.shape.texts.shape.overrides;

const contentView = z.union([
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({
    kind: z.literal("buttons"),
    body: z.string(),
    buttons: z.array(z.object({ id: z.string(), title: z.string() })),
  }),
  z.object({
    kind: z.literal("list"),
    body: z.string(),
    button: z.string(),
    sections: z.array(
      z.object({
        title: z.string().optional(),
        rows: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().optional() })),
      }),
    ),
  }),
]);
const problemView = z.object({ key: z.string(), language: languageSchema, message: z.string() });

export function registerPolicyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const publicUrl = ctx.config.publicUrl;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/policy/texts",
      summary:
        "The automatic replies: the owner's wording, the built-in texts and the placeholders each may use",
      tags: ["policy"],
      access: "agent",
      handler: async () => {
        const settings = await getSettings(ctx);
        return {
          keys: POLICY_TEXT_KEYS,
          overrides: settings.texts.overrides,
          defaults: Object.fromEntries(LANGUAGES.map((l) => [l, catalogs[l].policy.replies])),
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
      body: z.object({ overrides: overridesSchema, language: languageSchema }),
      response: z.object({
        previews: z.array(z.object({ name: z.string(), content: contentView })),
        problems: z.array(problemView),
      }),
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
      body: z.object({ overrides: overridesSchema }),
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
