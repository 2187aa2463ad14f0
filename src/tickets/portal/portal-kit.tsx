import type { FastifyReply, FastifyRequest } from "fastify";
import type { ReactElement } from "react";
import type { HttpDeps } from "../../platform/http/route.js";
import { randomToken } from "../../platform/ids.js";
import { policyModel } from "../../web/public/policy-model.js";
import { pageContext, sendHtml } from "../../web/public/public-pages.routes.js";
import { type PortalCustomer, resolveCustomerSession } from "../portal-auth.service.js";
import type { PortalPage, SignedIn } from "./portal-shared.js";

/** The customer's session cookie: separate from the agents' and sent only to /support. */
export const CUSTOMER_COOKIE = "beedesk_customer";
/** Double-submit token for the forms shown before there is a session (sign-in, link confirmation). */
export const PORTAL_CSRF_COOKIE = "beedesk_portal_csrf";

const MINUTE = 60_000;
/** Magic-link requests: per address and per client address, per quarter hour. */
export const MAGIC_LINK_LIMITS = { perEmail: 3, perIp: 10, windowMs: 15 * MINUTE };
/** Sign-in link confirmations per client address per quarter hour. */
export const CONFIRM_LIMIT = { bucket: "portal-confirm-ip", max: 30, windowMs: 15 * MINUTE };
/** New tickets and replies per customer per hour: generous for people, a wall for scripts. */
export const WRITE_LIMITS = { tickets: 20, replies: 60, windowMs: 60 * MINUTE };

export interface Session {
  customer: PortalCustomer;
  csrfToken: string;
  token: string;
}

/** What every portal route group shares: the page context, the customer's session, cookies and HTML. */
export interface PortalKit {
  ctx: HttpDeps["ctx"];
  limiter: HttpDeps["limiter"];
  cookieOptions: (maxAgeSeconds: number) => {
    path: string;
    httpOnly: boolean;
    sameSite: "lax";
    secure: boolean;
    maxAge: number;
  };
  page: (req: FastifyRequest) => Promise<PortalPage>;
  session: (req: FastifyRequest) => Promise<Session | undefined>;
  signedIn: (s: Session) => SignedIn;
  preSessionToken: (req: FastifyRequest, reply: FastifyReply) => string;
  home: (p: PortalPage) => string;
  html: (reply: FastifyReply, element: ReactElement, status?: number) => FastifyReply;
}

export function portalKit(deps: HttpDeps): PortalKit {
  const { ctx, limiter } = deps;

  const cookieOptions = (maxAgeSeconds: number) => ({
    path: "/support",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: ctx.config.secureCookies,
    maxAge: maxAgeSeconds,
  });

  async function page(req: FastifyRequest): Promise<PortalPage> {
    const { settings, lang, t } = await pageContext(ctx, req);
    return { settings, lang, t, m: policyModel(settings, lang, ctx.config.publicUrl) };
  }

  async function session(req: FastifyRequest): Promise<Session | undefined> {
    const token = req.cookies[CUSTOMER_COOKIE];
    if (!token) return undefined;
    const found = await resolveCustomerSession(ctx, token);
    return found ? { ...found, token } : undefined;
  }

  const signedIn = (s: Session): SignedIn => ({ email: s.customer.email, csrf: s.csrfToken });

  /** The pre-session form token, set as a cookie the first time a form needs it. */
  function preSessionToken(req: FastifyRequest, reply: FastifyReply): string {
    const existing = req.cookies[PORTAL_CSRF_COOKIE];
    if (existing && /^[0-9a-z]{32}$/.test(existing)) return existing;
    const token = randomToken(32);
    reply.setCookie(PORTAL_CSRF_COOKIE, token, cookieOptions(86_400));
    return token;
  }

  const home = (p: PortalPage) => `/support?lang=${p.lang}`;
  const html = (reply: FastifyReply, element: ReactElement, status = 200) =>
    sendHtml(reply.header("cache-control", "no-store"), element, status);

  return { ctx, limiter, cookieOptions, page, session, signedIn, preSessionToken, home, html };
}
