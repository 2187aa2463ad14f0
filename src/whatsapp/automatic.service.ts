import { findConversation } from "../inbox/inbox.public.js";
import { AppError } from "../platform/errors.js";
import type { TxContext } from "../platform/transaction.js";
import { type OutboundInput, queueHeld, queueOutbound } from "./send.service.js";
import {
  type AutomaticPurpose,
  bodyText,
  cleanParameter,
  fillTemplate,
  REPLY_WAITING,
  type StarterTemplate,
  starterFor,
  starterNamed,
  type TemplateVariable,
  variableCount,
} from "./starter-templates.js";
import { findTemplate, recordAutomatic, type TemplateRecord } from "./templates.repository.js";
import { windowState } from "./window.js";

// The one way beedesk's own messages (quotes, summaries, invoices, review links, reminders, ticket notices)
// reach a customer on WhatsApp. Inside the 24-hour window the message goes as it is. Outside it: the
// purpose's approved template goes instead, or the "reply waiting" template announces it and the message
// waits (status "held") until the customer answers; with no approved template it waits and the agent reads
// why in the thread. Nothing is dropped and nothing is shown as sent that was not.

export type AutomaticMessage = Exclude<OutboundInput, { kind: "read" | "template" | "reaction" }>;

export interface AutomaticInput {
  purpose: AutomaticPurpose;
  message: AutomaticMessage;
  /** Values for the template (customer name, amounts, links…); missing ones are filled with "-". */
  variables: Partial<Record<TemplateVariable, string>>;
  /** The customer's language; default: the contact's, else English. */
  language?: "es" | "en";
}

export interface AutomaticResult {
  /** sent: inside the window; template: a template went instead; held: the message waits for the window. */
  outcome: "sent" | "template" | "held";
  /** The message itself (held or queued); absent when a template went instead. */
  messageId?: string;
  /** The template message queued, if one was. */
  templateMessageId?: string;
  templateName?: string;
}

/** Held reasons, stored on the message and put in words for the agent (whatsapp locale, `held`). */
export type HeldReason = "announced" | "no_template";

export async function queueAutomatic(tx: TxContext, input: AutomaticInput): Promise<AutomaticResult> {
  const { message } = input;
  const conversation = await findConversation(tx.trx, message.conversationId);
  if (!conversation) throw new AppError("not_found", "Conversation not found");
  const now = tx.clock.now().toISOString();
  const record = (messageId: string, outcome: AutomaticResult["outcome"], templateName: string | null) =>
    recordAutomatic(tx.trx, {
      message_id: messageId,
      conversation_id: conversation.id,
      purpose: input.purpose,
      outcome,
      template_name: templateName,
      created_at: now,
      released_at: null,
    });

  if (windowState(conversation.lastInboundAt, tx.clock.now()).open) {
    const queued = await queueOutbound(tx, message);
    await record(queued.messageId!, "sent", null);
    return { outcome: "sent", messageId: queued.messageId! };
  }

  const contactLanguage = conversation.contact.language;
  const language = input.language ?? (contactLanguage === "es" ? "es" : "en");
  const own = starterFor(input.purpose);
  const ownTemplate = own ? await approvedTemplate(tx, own.name, language) : undefined;
  const starter = ownTemplate ? own : starterNamed(REPLY_WAITING);
  const template = ownTemplate ?? (await approvedTemplate(tx, REPLY_WAITING, language));

  let templateMessageId: string | undefined;
  if (template && starter) {
    const parameters = templateParameters(starter, template, input.variables);
    const queued = await queueOutbound(tx, {
      kind: "template",
      conversationId: conversation.id,
      sentByUserId: message.sentByUserId ?? null,
      ...(message.callbackData !== undefined && { callbackData: message.callbackData }),
      template: {
        name: template.name,
        languageCode: template.language,
        components: [{ type: "body", parameters: parameters.map((text) => ({ type: "text", text })) }],
      },
      text: fillTemplate(bodyText(template.components), parameters),
    });
    templateMessageId = queued.messageId!;
    await record(templateMessageId, "template", template.name);
    if (starter.mode === "instead") {
      return { outcome: "template", templateMessageId, templateName: template.name };
    }
  }
  const reason: HeldReason = template ? "announced" : "no_template";
  const messageId = await queueHeld(tx, message, `held:${reason}`);
  await record(messageId, "held", template?.name ?? null);
  return {
    outcome: "held",
    messageId,
    ...(templateMessageId && { templateMessageId, templateName: template?.name }),
  };
}

/** The approved template of that name in the customer's language, else in the other one. */
async function approvedTemplate(
  tx: TxContext,
  name: string,
  language: "es" | "en",
): Promise<TemplateRecord | undefined> {
  for (const lang of [language, language === "es" ? "en" : "es", language === "en" ? "en_US" : "es_ES"]) {
    const found = await findTemplate(tx.trx, name, lang);
    if (found?.status === "APPROVED") return found;
  }
  return undefined;
}

/** The template's variables in order, from the message's values; as many as the approved body has. */
function templateParameters(
  starter: StarterTemplate,
  template: TemplateRecord,
  variables: AutomaticInput["variables"],
): string[] {
  const count = variableCount(bodyText(template.components));
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const variable = starter.variables[i];
    values.push(cleanParameter((variable && variables[variable]) || ""));
  }
  return values;
}
