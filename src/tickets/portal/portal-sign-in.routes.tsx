import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../platform/errors.js";
import type { RateLimit } from "../../platform/http/rate-limit.js";
import {
  CUSTOMER_SESSION_DAYS,
  magicLinkUsable,
  requestMagicLink,
  requestMagicLinkByKey,
  signInWithMagicLink,
  signOutCustomer,
} from "../portal-auth.service.js";
import { readPortalFields, requireToken } from "./portal-forms.js";
import {
  CONFIRM_LIMIT,
  CUSTOMER_COOKIE,
  MAGIC_LINK_LIMITS,
  PORTAL_CSRF_COOKIE,
  type PortalKit,
} from "./portal-kit.js";
import {
  ConfirmLinkPage,
  InvalidLinkPage,
  KeyLinkSentPage,
  LinkSentPage,
  SignInPage,
} from "./portal-sign-in.js";

/** Sign-in by magic link (request, confirm) and sign-out. */
export function registerSignInRoutes(scope: FastifyInstance, kit: PortalKit): void {
  const { ctx, limiter, cookieOptions, page, session, preSessionToken, home, html } = kit;

  // Limits run on request, before Fastify reads the body.
  const perClient = (limit: RateLimit) => async (req: FastifyRequest) => limiter.hit(limit, req.ip);
  const magicLinkPerClient = perClient({
    bucket: "portal-magic-link-ip",
    max: MAGIC_LINK_LIMITS.perIp,
    windowMs: MAGIC_LINK_LIMITS.windowMs,
  });

  scope.post("/support/sign-in", { onRequest: magicLinkPerClient }, async (req, reply) => {
    const p = await page(req);
    const fields = readPortalFields(req);
    requireToken(req.cookies[PORTAL_CSRF_COOKIE], fields._csrf);
    const csrf = preSessionToken(req, reply);
    const email = z
      .email()
      .max(254)
      .safeParse((fields.email ?? "").trim().toLowerCase());
    if (!email.success) {
      return html(reply, <SignInPage page={p} csrf={csrf} error={p.t("portal.signIn.invalidEmail")} />, 400);
    }
    try {
      // Past the per-address limit the answer stays the same; only the mail is not sent again.
      await limiter.hit(
        {
          bucket: "portal-magic-link-email",
          max: MAGIC_LINK_LIMITS.perEmail,
          windowMs: MAGIC_LINK_LIMITS.windowMs,
        },
        email.data,
      );
      await requestMagicLink(ctx, email.data, p.lang);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "rate_limited")) throw error;
      req.log.warn("magic link not sent: too many requests for one address");
    }
    return html(reply, <LinkSentPage page={p} email={email.data} csrf={csrf} />);
  });

  // The way forward for a customer whose address we do not know: the license key finds the address on record.
  scope.post("/support/sign-in-key", { onRequest: magicLinkPerClient }, async (req, reply) => {
    const p = await page(req);
    const fields = readPortalFields(req);
    requireToken(req.cookies[PORTAL_CSRF_COOKIE], fields._csrf);
    const csrf = preSessionToken(req, reply);
    const key = (fields.key ?? "").slice(0, 100);
    await limiter.hit(
      {
        bucket: "portal-magic-link-key",
        max: MAGIC_LINK_LIMITS.perEmail,
        windowMs: MAGIC_LINK_LIMITS.windowMs,
      },
      key.replace(/[^0-9a-z]/gi, "").toUpperCase(),
    );
    const sent = await requestMagicLinkByKey(ctx, key, p.lang);
    if (!sent) {
      return html(reply, <SignInPage page={p} csrf={csrf} keyError={p.t("portal.signIn.keyUnknown")} />, 404);
    }
    return html(reply, <KeyLinkSentPage page={p} maskedEmail={sent.maskedEmail} csrf={csrf} />);
  });

  scope.get("/support/auth", async (req, reply) => {
    const p = await page(req);
    const token = String((req.query as { token?: unknown }).token ?? "");
    const csrf = preSessionToken(req, reply);
    if (!(await magicLinkUsable(ctx, token)))
      return html(reply, <InvalidLinkPage page={p} csrf={csrf} />, 410);
    return html(reply, <ConfirmLinkPage page={p} token={token} csrf={csrf} />);
  });

  scope.post("/support/auth", { onRequest: perClient(CONFIRM_LIMIT) }, async (req, reply) => {
    const p = await page(req);
    const fields = readPortalFields(req);
    requireToken(req.cookies[PORTAL_CSRF_COOKIE], fields._csrf);
    const result = await signInWithMagicLink(ctx, fields.token ?? "");
    if (!result) return html(reply, <InvalidLinkPage page={p} csrf={preSessionToken(req, reply)} />, 410);
    reply.setCookie(CUSTOMER_COOKIE, result.sessionToken, cookieOptions(CUSTOMER_SESSION_DAYS * 86_400));
    return reply.redirect(home(p), 303);
  });

  scope.post("/support/sign-out", async (req, reply) => {
    const p = await page(req);
    const s = await session(req);
    if (s) {
      const fields = readPortalFields(req);
      requireToken(s.csrfToken, fields._csrf);
      await signOutCustomer(ctx, s.token);
    }
    reply.clearCookie(CUSTOMER_COOKIE, { path: "/support" });
    return reply.redirect(home(p), 303);
  });
}
