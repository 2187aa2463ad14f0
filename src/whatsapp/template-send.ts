import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import type { OutboundInput } from "./send.service.js";
import { bodyText, cleanParameter, fillTemplate, variableCount } from "./starter-templates.js";
import { findTemplate } from "./templates.repository.js";
import type { TemplateSend } from "./whatsapp.schema.js";

/**
 * An agent's template message: only an APPROVED template of the WABA (409 template_not_approved otherwise),
 * with exactly as many parameters as its body has variables (400). Allowed outside the 24-hour window.
 */
export async function templateOutbound(
  ctx: AppContext,
  conversationId: string,
  send: TemplateSend,
  sentByUserId: string,
): Promise<Extract<OutboundInput, { kind: "template" }>> {
  const template = await findTemplate(ctx.db.kysely, send.name, send.language);
  if (!template) {
    throw new AppError("template_not_approved", `There is no template ${send.name} in ${send.language}`);
  }
  if (template.status !== "APPROVED") {
    throw new AppError(
      "template_not_approved",
      `The template ${send.name} (${send.language}) is ${template.status.toLowerCase()}, not approved`,
    );
  }
  const body = bodyText(template.components);
  const count = variableCount(body);
  if (send.parameters.length !== count) {
    throw new AppError(
      "validation_failed",
      `The template ${send.name} takes ${count} parameter(s); ${send.parameters.length} given`,
    );
  }
  const parameters = send.parameters.map(cleanParameter);
  return {
    kind: "template",
    conversationId,
    sentByUserId,
    template: {
      name: template.name,
      languageCode: template.language,
      ...(count > 0 && {
        components: [{ type: "body", parameters: parameters.map((text) => ({ type: "text", text })) }],
      }),
    },
    text: fillTemplate(body, parameters),
  };
}
