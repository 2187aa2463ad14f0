import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { getSettings } from "../settings/settings.service.js";
import { mailInSetup, saveMailInSetup, testMailInConnection } from "./mail-in.config.js";
import { presentMailIn, presentSetup } from "./mail-in.present.js";
import { deleteFailedMailIn, findMailIn, listMailIn, listMailInForTicket } from "./mail-in.repository.js";
import {
  mailInDetailView,
  mailInListQuery,
  mailInSetupBody,
  mailInSetupView,
  mailInTestBody,
  mailInTestView,
  mailInView,
} from "./mail-in.schema.js";

export function registerMailInRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const setupView = async () => presentSetup(await mailInSetup(ctx), await getSettings(ctx));
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/mail-in/settings",
      summary: "The support mailbox email-in reads (password hidden)",
      tags: ["mail-in"],
      access: "owner",
      response: mailInSetupView,
      handler: setupView,
    }),
    defineRoute({
      method: "PUT",
      url: "/api/v1/mail-in/settings",
      summary: "Set the support mailbox URL (stored encrypted) and the folder handled mail goes to",
      tags: ["mail-in"],
      access: "owner",
      body: mailInSetupBody,
      response: mailInSetupView,
      handler: async ({ body, user }) => {
        await saveMailInSetup(ctx, body, user.id);
        return setupView();
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/mail-in/test",
      summary: "Log in to the mailbox (the given URL, or the one in use) without touching a mail",
      tags: ["mail-in"],
      access: "owner",
      body: mailInTestBody,
      response: mailInTestView,
      rateLimit: { bucket: "mail-in-test", max: 10, windowMs: 60_000 },
      handler: async ({ body }) => testMailInConnection(ctx, body.url),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/mail-in/messages",
      summary: "Mail read from the support mailbox, newest first (state=failed: what could not be handled)",
      tags: ["mail-in"],
      access: "agent",
      query: mailInListQuery,
      response: z.object({ data: z.array(mailInView), total: z.number() }),
      handler: async ({ query }) => {
        const { items, total } = await listMailIn(ctx.db.kysely, query);
        return { data: items.map(presentMailIn), total };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/mail-in/messages/:id",
      summary: "One mail as it was received, quoted history and signature included",
      tags: ["mail-in"],
      access: "agent",
      params: idParams,
      response: mailInDetailView,
      handler: async ({ params }) => {
        const mail = await findMailIn(ctx.db.kysely, params.id);
        if (!mail) throw new AppError("not_found", "No such mail");
        return { ...presentMailIn(mail), text: mail.text };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/mail-in/messages/:id/retry",
      summary: "Handle a failed mail again on the next read (it is still in the mailbox)",
      tags: ["mail-in"],
      access: "owner",
      params: idParams,
      response: z.object({ retried: z.literal(true) }),
      handler: async ({ params }) => {
        if (!(await deleteFailedMailIn(ctx.db.kysely, params.id)))
          throw new AppError("not_found", "No failed mail with that id");
        return { retried: true as const };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/tickets/:id/mail",
      summary: "The mails a ticket was opened or answered with, for the mail icon and the original",
      tags: ["mail-in"],
      access: "agent",
      params: idParams,
      response: z.object({ data: z.array(mailInView) }),
      handler: async ({ params }) => ({
        data: (await listMailInForTicket(ctx.db.kysely, params.id)).map(presentMailIn),
      }),
    }),
  ]);
}
