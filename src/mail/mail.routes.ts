import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { findMail, listMails } from "./mail.repository.js";
import { devMailStatusView, type MailSummaryView, mailListView, mailView } from "./mail.schema.js";
import { devMailViewerEnabled } from "./mail.service.js";

export function registerMailRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  const requireViewer = () => {
    if (!devMailViewerEnabled(ctx.config))
      throw new AppError("not_found", "The development mail viewer is off: SMTP_URL is set");
  };
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/dev-mail/status",
      summary: "Whether mail is kept in the development viewer (no SMTP_URL)",
      tags: ["mail"],
      access: "agent",
      response: devMailStatusView,
      handler: async () => ({ enabled: devMailViewerEnabled(ctx.config) }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/dev-mail",
      summary: "Mail that would have been sent, newest first (development viewer)",
      tags: ["mail"],
      access: "agent",
      query: z.object({
        to: z.string().max(254).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: mailListView,
      handler: async ({ query }) => {
        requireViewer();
        const { items, total } = await listMails(ctx.db.kysely, query);
        return { data: items.map(presentSummary), total };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/dev-mail/:id",
      summary: "One mail with its plain-text and HTML bodies (development viewer)",
      tags: ["mail"],
      access: "agent",
      params: idParams,
      response: mailView,
      handler: async ({ params }) => {
        requireViewer();
        const mail = await findMail(ctx.db.kysely, params.id);
        if (!mail) throw new AppError("not_found", "No such mail");
        return { ...presentSummary(mail), text: mail.text, html: mail.html };
      },
    }),
  ]);
}

function presentSummary(m: MailSummaryView): MailSummaryView {
  return {
    id: m.id,
    kind: m.kind,
    to: m.to,
    language: m.language,
    subject: m.subject,
    status: m.status,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
  };
}
