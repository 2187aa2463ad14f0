import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import { inTransaction } from "../platform/transaction.js";
import type { GraphAnswer } from "./cloud-api.js";
import { GraphUnreachableError } from "./cloud-api.js";
import { whatsappConnection } from "./connection.service.js";
import { fetchTemplates, type NewTemplate, submitTemplate } from "./graph-account.js";
import { graphProblem } from "./graph-words.js";
import { tryNoticeOwners } from "./owner-notices.js";
import { cloudApi } from "./send.jobs.js";
import {
  bodyText,
  STARTER_TEMPLATES,
  starterComponents,
  starterNamed,
  variableCount,
} from "./starter-templates.js";
import {
  deleteTemplatesExcept,
  findTemplate,
  listTemplates,
  setTemplateStatus,
  type TemplateRecord,
  upsertTemplate,
} from "./templates.repository.js";
import type { CreateTemplateInput, TemplateView } from "./whatsapp.schema.js";

// The WABA's message templates: synced from Meta, created and submitted from beedesk (the starter set with one
// click), and their review followed by the message_template_status_update webhook.

type Lang = "es" | "en";

export function presentTemplate(t: TemplateRecord): TemplateView {
  const body = bodyText(t.components);
  return {
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    components: t.components,
    rejectedReason: t.rejectedReason,
    body,
    variableCount: variableCount(body),
    starter: starterNamed(t.name) !== undefined,
    updatedAt: t.updatedAt,
  };
}

export async function templateViews(ctx: AppContext): Promise<TemplateView[]> {
  return (await listTemplates(ctx.db.kysely)).map(presentTemplate);
}

async function wabaId(ctx: AppContext): Promise<string> {
  const id = (await whatsappConnection(ctx)).businessAccountId;
  if (!id) {
    throw new AppError(
      "invalid_state",
      "Set the WhatsApp Business Account id (WHATSAPP_BUSINESS_ACCOUNT_ID) in Settings → WhatsApp first",
    );
  }
  return id;
}

/** A Graph call for the account; unreachable → 503, refused → 422 with Meta's code in words. */
async function graphCall<T extends { answer: GraphAnswer }>(
  lang: Lang,
  subject: string,
  call: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await call();
  } catch (error) {
    if (error instanceof GraphUnreachableError) throw new AppError("unavailable", error.message);
    throw error;
  }
  const { status } = result.answer;
  if (status < 200 || status >= 300) {
    const problem = graphProblem(result.answer, lang, subject);
    throw new AppError("whatsapp_rejected", problem.message, { metaCode: problem.code });
  }
  return result;
}

/** GET /{waba-id}/message_templates: the local list becomes exactly Meta's. */
export async function syncTemplates(ctx: AppContext, lang: Lang): Promise<TemplateView[]> {
  const waba = await wabaId(ctx);
  const { templates } = await graphCall(lang, waba, () => fetchTemplates(cloudApi(ctx), waba));
  if (!templates) throw new AppError("unavailable", "WhatsApp answered without a template list");
  const existing = new Map((await listTemplates(ctx.db.kysely)).map((t) => [`${t.name}:${t.language}`, t]));
  const now = ctx.clock.now().toISOString();
  const keep: string[] = [];
  await inTransaction(ctx, async (tx) => {
    for (const t of templates) {
      const id = existing.get(`${t.name}:${t.language}`)?.id ?? newId();
      keep.push(id);
      await upsertTemplate(tx.trx, { ...t, id, metaId: t.id, updatedAt: now });
    }
    await deleteTemplatesExcept(tx.trx, keep);
  });
  return templateViews(ctx);
}

/** Checks the body's variables: {{1}}…{{n}} in order, not first or last, one example each. */
function checkBody(input: CreateTemplateInput): void {
  const count = variableCount(input.body);
  const used = [...input.body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1]));
  for (let n = 1; n <= count; n++) {
    if (!used.includes(n))
      throw new AppError("validation_failed", `The body uses {{${count}}} but not {{${n}}}`);
  }
  const trimmed = input.body.trim();
  if (count > 0 && (/^\{\{\s*\d+\s*\}\}/.test(trimmed) || /\{\{\s*\d+\s*\}\}$/.test(trimmed))) {
    throw new AppError(
      "validation_failed",
      "WhatsApp refuses a template that starts or ends with a variable",
    );
  }
  if (input.examples.length !== count) {
    throw new AppError(
      "validation_failed",
      `Give one example per variable: the body has ${count}, the examples ${input.examples.length}`,
    );
  }
}

