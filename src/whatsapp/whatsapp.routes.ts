import type { FastifyInstance } from "fastify";
import { recordAudit } from "../platform/audit/audit.service.js";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { getSettings, updateSettings } from "../settings/settings.service.js";
import type { User } from "../users/users.service.js";
import { type CredentialField, saveConnection, whatsappConnection } from "./connection.service.js";
import { subscribeWebhooks, testConnection, whatsappStatus } from "./health.service.js";
import { pushProfiles } from "./profile.service.js";
import { createTemplate, submitStarters, syncTemplates, templateViews } from "./templates.service.js";
import {
  connectionBody,
  connectionView,
  createTemplateBody,
  starterSubmitView,
  subscribeView,
  templateListView,
  templateView,
  whatsappStatusView,
} from "./whatsapp.schema.js";

// Settings → WhatsApp: the connection (owner), its health (everyone signed in), and the WABA's templates.

const lang = (user: User): "es" | "en" => (user.language === "es" ? "es" : "en");
const TEST_LIMIT = { bucket: "whatsapp-test", max: 20, windowMs: 60_000 };

export function registerWhatsAppRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const audit = (user: User, action: string, details: Record<string, unknown> = {}) =>
    recordAudit(ctx.db.kysely, {
      actorType: "user",
      actorId: user.id,
      action,
      subjectType: "whatsapp",
      subjectId: "connection",
      details,
      at: ctx.clock.now().toISOString(),
    });
  const connection = async () => {
    const [c, settings] = await Promise.all([whatsappConnection(ctx), getSettings(ctx)]);
    const state = (field: CredentialField) => ({ source: c.source[field], set: c[field] !== "" });
    return {
      accessToken: state("accessToken"),
      appSecret: state("appSecret"),
      verifyToken: { ...state("verifyToken"), value: c.verifyToken },
      businessAccountId: { ...state("businessAccountId"), value: c.businessAccountId },
      presalesPhoneNumberId: settings.channels.presales.phoneNumberId,
      premiumPhoneNumberId: settings.channels.premium.phoneNumberId,
      callbackUrl: `${ctx.config.publicUrl}/webhooks/whatsapp`,
      webhookSubscribedAt: c.webhookSubscribedAt,
      lastWebhookAt: c.lastWebhookAt,
      simulator: ctx.config.simulator,
    };
  };

  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/whatsapp/status",
      summary: "Each number as WhatsApp last described it, the webhook subscription and the last webhook",
      tags: ["whatsapp"],
      access: "agent",
      response: whatsappStatusView,
      handler: async ({ user }) => whatsappStatus(ctx, lang(user)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/whatsapp/connection",
      summary: "The credentials in use (secrets never shown), the callback URL and verify token for Meta",
      tags: ["whatsapp"],
      access: "owner",
      response: connectionView,
      handler: connection,
    }),
    defineRoute({
      method: "PUT",
      url: "/api/v1/whatsapp/connection",
      summary: "Save credentials entered in the app (stored encrypted; environment variables win)",
      tags: ["whatsapp"],
      access: "owner",
      body: connectionBody,
      response: connectionView,
      handler: async ({ body, user }) => {
        const { presalesPhoneNumberId, premiumPhoneNumberId, ...credentials } = body;
        if (presalesPhoneNumberId !== undefined || premiumPhoneNumberId !== undefined) {
          const { channels } = await getSettings(ctx);
          for (const id of [presalesPhoneNumberId, premiumPhoneNumberId]) {
            if (id !== undefined && !/^\d{5,30}$/.test(id.trim()))
              throw new AppError(
                "validation_failed",
                "A phone number id is a number (Meta → WhatsApp → API setup)",
              );
          }
          await updateSettings(
            ctx,
            "channels",
            {
              ...channels,
              presales: {
                ...channels.presales,
                phoneNumberId: presalesPhoneNumberId?.trim() || channels.presales.phoneNumberId,
              },
              premium: {
                ...channels.premium,
                phoneNumberId: premiumPhoneNumberId?.trim() || channels.premium.phoneNumberId,
              },
            },
            user.id,
          );
        }
        await saveConnection(ctx, credentials, user.id);
        await audit(user, "whatsapp.connection.save", { fields: Object.keys(body) });
        return connection();
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/test",
      summary:
        "Test connection: read each number from the Graph API; what is wrong, in words with Meta's code",
      tags: ["whatsapp"],
      access: "owner",
      response: whatsappStatusView,
      rateLimit: TEST_LIMIT,
      handler: async ({ user }) => testConnection(ctx, lang(user)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/subscribe",
      summary: "Subscribe this app to the WABA's webhooks (POST /{waba-id}/subscribed_apps)",
      tags: ["whatsapp"],
      access: "owner",
      response: subscribeView,
      rateLimit: TEST_LIMIT,
      handler: async ({ user }) => {
        const result = await subscribeWebhooks(ctx, lang(user));
        if (result.problem) {
          throw new AppError("whatsapp_rejected", result.problem.message, { metaCode: result.problem.code });
        }
        await audit(user, "whatsapp.subscribe", { businessAccountId: result.businessAccountId });
        return { subscribed: result.subscribed, businessAccountId: result.businessAccountId };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/about/sync",
      summary:
        "Push the business profile (the presales 'about' naming the premium number, description, address, email, websites, vertical) to both numbers and read it back",
      tags: ["whatsapp"],
      access: "owner",
      response: whatsappStatusView,
      rateLimit: TEST_LIMIT,
      handler: async ({ user }) => {
        await pushProfiles(ctx);
        await audit(user, "whatsapp.profile.sync", { profile: "both numbers" });
        return whatsappStatus(ctx, lang(user));
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/whatsapp/templates",
      summary: "The WABA's message templates as last synced, with their review status",
      tags: ["whatsapp"],
      access: "agent",
      response: templateListView,
      handler: async () => ({ data: await templateViews(ctx) }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/templates/sync",
      summary: "Read the templates from the WABA (GET /{waba-id}/message_templates)",
      tags: ["whatsapp"],
      access: "owner",
      response: templateListView,
      rateLimit: TEST_LIMIT,
      handler: async ({ user }) => ({ data: await syncTemplates(ctx, lang(user)) }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/templates",
      summary: "Create a template and submit it for Meta's review",
      tags: ["whatsapp"],
      access: "owner",
      body: createTemplateBody,
      response: templateView,
      status: 201,
      rateLimit: TEST_LIMIT,
      handler: async ({ body, user }) => {
        const created = await createTemplate(ctx, body, lang(user));
        await audit(user, "whatsapp.template.create", { name: body.name, language: body.language });
        return created;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/whatsapp/templates/starters",
      summary: "Submit beedesk's starter templates (es and en) that the WABA does not have yet",
      tags: ["whatsapp"],
      access: "owner",
      response: starterSubmitView,
      rateLimit: TEST_LIMIT,
      handler: async ({ user }) => {
        const result = await submitStarters(ctx, lang(user));
        await audit(user, "whatsapp.template.starters", { errors: result.errors.length });
        return result;
      },
    }),
  ]);
}
