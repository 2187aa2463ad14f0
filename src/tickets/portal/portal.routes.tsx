import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ReactElement } from "react";
import { z } from "zod";
import { findLicenseById } from "../../licenses/licenses.repository.js";
import { listLicensesForCustomer } from "../../licenses/licenses.service.js";
import { AppError } from "../../platform/errors.js";
import type { HttpDeps } from "../../platform/http/route.js";
import { randomToken } from "../../platform/ids.js";
import { policyModel } from "../../web/public/policy-model.js";
import { pageContext, sendHtml } from "../../web/public/public-pages.routes.js";
import { sendAttachment } from "../attachment-download.js";
import { type CheckedFile, checkUploads } from "../attachments.js";
import { openDataRequest } from "../data-request.service.js";
import {
  CUSTOMER_SESSION_DAYS,
  magicLinkUsable,
  type PortalCustomer,
  requestMagicLink,
  resolveCustomerSession,
  signInWithMagicLink,
  signOutCustomer,
} from "../portal-auth.service.js";
import {
  findAttachment,
  findCredentials,
  listAttachments,
  listCustomerTickets,
  listMessages,
} from "../tickets.repository.js";
import { credentialsSchema, replyTextSchema, ticketFieldsSchema } from "../tickets.schema.js";
import { canReopen, customerTicket, openTicket, replyAsCustomer } from "../tickets.service.js";
import { readPortalForm, requireToken, UploadProblem } from "./portal-forms.js";
import { PortalHomePage } from "./portal-home.js";
import { MessagePage, type PortalPage, type SignedIn } from "./portal-shared.js";
import { ConfirmLinkPage, InvalidLinkPage, LinkSentPage, SignInPage } from "./portal-sign-in.js";
import { NewTicketPage, type NewTicketValues, TicketPage } from "./portal-tickets.js";

/** The customer's session cookie: separate from the agents' and sent only to /support. */
export const CUSTOMER_COOKIE = "beedesk_customer";
/** Double-submit token for the forms shown before there is a session (sign-in, link confirmation). */
export const PORTAL_CSRF_COOKIE = "beedesk_portal_csrf";

const MINUTE = 60_000;
/** Magic-link requests: per address and per client address, per quarter hour. */
export const MAGIC_LINK_LIMITS = { perEmail: 3, perIp: 10, windowMs: 15 * MINUTE };
/** New tickets and replies per customer per hour: generous for people, a wall for scripts. */
const WRITE_LIMITS = { tickets: 20, replies: 60, windowMs: 60 * MINUTE };

interface Session {
  customer: PortalCustomer;
  csrfToken: string;
  token: string;
}

