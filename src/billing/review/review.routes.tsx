import formbody from "@fastify/formbody";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.js";
import type { HttpDeps } from "../../platform/http/route.js";
import { negotiateLanguage, translator } from "../../platform/i18n/i18n.js";
import { Layout } from "../../web/public/Layout.js";
import { sendHtml } from "../../web/public/public-pages.routes.js";
import { ReviewPage } from "./ReviewPage.js";
import { loadReviewPage, REVIEW_TOKEN } from "./review-page.service.js";
import { decideByCustomer } from "./reviews.service.js";

const MINUTE = 60_000;
/** Page views and answers per client address: generous for a person, a wall for guessing tokens. */
const REVIEW_LIMIT = { bucket: "billing-review-ip", max: 60, windowMs: 15 * MINUTE };

/** The customer's review of closed work at /billing/review/{token}: public, unguessable, no script. */
export async function registerReviewRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  const { ctx, limiter } = deps;
  const limited = { onRequest: async (req: FastifyRequest) => limiter.hit(REVIEW_LIMIT, req.ip) };

  function languageOf(req: FastifyRequest, fallback: "es" | "en") {
    const lang = negotiateLanguage(
      (req.query as { lang?: unknown }).lang,
      req.headers["accept-language"],
      fallback,
    );
    return { lang, t: translator(lang) };
  }

  function message(req: FastifyRequest, reply: FastifyReply, kind: "notFound" | "expired", status: number) {
    const { lang, t } = languageOf(req, "en");
    const title = t(kind === "notFound" ? "billing.review.notFoundTitle" : "billing.review.expiredTitle");
    const body = t(kind === "notFound" ? "billing.review.notFoundBody" : "billing.review.expiredBody");
    return sendHtml(
      reply,
      <Layout lang={lang} t={t} title={title} vendor="" current="none" path={req.url.split("?")[0] ?? "/"}>
        <h1>{title}</h1>
        <p className="lead">{body}</p>
      </Layout>,
      status,
    );
  }

  async function show(req: FastifyRequest, reply: FastifyReply, token: string, error?: string) {
    const m = await loadReviewPage(ctx, token);
    if (!m) return message(req, reply, "notFound", 404);
    const { lang, t } = languageOf(req, m.language);
    const path = `/billing/review/${token}`;
    const status = m.review.status === "superseded" ? 410 : error ? 400 : 200;
    return sendHtml(reply, <ReviewPage lang={lang} t={t} m={m} path={path} error={error} />, status);
  }

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    scope.setErrorHandler(async (error: FastifyError | AppError, req, reply) => {
      const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
      if (status >= 500) req.log.error({ err: error }, "review page failed");
      if (status === 429) {
        const retry = (error as AppError).details as { retryAfterSeconds?: number } | undefined;
        if (retry?.retryAfterSeconds) reply.header("retry-after", String(retry.retryAfterSeconds));
      }
      return message(req, reply, status === 404 ? "notFound" : "expired", Math.min(status, 500));
    });

    scope.get("/billing/review/:token", limited, async (req, reply) =>
      show(req, reply, (req.params as { token: string }).token),
    );

    scope.post("/billing/review/:token/approve", limited, async (req, reply) => {
      const token = (req.params as { token: string }).token;
      if (!REVIEW_TOKEN.test(token)) return message(req, reply, "notFound", 404);
      await decideByCustomer(ctx, token, { decision: "approve" });
      return reply.redirect(`/billing/review/${token}?lang=${languageOf(req, "en").lang}`, 303);
    });

    scope.post("/billing/review/:token/dispute", limited, async (req, reply) => {
      const token = (req.params as { token: string }).token;
      if (!REVIEW_TOKEN.test(token)) return message(req, reply, "notFound", 404);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const reason = typeof body.reason === "string" ? body.reason.trim() : "";
      if (!reason) {
        const m = await loadReviewPage(ctx, token);
        const { t } = languageOf(req, m?.language ?? "en");
        return show(req, reply, token, t("billing.review.reasonRequired"));
      }
      await decideByCustomer(ctx, token, { decision: "dispute", reason });
      return reply.redirect(`/billing/review/${token}?lang=${languageOf(req, "en").lang}`, 303);
    });
  });
}
