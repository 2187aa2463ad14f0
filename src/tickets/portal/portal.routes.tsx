import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyInstance } from "fastify";
import { listLicensesForCustomer } from "../../licenses/licenses.service.js";
import { AppError } from "../../platform/errors.js";
import type { HttpDeps } from "../../platform/http/route.js";
import { listCustomerTickets } from "../tickets.repository.js";
import { PortalHomePage } from "./portal-home.js";
import { portalKit } from "./portal-kit.js";
import { MessagePage } from "./portal-shared.js";
import { SignInPage } from "./portal-sign-in.js";
import { registerSignInRoutes } from "./portal-sign-in.routes.js";
import { registerTicketRoutes } from "./portal-ticket.routes.js";

/** The customer portal at /support: server-rendered, no script, forms protected by CSRF tokens. */
export async function registerPortalRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  const kit = portalKit(deps);
  const { ctx, page, session, signedIn, preSessionToken, html } = kit;

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 256 * 1024 });
    await scope.register(multipart);

    scope.setErrorHandler(async (error: FastifyError | AppError, req, reply) => {
      const p = await page(req);
      const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
      if (status >= 500) req.log.error({ err: error }, "portal request failed");
      const path = req.url.split("?")[0] ?? "/support";
      const [title, body] =
        error instanceof AppError && error.code === "csrf_failed"
          ? [p.t("portal.errors.csrfTitle"), p.t("portal.errors.csrfBody")]
          : status === 404
            ? [p.t("portal.errors.notFoundTitle"), p.t("portal.errors.notFoundBody")]
            : status === 429
              ? [p.t("portal.errors.rateLimitedTitle"), p.t("portal.errors.rateLimitedBody")]
              : status >= 500
                ? [p.t("portal.errors.badRequestTitle"), p.t("common.errors.generic")]
                : [p.t("portal.errors.badRequestTitle"), error.message];
      if (status === 429) {
        const retry = (error as AppError).details as { retryAfterSeconds?: number } | undefined;
        if (retry?.retryAfterSeconds) reply.header("retry-after", String(retry.retryAfterSeconds));
      }
      return html(reply, <MessagePage page={p} title={title} body={body} path={path} />, status);
    });

    scope.get("/support", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return html(reply, <SignInPage page={p} csrf={preSessionToken(req, reply)} />);
      const [licenses, tickets] = await Promise.all([
        listLicensesForCustomer(ctx, s.customer.id),
        listCustomerTickets(ctx.db.kysely, s.customer.id),
      ]);
      return html(
        reply,
        <PortalHomePage
          page={p}
          signedIn={signedIn(s)}
          licenses={licenses}
          tickets={tickets}
          now={ctx.clock.now()}
        />,
      );
    });

    registerSignInRoutes(scope, kit);
    registerTicketRoutes(scope, kit);
  });
}
