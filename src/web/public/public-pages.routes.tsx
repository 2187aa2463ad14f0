import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { AppContext } from "../../platform/context.js";
import { negotiateLanguage, translator } from "../../platform/i18n/i18n.js";
import { getSettings } from "../../settings/settings.service.js";
import { ContactPage } from "./ContactPage.js";
import { FAVICON_SVG } from "./favicon.js";
import { PolicyPage } from "./PolicyPage.js";
import { policyModel } from "./policy-model.js";
import { PUBLIC_CSS } from "./public-styles.js";

/** Strict CSP for server-rendered pages: no script at all. */
const PUBLIC_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendHtml(reply: FastifyReply, element: ReactElement, status = 200) {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("content-security-policy", PUBLIC_CSP)
    .header("vary", "Accept-Language")
    .send(`<!doctype html>${renderToStaticMarkup(element)}`);
}

export async function pageContext(ctx: AppContext, req: FastifyRequest) {
  const settings = await getSettings(ctx);
  const lang = negotiateLanguage(
    (req.query as { lang?: unknown }).lang,
    req.headers["accept-language"],
    settings.vendor.defaultLanguage,
  );
  return { settings, lang, t: translator(lang) };
}

export function registerPublicPageRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/assets/public.css", async (_req, reply) =>
    reply
      .header("content-type", "text/css; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(PUBLIC_CSS),
  );

  for (const path of ["/favicon.svg", "/favicon.ico"]) {
    app.get(path, async (_req, reply) =>
      reply
        .header("content-type", "image/svg+xml")
        .header("cache-control", "public, max-age=86400")
        .send(FAVICON_SVG),
    );
  }

  app.get("/policy", async (req, reply) => {
    const { settings, lang, t } = await pageContext(ctx, req);
    return sendHtml(
      reply,
      <PolicyPage lang={lang} t={t} m={policyModel(settings, lang, ctx.config.publicUrl)} />,
    );
  });

  app.get("/contact", async (req, reply) => {
    const { settings, lang, t } = await pageContext(ctx, req);
    return sendHtml(
      reply,
      <ContactPage lang={lang} t={t} m={policyModel(settings, lang, ctx.config.publicUrl)} />,
    );
  });

  app.get("/", async (_req, reply) => reply.redirect("/policy"));
}