/** POST /{waba-id}/message_templates: submitted for review; stored with Meta's answer (usually PENDING). */
export async function createTemplate(
  ctx: AppContext,
  input: CreateTemplateInput,
  lang: Lang,
): Promise<TemplateView> {
  checkBody(input);
  const components: unknown[] = [
    {
      type: "BODY",
      text: input.body,
      ...(input.examples.length > 0 && { example: { body_text: [input.examples] } }),
    },
  ];
  if (input.footer?.trim()) components.push({ type: "FOOTER", text: input.footer.trim() });
  return submit(
    ctx,
    { name: input.name, language: input.language, category: input.category, components },
    lang,
  );
}

async function submit(ctx: AppContext, template: NewTemplate, lang: Lang): Promise<TemplateView> {
  const waba = await wabaId(ctx);
  const startedAt = ctx.clock.now().toISOString();
  const answer = await graphCall(lang, waba, () => submitTemplate(cloudApi(ctx), waba, template));
  const now = ctx.clock.now().toISOString();
  const existing = await findTemplate(ctx.db.kysely, template.name, template.language);
  // The review webhook can arrive before this answer is stored: a status it set since we asked is newer.
  const reviewed = existing && existing.status !== "PENDING" && existing.updatedAt >= startedAt;
  const record: TemplateRecord = {
    id: existing?.id ?? newId(),
    metaId: answer.id ?? existing?.metaId ?? null,
    name: template.name,
    language: template.language,
    status: reviewed ? existing.status : (answer.status ?? "PENDING"),
    category: answer.category ?? template.category,
    components: template.components,
    rejectedReason: reviewed ? existing.rejectedReason : null,
    updatedAt: now,
  };
  await upsertTemplate(ctx.db.kysely, record);
  return presentTemplate(record);
}

/** Submits every starter template (both languages) the WABA does not have yet. */
export async function submitStarters(
  ctx: AppContext,
  lang: Lang,
): Promise<{ data: TemplateView[]; errors: { name: string; language: string; message: string }[] }> {
  const have = new Set((await listTemplates(ctx.db.kysely)).map((t) => `${t.name}:${t.language}`));
  const errors: { name: string; language: string; message: string }[] = [];
  for (const starter of STARTER_TEMPLATES) {
    for (const language of ["es", "en"] as const) {
      if (have.has(`${starter.name}:${language}`)) continue;
      try {
        await submit(
          ctx,
          {
            name: starter.name,
            language,
            category: "UTILITY",
            components: starterComponents(starter, language),
          },
          lang,
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        errors.push({ name: starter.name, language, message: error.message });
      }
    }
  }
  return { data: await templateViews(ctx), errors };
}

export interface TemplateStatusUpdate {
  metaId: string | null;
  name: string;
  language: string;
  event: string;
  reason: string | null;
  category?: string | null;
}

/** message_template_status_update: APPROVED, REJECTED (with a reason), PAUSED, DISABLED… */
export async function applyTemplateStatus(ctx: AppContext, update: TemplateStatusUpdate): Promise<void> {
  const reason = update.reason && update.reason !== "NONE" ? update.reason : null;
  const changed = await setTemplateStatus(
    ctx.db.kysely,
    { metaId: update.metaId, name: update.name, language: update.language },
    update.event,
    reason,
    ctx.clock.now().toISOString(),
  );
  if (changed === 0) {
    // Created elsewhere (Meta's manager), or the answer to our own create is not stored yet: keep the status;
    // a sync or the create fills in the rest.
    await upsertTemplate(ctx.db.kysely, {
      id: newId(),
      metaId: update.metaId,
      name: update.name,
      language: update.language,
      status: update.event,
      category: update.category ?? "UTILITY",
      components: [],
      rejectedReason: reason,
      updatedAt: ctx.clock.now().toISOString(),
    });
  }
  ctx.events.publish({
    type: "whatsapp.templates",
    audience: "agents",
    data: { name: update.name, language: update.language, status: update.event },
  });
  if (["REJECTED", "PAUSED", "DISABLED"].includes(update.event)) {
    await tryNoticeOwners(ctx, {
      kind: "template",
      name: update.name,
      language: update.language,
      status: update.event,
      reason,
    });
  }
}