/** The customer portal at /support: server-rendered, no script, forms protected by CSRF tokens. */
export async function registerPortalRoutes(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  const { ctx, limiter } = deps;

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 256 * 1024 });
    await scope.register(multipart);

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

    scope.post("/support/sign-in", async (req, reply) => {
      const p = await page(req);
      limiter.hit("portal-magic-link-ip", req.ip, MAGIC_LINK_LIMITS.perIp, MAGIC_LINK_LIMITS.windowMs);
      const { fields } = await readPortalForm(req);
      requireToken(req.cookies[PORTAL_CSRF_COOKIE], fields._csrf);
      const csrf = preSessionToken(req, reply);
      const email = z
        .email()
        .max(254)
        .safeParse((fields.email ?? "").trim().toLowerCase());
      if (!email.success) {
        return html(
          reply,
          <SignInPage page={p} csrf={csrf} error={p.t("portal.signIn.invalidEmail")} />,
          400,
        );
      }
      try {
        // Past the per-address limit the answer stays the same; only the mail is not sent again.
        limiter.hit(
          "portal-magic-link-email",
          email.data,
          MAGIC_LINK_LIMITS.perEmail,
          MAGIC_LINK_LIMITS.windowMs,
        );
        await requestMagicLink(ctx, email.data, p.lang);
      } catch (error) {
        if (!(error instanceof AppError && error.code === "rate_limited")) throw error;
        req.log.warn("magic link not sent: too many requests for one address");
      }
      return html(reply, <LinkSentPage page={p} email={email.data} csrf={csrf} />);
    });

    scope.get("/support/auth", async (req, reply) => {
      const p = await page(req);
      const token = String((req.query as { token?: unknown }).token ?? "");
      const csrf = preSessionToken(req, reply);
      if (!(await magicLinkUsable(ctx, token)))
        return html(reply, <InvalidLinkPage page={p} csrf={csrf} />, 410);
      return html(reply, <ConfirmLinkPage page={p} token={token} csrf={csrf} />);
    });

    scope.post("/support/auth", async (req, reply) => {
      const p = await page(req);
      const { fields } = await readPortalForm(req);
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
        const { fields } = await readPortalForm(req);
        requireToken(s.csrfToken, fields._csrf);
        await signOutCustomer(ctx, s.token);
      }
      reply.clearCookie(CUSTOMER_COOKIE, { path: "/support" });
      return reply.redirect(home(p), 303);
    });

    scope.post("/support/data-request", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return reply.redirect(home(p), 303);
      limiter.hit("portal-new-ticket", s.customer.id, WRITE_LIMITS.tickets, WRITE_LIMITS.windowMs);
      const { fields } = await readPortalForm(req);
      requireToken(s.csrfToken, fields._csrf);
      if (fields.kind !== "export" && fields.kind !== "erase") {
        throw new AppError("validation_failed", "kind must be export or erase");
      }
      const id = await openDataRequest(ctx, s.customer.id, fields.kind);
      return reply.redirect(`/support/tickets/${id}?lang=${p.lang}`, 303);
    });

    scope.get("/support/tickets/new", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return reply.redirect(home(p), 303);
      const preselect = String((req.query as { license?: unknown }).license ?? "");
      const licenses = await listLicensesForCustomer(ctx, s.customer.id);
      return html(
        reply,
        <NewTicketPage
          page={p}
          signedIn={signedIn(s)}
          licenses={licenses}
          values={{ licenseId: preselect }}
        />,
      );
    });

    scope.post("/support/tickets", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return reply.redirect(home(p), 303);
      limiter.hit("portal-new-ticket", s.customer.id, WRITE_LIMITS.tickets, WRITE_LIMITS.windowMs);
      const licenses = () => listLicensesForCustomer(ctx, s.customer.id);
      const again = async (values: NewTicketValues, error: string, status: number) =>
        html(
          reply,
          <NewTicketPage
            page={p}
            signedIn={signedIn(s)}
            licenses={await licenses()}
            values={values}
            error={error}
          />,
          status,
        );
      let form: Awaited<ReturnType<typeof readPortalForm>>;
      try {
        form = await readPortalForm(req);
      } catch (error) {
        if (!(error instanceof UploadProblem)) throw error;
        requireToken(s.csrfToken, error.fields._csrf);
        return again(error.fields, uploadMessage(p, error.reason, error.fileName), 413);
      }
      const { fields } = form;
      requireToken(s.csrfToken, fields._csrf);
      const parsed = ticketFieldsSchema.safeParse(fields);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
        return again(fields, `${p.t("portal.newTicket.missing")} (${detail})`, 400);
      }
      let files: CheckedFile[];
      try {
        files = checkUploads(form.files);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const d = error.details as { reason: "type" | "size" | "count" | "empty"; fileName: string };
        return again(fields, uploadMessage(p, d.reason, d.fileName), error.status);
      }
      try {
        const ticket = await openTicket(
          ctx,
          { type: "customer", customerId: s.customer.id },
          {
            ...parsed.data,
            customerId: s.customer.id,
            language: p.lang,
            credentials: credentialsSchema.parse(fields),
            files,
          },
        );
        return reply.redirect(`/support/tickets/${ticket.id}?lang=${p.lang}&notice=created`, 303);
      } catch (error) {
        // Another customer's license, an unknown one, or one without support: the same answer for all.
        if (error instanceof AppError && (error.code === "conflict" || error.code === "not_found")) {
          return again(fields, p.t("portal.newTicket.licenseNotActive"), 409);
        }
        throw error;
      }
    });

    async function renderTicket(
      reply: FastifyReply,
      p: PortalPage,
      s: Session,
      ticketId: string,
      extra: { notice?: string; error?: string; status?: number } = {},
    ) {
      const ticket = await customerTicket(ctx, s.customer.id, ticketId);
      const db = ctx.db.kysely;
      const [license, messages, attachments, credentials] = await Promise.all([
        findLicenseById(db, ticket.licenseId),
        listMessages(db, ticket.id, { includeInternal: false }),
        listAttachments(db, ticket.id),
        findCredentials(db, ticket.id),
      ]);
      const canReply =
        ticket.status === "open" ||
        ticket.status === "pending_customer" ||
        canReopen(ticket, ctx.clock.now(), p.settings);
      return html(
        reply,
        <TicketPage
          page={p}
          signedIn={signedIn(s)}
          ticket={ticket}
          productName={license?.productName ?? ""}
          messages={messages}
          attachments={attachments}
          credentials={
            credentials ? { present: !!credentials.sealed, erasedAt: credentials.erasedAt } : undefined
          }
          canReply={canReply}
          notice={extra.notice}
          error={extra.error}
        />,
        extra.status ?? 200,
      );
    }

    scope.get("/support/tickets/:id", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return reply.redirect(home(p), 303);
      const { id } = req.params as { id: string };
      const notice = (req.query as { notice?: unknown }).notice;
      const ticket = await customerTicket(ctx, s.customer.id, id);
      const text =
        notice === "created"
          ? p.t("portal.ticket.created", { number: ticket.number })
          : notice === "sent"
            ? p.t("portal.ticket.sent")
            : undefined;
      return renderTicket(reply, p, s, id, { notice: text });
    });

    scope.post("/support/tickets/:id/replies", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return reply.redirect(home(p), 303);
      const { id } = req.params as { id: string };
      await customerTicket(ctx, s.customer.id, id);
      limiter.hit("portal-reply", s.customer.id, WRITE_LIMITS.replies, WRITE_LIMITS.windowMs);
      let form: Awaited<ReturnType<typeof readPortalForm>>;
      try {
        form = await readPortalForm(req);
      } catch (error) {
        if (!(error instanceof UploadProblem)) throw error;
        requireToken(s.csrfToken, error.fields._csrf);
        return renderTicket(reply, p, s, id, {
          error: uploadMessage(p, error.reason, error.fileName),
          status: 413,
        });
      }
      requireToken(s.csrfToken, form.fields._csrf);
      const text = replyTextSchema.safeParse(form.fields.text ?? "");
      if (!text.success)
        return renderTicket(reply, p, s, id, { error: p.t("portal.ticket.replyEmpty"), status: 400 });
      let files: CheckedFile[];
      try {
        files = checkUploads(form.files);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const d = error.details as { reason: "type" | "size" | "count" | "empty"; fileName: string };
        return renderTicket(reply, p, s, id, {
          error: uploadMessage(p, d.reason, d.fileName),
          status: error.status,
        });
      }
      try {
        await replyAsCustomer(ctx, s.customer.id, id, text.data, files);
      } catch (error) {
        if (error instanceof AppError && error.code === "invalid_state")
          return renderTicket(reply, p, s, id, { error: p.t("portal.ticket.closed"), status: 409 });
        throw error;
      }
      return reply.redirect(`/support/tickets/${id}?lang=${p.lang}&notice=sent`, 303);
    });

    scope.get("/support/tickets/:id/attachments/:attachmentId", async (req, reply) => {
      const p = await page(req);
      const s = await session(req);
      if (!s) return reply.redirect(home(p), 303);
      const { id, attachmentId } = req.params as { id: string; attachmentId: string };
      const ticket = await customerTicket(ctx, s.customer.id, id);
      const attachment = await findAttachment(ctx.db.kysely, ticket.id, attachmentId);
      if (!attachment) throw new AppError("not_found", "No such attachment");
      return sendAttachment(reply, ctx.config.dataDir, attachment);
    });
  });
}

function uploadMessage(p: PortalPage, reason: "type" | "size" | "count" | "empty", fileName: string): string {
  const name = fileName || "?";
  switch (reason) {
    case "size":
      return p.t("portal.errors.fileTooLarge", { name });
    case "count":
      return p.t("portal.errors.tooManyFiles");
    case "empty":
      return p.t("portal.errors.fileEmpty", { name });
    default:
      return p.t("portal.errors.fileType", { name });
  }
}
