import { z } from "zod";
import { languageSchema, settingsSchema } from "../settings/settings.schema.js";
import { POLICY_TEXT_KEYS } from "./policy-text-keys.js";

/** The owner's wording of the automatic replies, per text and language (absent = the built-in text). */
export const textOverridesSchema = settingsSchema.shape.texts.shape.overrides;

const policyTextKeySchema = z.enum(POLICY_TEXT_KEYS);
const textsByKey = z.record(policyTextKeySchema, z.string());

/** A reply as WhatsApp shows it: text, reply buttons or a list. */
const replyContentView = z.union([
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

/** GET /api/v1/policy/texts */
export const policyTextsView = z.object({
  keys: z.array(policyTextKeySchema).readonly(),
  overrides: textOverridesSchema,
  defaults: z.object({ es: textsByKey, en: textsByKey }),
  placeholders: z.record(policyTextKeySchema, z.array(z.string()).readonly()),
});

/** POST /api/v1/policy/texts/preview */
export const policyPreviewView = z.object({
  previews: z.array(z.object({ name: z.string(), content: replyContentView })),
  problems: z.array(problemView),
});
