import type { FastifyInstance, FastifyReply } from "fastify";
import { findLicenseById, listLicensesForCustomer } from "../../licenses/licenses.service.js";
import { AppError } from "../../platform/errors.js";
import { attachmentBody } from "../attachment-download.js";
import { type CheckedFile, checkUploads } from "../attachments.js";
import { openDataRequest } from "../data-request.service.js";
import { customerTicket, replyAsCustomer } from "../ticket-replies.service.js";
import { findAttachment, listAttachments, listMessages } from "../ticket-thread.repository.js";
import { findCredentials } from "../tickets.repository.js";
import { credentialsSchema, replyTextSchema, ticketFieldsSchema } from "../tickets.schema.js";
import { canReopen, openTicket } from "../tickets.service.js";
import {
  discardUploads,
  type PortalForm,
  readPortalFields,
  readPortalUpload,
  requireToken,
  UploadProblem,
} from "./portal-forms.js";
import { type PortalKit, type Session, WRITE_LIMITS } from "./portal-kit.js";
import type { PortalPage } from "./portal-shared.js";
import { NewTicketPage, type NewTicketValues, TicketPage } from "./portal-tickets.js";

/** The customer's tickets: open one, read one, reply, download an attachment. */
export function registerTicketRoutes(scope: FastifyInstance, kit: PortalKit): void {
  const { ctx, limiter, page, session, signedIn, home, html } = kit;

  scope.post("/support/data-request", async (req, reply) => {
    const p = await page(req);
    const s = await session(req);
    if (!s) return reply.redirect(home(p), 303);
    await limiter.hit(
      { bucket: "portal-new-ticket", max: WRITE_LIMITS.tickets, windowMs: WRITE_LIMITS.windowMs },
      s.customer.id,
    );
    const fields = readPortalFields(req);
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
      <NewTicketPage page={p} signedIn={signedIn(s)} licenses={licenses} values={{ licenseId: preselect }} />,
    );
  });

  scope.post("/support/tickets", async (req, reply) => {
    const p = await page(req);
    const s = await session(req);
    if (!s) return reply.redirect(home(p), 303);
    await limiter.hit(
      { bucket: "portal-new-ticket", max: WRITE_LIMITS.tickets, windowMs: WRITE_LIMITS.windowMs },
      s.customer.id,
    );
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
    let form: PortalForm;
    try {
      form = await readPortalUpload(req, { csrf: s.csrfToken, dataDir: ctx.config.dataDir });
    } catch (error) {
      if (!(error instanceof UploadProblem)) throw error;
      requireToken(s.csrfToken, error.fields._csrf);
      return again(error.fields, uploadMessage(p, error.reason, error.fileName), uploadStatus(error));
    }
    try {
      return await newTicket(form, s);
    } finally {
      discardUploads(form.files);
    }

    async function newTicket(form: PortalForm, s: Session) {
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
    await limiter.hit(
      { bucket: "portal-reply", max: WRITE_LIMITS.replies, windowMs: WRITE_LIMITS.windowMs },
      s.customer.id,
    );
    let form: PortalForm;
    try {
      form = await readPortalUpload(req, { csrf: s.csrfToken, dataDir: ctx.config.dataDir });
    } catch (error) {
      if (!(error instanceof UploadProblem)) throw error;
      requireToken(s.csrfToken, error.fields._csrf);
      return renderTicket(reply, p, s, id, {
        error: uploadMessage(p, error.reason, error.fileName),
        status: uploadStatus(error),
      });
    }
    try {
      return await sendReply(form, s);
    } finally {
      discardUploads(form.files);
    }

    async function sendReply(form: PortalForm, s: Session) {
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
    }
  });

  scope.get("/support/tickets/:id/attachments/:attachmentId", async (req, reply) => {
    const p = await page(req);
    const s = await session(req);
    if (!s) return reply.redirect(home(p), 303);
    const { id, attachmentId } = req.params as { id: string; attachmentId: string };
    const ticket = await customerTicket(ctx, s.customer.id, id);
    const attachment = await findAttachment(ctx.db.kysely, ticket.id, attachmentId);
    if (!attachment) throw new AppError("not_found", "No such attachment");
    return attachmentBody(reply, ctx.config.dataDir, attachment);
  });
}

/** Too large: 413; too many files: 400. */
function uploadStatus(problem: UploadProblem): number {
  return problem.reason === "size" ? 413 : 400;
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
